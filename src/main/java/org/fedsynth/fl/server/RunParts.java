package org.fedsynth.fl.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedsynth.attack.AttackSpec;
import org.fedsynth.attack.Trigger;
import org.fedsynth.attack.TriggerScore;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.util.Seeds;

/**
 * The server-side parts a run config asks for, built the same way by both transports: the
 * strategy, the attack section (the ground truth of who is malicious) and the round observers.
 * Plug-in validation errors become config errors.
 */
public final class RunParts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunParts() {}

    /**
     * Binds the strategy and the attack sections as a run will, without loading data: a typo or a bad value in
     * either fails here, naming the key ({@code --dry-run} and grid planning). A combination refused only once
     * the data is known (a strategy's assumption about the number of attackers) is left to the run.
     *
     * @throws ConfigException naming the key, the bad value and what is allowed
     */
    public static void check(RunConfig cfg) {
        strategy(cfg);
        attack(cfg);
    }

    /** The configured strategy (its typed settings, {@link RunConfig#strategySettings}). */
    public static AggregationStrategy strategy(RunConfig cfg) {
        try {
            return cfg.strategySettings().create();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /**
     * The configured attack; with no {@code attack} section, no client is malicious and the default
     * trigger is still used to measure {@code trigger_score}, so vanilla runs compare with attacked ones.
     */
    @SuppressWarnings("unchecked")
    public static AttackSpec attack(RunConfig cfg) {
        if (cfg.attack() == null) {
            return AttackSpec.none();
        }
        try {
            return AttackSpec.fromTree(cfg.attack());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** The malicious clients of a configuration (ground truth), without loading any data. */
    public static Set<Integer> malicious(RunConfig cfg) {
        return attack(cfg).resolve(cfg.federation().clients(), Seeds.derive(cfg.seed(), "malicious")).malicious();
    }

    /**
     * What the server measures on the published generator after each round: the attack's
     * {@code trigger_score} and {@code backdoor_rate} on 128 fixed images, where the trigger has a
     * defined score.
     */
    public static List<RoundObserver> observers(RunConfig cfg, GanSpec spec, Trigger trigger) {
        List<RoundObserver> out = new ArrayList<>();
        TriggerScore score = new TriggerScore(trigger);
        if (score.mode() != TriggerScore.Mode.UNDEFINED) {
            out.add(new TriggerScoreObserver(score, cfg.output().scoreEvery(), cfg.federation().rounds(), 128,
                    spec.numClasses(), spec.zDim(), cfg.seed()));
        }
        return out;
    }

    /** The observers of a run whose attack (if any) is configured in {@code cfg}. */
    public static List<RoundObserver> observers(RunConfig cfg, GanSpec spec) {
        Trigger trigger;
        try {
            trigger = Trigger.build(attack(cfg).trigger(), spec.resolution(), spec.channels());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("attack: " + e.getMessage(), e);
        }
        return observers(cfg, spec, trigger);
    }
}
