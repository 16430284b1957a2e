package org.fedsynth.fl.server;

import org.fedsynth.config.RunConfig;
import org.fedsynth.util.Seeds;

/**
 * The protocol's seeds, derived from the run's root seed and the same in both transports: the
 * server hands a networked site exactly what the simulation uses, so the two runs are equal.
 */
public final class RunSeeds {

    private RunSeeds() {}

    /** The seed of the initial global generator. */
    public static long initialGenerator(RunConfig cfg) {
        return Seeds.derive(cfg.seed(), "init-g");
    }

    /** The seed of client {@code index}'s initial private discriminator (or the shared one when averaged). */
    public static long initialDiscriminator(RunConfig cfg, int index) {
        return cfg.federation().averageDiscriminator()
                ? Seeds.derive(cfg.seed(), "init-d") : Seeds.derive(cfg.seed(), "init-d", index);
    }

    /** The seed of client {@code index}'s random stream in round {@code round}. */
    public static long train(RunConfig cfg, int round, int index) {
        return Seeds.derive(cfg.seed(), "train", round, index);
    }

    /** The seed of the strategy's randomness in round {@code round}. */
    public static long strategy(RunConfig cfg, int round) {
        return Seeds.derive(cfg.seed(), "strategy", round);
    }
}
