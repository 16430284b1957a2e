package org.fedsynth.fl.server;

import java.util.Map;
import org.fedsynth.fl.ModelWeights;

/**
 * Something the server measures on the published generator after a round (for example the
 * attack's {@code trigger_score}); its values go into that round's record in {@code metrics.jsonl},
 * in the simulation and the networked server alike.
 */
@FunctionalInterface
public interface RoundObserver {

    /**
     * Measures {@code published}, drawing it with {@code renderer}.
     *
     * @return named values to log, or an empty map when nothing is measured this round
     */
    Map<String, Double> observe(int round, GeneratorRenderer renderer, ModelWeights published);
}
