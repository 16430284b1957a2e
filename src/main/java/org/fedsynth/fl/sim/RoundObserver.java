package org.fedsynth.fl.sim;

import java.util.Map;
import org.fedsynth.gan.GanWorkbench;

/**
 * Something measured on the published generator (the global one, or its moving average) after a round (for example the attack's
 * {@code trigger_score}); its values go into that round's server record in {@code metrics.jsonl}.
 */
@FunctionalInterface
public interface RoundObserver {

    /**
     * Measures the published generator, already loaded into {@code wb}.
     *
     * @return named values to log, or an empty map when nothing is measured this round
     */
    Map<String, Double> observe(int round, GanWorkbench wb);
}
