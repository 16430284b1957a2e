package org.fedsynth.fl.detect;

import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * FedDetect's per-client memory of {@code output_deviation} maps across rounds
 * ({@code strategy.memory}): a client's map is averaged as
 * {@code m <- memory * previous + (1 - memory) * current} before the feature is taken. With
 * {@code memory = 0} nothing is read or remembered.
 */
public final class DeviationMemory {

    private final double memory;
    private final Supplier<TreeMap<Integer, double[]>> source;
    private TreeMap<Integer, double[]> previous = new TreeMap<>();
    private final TreeMap<Integer, double[]> remembered = new TreeMap<>();

    /**
     * @param memory the weight of the previous map, in {@code [0, 1)}
     * @param previous reads the maps remembered after the last round, by client id; called by
     *     {@link #begin()} only, and only when memory is above 0 (so a state is decoded only when the
     *     feature runs)
     */
    public DeviationMemory(double memory, Supplier<TreeMap<Integer, double[]>> previous) {
        this.memory = memory;
        this.source = previous;
    }

    /** No memory. */
    public static DeviationMemory none() {
        return new DeviationMemory(0, null);
    }

    /** Whether {@link #blend} can change a map (memory above 0), so a caller that needs the unblended map must copy it. */
    public boolean blends() {
        return memory > 0;
    }

    /** Called once per round before {@link #blend}: the absent clients keep their earlier maps. */
    public void begin() {
        previous = memory > 0 && source != null ? source.get() : new TreeMap<>();
        remembered.putAll(previous);
    }

    /** Blends {@code current} (in place) with the client's previous map of the same size, and remembers it. */
    public double[] blend(int clientId, double[] current) {
        double[] prev = previous.get(clientId);
        if (prev != null && prev.length == current.length) {
            for (int k = 0; k < current.length; k++) {
                current[k] = memory * prev[k] + (1 - memory) * current[k];
            }
        }
        if (memory > 0) {
            remembered.put(clientId, current);
        }
        return current;
    }

    /** The maps to keep in the state after this round (empty unless the feature ran with memory > 0). */
    public TreeMap<Integer, double[]> remembered() {
        return remembered;
    }
}
