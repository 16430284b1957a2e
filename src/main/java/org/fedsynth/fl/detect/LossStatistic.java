package org.fedsynth.fl.detect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Which per-round loss summary FedDetect's loss features read ({@code strategy.statistic}). */
public enum LossStatistic {
    /** The mean over the round's local steps (default). */
    MEAN,
    /** The last local step's loss (the authors' released code). */
    LAST;

    /** The config spelling: {@code mean} or {@code last}. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }

    /** The statistic with this spelling; an error naming {@code strategy.statistic} otherwise. */
    @JsonCreator
    public static LossStatistic of(String key) {
        for (LossStatistic s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("strategy.statistic must be one of " + Arrays.toString(values()) + ", found " + (key == null ? "null" : "\"" + key + "\""));
    }
}
