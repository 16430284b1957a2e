package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.Tensor;

/**
 * Norm clipping with "weak differential privacy" (Sun et al. 2019, "Can you really backdoor
 * federated learning?"), a defense wrapper applicable to any strategy, used as a baseline in Jin and
 * Li (Medical Image Analysis 2023).
 *
 * <p>Rule, per round:
 * <ol>
 *   <li>for each client, its update delta {@code G_k - G_global} (all generator tensors, BatchNorm
 *       running statistics included) is scaled by {@code min(1, clipBound / ||delta||)}, so its L2
 *       norm is at most {@code clipBound}; the discriminator delta, when the updates carry one, is
 *       clipped to the same bound against {@code RoundContext.globalDiscriminator()} separately;
 *   <li>the inner strategy aggregates the clipped updates (it receives the context unchanged, so
 *       its state passes through it);
 *   <li>independent Gaussian noise {@code N(0, sigma^2)} is added to every coordinate of the
 *       aggregated networks, except tensors whose name contains {@code running} or
 *       {@code num_batches} (BatchNorm statistics, which must stay valid, for example variances
 *       positive). The noise is drawn from a generator seeded by {@code RoundContext.seed()}.
 * </ol>
 * A {@code clipBound} of {@code +Infinity} disables clipping (noise only). Decisions are the inner
 * strategy's, with the clipping noted in front of each reason.
 */
public final class NormClipping implements AggregationStrategy {

    /** Mixed into the round seed so the noise stream differs from other users of the seed. */
    private static final long NOISE_SALT = 0x9E3779B97F4A7C15L;

    private final AggregationStrategy inner;
    private final double clipBound;
    private final double sigma;

    /**
     * @param inner the strategy that aggregates the clipped updates
     * @param clipBound the L2 bound on each client's delta, {@code > 0} ({@code +Infinity}: no clipping)
     * @param sigma the standard deviation of the noise added to the aggregate, {@code >= 0}
     */
    public NormClipping(AggregationStrategy inner, double clipBound, double sigma) {
        if (inner == null) {
            throw new IllegalArgumentException("norm clipping needs an inner strategy");
        }
        if (!(clipBound > 0)) {
            throw new IllegalArgumentException("strategy.clip_bound must be > 0, found " + clipBound);
        }
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("strategy.noise_sigma must be finite and >= 0, found " + sigma);
        }
        this.inner = inner;
        this.clipBound = clipBound;
        this.sigma = sigma;
    }

    /** The wrapped strategy. */
    public AggregationStrategy inner() {
        return inner;
    }

    /** The L2 bound on each delta. */
    public double clipBound() {
        return clipBound;
    }

    /** The noise standard deviation. */
    public double sigma() {
        return sigma;
    }

    @Override
    public String refuseAttackers(int attackers, int n) {
        return inner.refuseAttackers(attackers, n);
    }

    @Override
    public Double announcedClipBound() {
        return Double.isFinite(clipBound) ? clipBound : null;
    }

    @Override
    public String name() {
        return inner.name() + "+clip";
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        ModelWeights globalG = context.globalGenerator();
        if (globalG == null) {
            throw new IllegalArgumentException("norm clipping needs RoundContext.globalGenerator()");
        }
        ModelWeights globalD = context.globalDiscriminator();
        if (ds != null && globalD == null) {
            throw new IllegalArgumentException(
                    "norm clipping: updates carry discriminators but RoundContext.globalDiscriminator() is null");
        }
        int n = updates.size();
        List<ClientUpdate> clipped = new ArrayList<>(n);
        String[] notes = new String[n];
        for (int k = 0; k < n; k++) {
            ClientUpdate u = updates.get(k);
            double gNorm = Norms.l2Distance(u.generator(), globalG);
            double gFactor = Norms.clipFactor(gNorm, clipBound);
            ModelWeights g = Norms.scaleDelta(globalG, u.generator(), gFactor);
            ModelWeights d = u.discriminator();
            String dNote = "";
            if (d != null) {
                double dNorm = Norms.l2Distance(d, globalD);
                double dFactor = Norms.clipFactor(dNorm, clipBound);
                d = Norms.scaleDelta(globalD, d, dFactor);
                dNote = String.format(Locale.ROOT, ", D delta %.4g%s", dNorm, dFactor < 1 ? " clipped" : "");
            }
            notes[k] = String.format(Locale.ROOT, "clip: G delta %.4g%s%s; ", gNorm,
                    gFactor < 1 ? String.format(Locale.ROOT, " clipped to %.4g", clipBound) : " kept", dNote);
            clipped.add(new ClientUpdate(u.clientId(), u.round(), g, d, u.samples(), u.stats()));
        }
        AggregationResult r = inner.aggregate(context, clipped, baseWeights);
        ModelWeights g = r.generator();
        ModelWeights d = r.discriminator();
        if (sigma > 0) {
            SplittableRandom rng = new SplittableRandom(context.seed() ^ NOISE_SALT);
            g = addNoise(g, sigma, rng);
            if (d != null) {
                d = addNoise(d, sigma, rng);
            }
        }
        List<ClientDecision> decisions = new ArrayList<>(n);
        for (int k = 0; k < r.decisions().size(); k++) {
            ClientDecision c = r.decisions().get(k);
            String note = k < n && updates.get(k).clientId() == c.clientId() ? notes[k] : "";
            decisions.add(new ClientDecision(c.clientId(), c.baseWeight(), c.weight(), c.detectorInput(), c.score(),
                    c.flagged(), c.applied(), c.trackRecord(), note + c.reason()));
        }
        return new AggregationResult(g, d, decisions, r.state());
    }

    /** Whether Gaussian noise is added to this tensor (not to BatchNorm statistics). */
    public static boolean noisy(String tensorName) {
        return !tensorName.contains("running") && !tensorName.contains("num_batches");
    }

    /** A copy of {@code w} with {@code N(0, sigma^2)} noise added to each coordinate of the noisy tensors. */
    static ModelWeights addNoise(ModelWeights w, double sigma, SplittableRandom rng) {
        List<Tensor> out = new ArrayList<>(w.size());
        for (Tensor t : w) {
            if (!noisy(t.name())) {
                out.add(t);
                continue;
            }
            float[] src = t.data();
            float[] dst = new float[src.length];
            for (int i = 0; i < src.length; i++) {
                dst[i] = (float) (src[i] + sigma * rng.nextGaussian());
            }
            out.add(t.withData(dst));
        }
        return new ModelWeights(out);
    }
}
