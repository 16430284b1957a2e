package org.fedsynth.fl.detect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Which side of the clients' median FedDetect may flag ({@code strategy.tail}). */
public enum Tail {
    /** The forest's outliers on either side (the paper's forest; default). */
    BOTH,
    /** Only clients above the median on some feature (for features where only large values are suspicious). */
    UPPER;

    /** The config spelling: {@code both} or {@code upper}. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }

    /** The tail with this spelling; an error naming {@code strategy.tail} otherwise. */
    @JsonCreator
    public static Tail of(String key) {
        for (Tail t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("strategy.tail must be one of " + Arrays.toString(values()) + ", found "
                + (key == null ? "null" : "\"" + key + "\""));
    }
}
