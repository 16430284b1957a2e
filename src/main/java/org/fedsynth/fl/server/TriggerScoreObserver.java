package org.fedsynth.fl.server;

import java.util.Map;
import org.fedsynth.attack.TriggerScore;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.util.Seeds;

/**
 * Logs the attack's {@code trigger_score} and {@code backdoor_rate} for the published generator
 * every {@code every} rounds, on a fixed, seeded set of noise vectors and balanced labels, so
 * rounds and runs compare.
 */
public final class TriggerScoreObserver implements RoundObserver {

    private final TriggerScore score;
    private final int every;
    private final int lastRound;
    private final float[] z;
    private final int[] labels;

    /**
     * @param score the scorer for the run's trigger
     * @param every measure every this many rounds (and at {@code lastRound})
     * @param lastRound the run's last round
     * @param images images to generate each time
     * @param numClasses classes, cycled through the labels
     * @param zDim noise dimension
     * @param seed the run's root seed
     */
    public TriggerScoreObserver(TriggerScore score, int every, int lastRound, int images, int numClasses, int zDim, long seed) {
        this.score = score;
        this.every = every;
        this.lastRound = lastRound;
        this.z = GanWorkbench.gaussian(images * zDim, Seeds.rng(seed, "trigger-score-noise"));
        this.labels = new int[images];
        for (int i = 0; i < images; i++) {
            labels[i] = i % numClasses;
        }
    }

    @Override
    public Map<String, Double> observe(int round, GeneratorRenderer renderer, ModelWeights published) {
        if (round % every != 0 && round != lastRound) {
            return Map.of();
        }
        TriggerScore.Result r = score.score(renderer.render(published, z, labels, false));
        return Map.of("trigger_score", r.triggerScore(), "backdoor_rate", r.backdoorRate());
    }
}
