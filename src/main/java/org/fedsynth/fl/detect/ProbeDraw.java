package org.fedsynth.fl.detect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Which probe FedDetect's output features draw each round ({@code strategy.probe}). */
public enum ProbeDraw {
    /** The same noise every round (default; what the earlier results used). */
    FIXED,
    /**
     * New noise every round, drawn from the server's seed and the round number (never sent to a site), so
     * that an attacker cannot fit its generator to the probe and honest sampling noise does not repeat
     * across rounds in the remembered maps.
     */
    FRESH;

    /** The config spelling: {@code both} or {@code upper}. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }

    /** The tail with this spelling; an error naming {@code strategy.probe} otherwise. */
    @JsonCreator
    public static ProbeDraw of(String key) {
        for (ProbeDraw t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("strategy.probe must be one of " + Arrays.toString(values()) + ", found "
                + (key == null ? "null" : "\"" + key + "\""));
    }
}
