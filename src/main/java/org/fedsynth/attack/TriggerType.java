package org.fedsynth.attack;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of backdoor trigger a malicious client can paste on its real images (Jin and Li,
 * "Backdoor attack and defense in federated GAN-based medical image synthesis", Medical Image
 * Analysis 2023; {@link #FREQUENCY} after Feng et al., "FIBA", CVPR 2022).
 */
public enum TriggerType {
    /** A seeded multicolour block mosaic with a feathered 1-pixel border: the paper's default. */
    PATTERN("pattern"),
    /** A seeded uniform-noise colour patch. */
    NOISE("noise"),
    /** A white square. */
    SOLID("solid"),
    /** Alternating white/black cells of {@code max(1, size/4)} pixels, white at the top-left. */
    CHECKERBOARD("checkerboard"),
    /** A user PNG, resized (bilinear) to the patch size; its alpha channel, if any, blends. */
    IMAGE("image"),
    /** An invisible trigger: low-frequency amplitude-spectrum blending over the whole image (FIBA). */
    FREQUENCY("frequency"),
    /**
     * A full-image alpha blend {@code x' = (1 - alpha) x + alpha t} of a seeded noise pattern or a PNG
     * ({@code image_path}) (Chen et al., "Targeted backdoor attacks on deep learning systems using data
     * poisoning", 2017; alpha 0.2 by default).
     */
    BLEND("blend");

    private final String configName;

    TriggerType(String configName) {
        this.configName = configName;
    }

    /** Whether the trigger is a local patch (every type but {@code frequency} and {@code blend}). */
    public boolean isPatch() {
        return this != FREQUENCY && this != BLEND;
    }

    /** The name used in configuration files, e.g. {@code "checkerboard"}. */
    public String configName() {
        return configName;
    }

    /** The binding of a config value ({@code attack.trigger.type}). */
    @JsonCreator
    static TriggerType fromJson(String name) {
        return parse(name, "attack.trigger.type");
    }

    /** The config name, for writing. */
    @JsonValue
    String json() {
        return configName;
    }

    /** All config names, comma-separated, for error messages. */
    public static String allowedNames() {
        return Arrays.stream(values()).map(TriggerType::configName).collect(Collectors.joining(", "));
    }

    /**
     * Parses a config name (case-insensitive).
     *
     * @throws IllegalArgumentException naming {@code field}, the value and the allowed names
     */
    public static TriggerType parse(String name, String field) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (TriggerType t : values()) {
                if (t.configName.equals(n)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException(
                field + " must be one of " + allowedNames() + "; found '" + name + "'");
    }

    @Override
    public String toString() {
        return configName;
    }
}
