package org.fedsynth.fl.server;

import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.RoundContext;

/**
 * The single check of a client update before any strategy sees it, in both transports (the
 * {@link RoundIntake} of a round applies it): the current round, the global model's tensor names
 * and shapes, finite values, the discriminator present exactly when discriminators are averaged,
 * and finite losses. Strategies may assume what it checks.
 */
public final class UpdateValidator {

    private UpdateValidator() {}

    /**
     * Checks an update against the global model: same tensor names and shapes, finite values, the
     * current round. Returns a description of the problem, or {@code null} when it is valid.
     */
    public static String problem(ClientUpdate u, RoundContext ctx) {
        if (u.round() != ctx.round()) {
            return "client " + u.clientId() + ": update is for round " + u.round() + ", current round is " + ctx.round();
        }
        String bad = ctx.globalGenerator().layoutMismatch(u.generator());
        if (bad != null) {
            return "client " + u.clientId() + ": generator does not match the global model: " + bad;
        }
        String nonFinite = u.generator().firstNonFinite();
        if (nonFinite != null) {
            return "client " + u.clientId() + ": generator tensor " + nonFinite + " has NaN or infinite values";
        }
        if ((ctx.globalDiscriminator() == null) != (u.discriminator() == null)) {
            return "client " + u.clientId() + ": discriminator "
                    + (u.discriminator() == null ? "missing while discriminators are averaged" : "sent but not expected");
        }
        if (u.discriminator() != null) {
            bad = ctx.globalDiscriminator().layoutMismatch(u.discriminator());
            if (bad != null) {
                return "client " + u.clientId() + ": discriminator does not match the global model: " + bad;
            }
            nonFinite = u.discriminator().firstNonFinite();
            if (nonFinite != null) {
                return "client " + u.clientId() + ": discriminator tensor " + nonFinite + " has NaN or infinite values";
            }
        }
        double[] losses = {u.stats().lossGMean(), u.stats().lossGLast(), u.stats().lossDMean(), u.stats().lossDLast()};
        for (double l : losses) {
            if (!Double.isFinite(l)) {
                return "client " + u.clientId() + ": reported a non-finite loss";
            }
        }
        return null;
    }

}
