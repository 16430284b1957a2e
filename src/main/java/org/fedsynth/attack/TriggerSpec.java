package org.fedsynth.attack;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.plugin.Spelling;

/**
 * The {@code attack.trigger} config section: what trigger a malicious client pastes, how big, and
 * where (Jin and Li, Medical Image Analysis 2023; the {@code frequency} trigger after Feng et al.,
 * "FIBA", CVPR 2022). Bound by Jackson (snake_case keys; missing keys take their defaults, unknown
 * keys are errors) and validated once, at construction; errors name the field, the value and what
 * is allowed. {@link Trigger#build} turns it into a {@link PatchTrigger} or a {@link FrequencyTrigger}.
 *
 * @param type pattern | noise | solid | checkerboard | image | frequency (default pattern)
 * @param size the patch side: pixels or a fraction of the image side, see {@link TriggerSize}
 *     (default 0.125: 4 px at 32, 8 at 64, 16 at 128); ignored by {@code frequency}
 * @param location bottom-right | random | [x, y], see {@link TriggerLocation} (default bottom-right);
 *     ignored by {@code frequency}, which covers the whole image
 * @param imagePath the PNG for {@code image} (required there); optional for {@code frequency} (the
 *     spectrum donor; default a smooth seeded pattern); rejected for other types
 * @param seed seeds the {@code pattern} colours, the {@code noise} values and the procedural
 *     {@code frequency} donor (default 0); random locations use the batch {@code Random} instead
 * @param alpha the {@code frequency} amplitude blend factor in [0, 1] (default 0.2)
 * @param beta the {@code frequency} low-frequency window, a fraction of the image side in (0, 0.5)
 *     (default 0.1)
 */
public record TriggerSpec(
        @JsonPropertyDescription("trigger type: " + "pattern, noise, solid, checkerboard, image, frequency, blend; default pattern")
        @Spelling("a trigger type")
        TriggerType type,
        @JsonPropertyDescription("patch side: pixels (16, \"16px\") or a fraction of the image side (0.125, \"12.5%\");"
                + " default 0.125; ignored by frequency and blend")
        @Spelling(value = "pixels or a fraction", dflt = "0.125")
        TriggerSize size,
        @JsonPropertyDescription("where the patch goes: bottom-right, random or [x, y]; default bottom-right;"
                + " ignored by frequency and blend")
        @Spelling(value = "a position", dflt = "bottom-right")
        TriggerLocation location,
        @JsonPropertyDescription("PNG file: the patch for type image (required), the spectrum donor for frequency"
                + " and the blended picture for blend (optional)")
        @Spelling("a file path or null")
        Path imagePath,
        @JsonPropertyDescription("seed of the pattern colours, the noise values and the procedural frequency donor;"
                + " default 0")
        long seed,
        @JsonPropertyDescription("frequency: amplitude blend factor; blend: opacity of the blended picture; in [0, 1];"
                + " default 0.2")
        double alpha,
        @JsonPropertyDescription("frequency: low-frequency window, fraction of the image side in (0, 0.5); default 0.1")
        double beta) {

    /** Default patch side: one eighth of the image side. */
    public static final TriggerSize DEFAULT_SIZE = TriggerSize.fractionOf(0.125);
    /** Default {@code frequency} blend factor. */
    public static final double DEFAULT_ALPHA = 0.2;
    /** Default {@code frequency} window (fraction of the image side). */
    public static final double DEFAULT_BETA = 0.1;
    /** Default seed of the procedural trigger content. */
    public static final long DEFAULT_SEED = 0L;

    private static final String SECTION = "attack.trigger";

    /** Validates every field. */
    public TriggerSpec {
        if (type == null) {
            throw new IllegalArgumentException(SECTION + ".type must be one of " + TriggerType.allowedNames()
                    + "; found null");
        }
        if (size == null) {
            throw new IllegalArgumentException(SECTION + ".size must be set");
        }
        if (location == null) {
            throw new IllegalArgumentException(SECTION + ".location must be set");
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException(SECTION + ".alpha must be in [0, 1]; found " + alpha);
        }
        if (!(beta > 0 && beta < 0.5)) {
            throw new IllegalArgumentException(SECTION + ".beta must be in (0, 0.5); found " + beta);
        }
        if (type == TriggerType.IMAGE && imagePath == null) {
            throw new IllegalArgumentException(SECTION + ".image_path is required when type is image");
        }
        if (imagePath != null) {
            if (type != TriggerType.IMAGE && type != TriggerType.FREQUENCY && type != TriggerType.BLEND) {
                throw new IllegalArgumentException(SECTION + ".image_path is only used by type image, frequency or blend;"
                        + " found type " + type + " with image_path '" + imagePath + "'");
            }
            if (!Files.isRegularFile(imagePath)) {
                throw new IllegalArgumentException(SECTION + ".image_path: file not found: '" + imagePath + "'");
            }
            if (!Files.isReadable(imagePath)) {
                throw new IllegalArgumentException(SECTION + ".image_path: file not readable: '" + imagePath + "'");
            }
        }
    }

    /** The paper's default trigger: a pattern mosaic, 1/8 of the image side, bottom-right. */
    public static TriggerSpec defaults() {
        return of(TriggerType.PATTERN, DEFAULT_SIZE, TriggerLocation.bottomRight());
    }

    /** A trigger of the given type, size and location with default seed, alpha and beta, no image. */
    public static TriggerSpec of(TriggerType type, TriggerSize size, TriggerLocation location) {
        return new TriggerSpec(type, size, location, null, DEFAULT_SEED, DEFAULT_ALPHA, DEFAULT_BETA);
    }

    /** A copy with another seed. */
    public TriggerSpec withSeed(long newSeed) {
        return new TriggerSpec(type, size, location, imagePath, newSeed, alpha, beta);
    }

    /** A copy with another frequency blend factor. */
    public TriggerSpec withAlpha(double newAlpha) {
        return new TriggerSpec(type, size, location, imagePath, seed, newAlpha, beta);
    }

    /** A copy with another image path. */
    public TriggerSpec withImagePath(Path path) {
        return new TriggerSpec(type, size, location, path, seed, alpha, beta);
    }

    /** The binding: missing keys take their defaults. */
    @JsonCreator
    static TriggerSpec bind(@JsonProperty("type") TriggerType type, @JsonProperty("size") TriggerSize size,
            @JsonProperty("location") TriggerLocation location, @JsonProperty("image_path") String imagePath,
            @JsonProperty("seed") Long seed, @JsonProperty("alpha") Double alpha, @JsonProperty("beta") Double beta) {
        return new TriggerSpec(type == null ? TriggerType.PATTERN : type, size == null ? DEFAULT_SIZE : size,
                location == null ? TriggerLocation.bottomRight() : location,
                imagePath == null ? null : Path.of(imagePath), seed == null ? DEFAULT_SEED : seed,
                alpha == null ? DEFAULT_ALPHA : alpha, beta == null ? DEFAULT_BETA : beta);
    }

    /**
     * Binds the {@code attack.trigger} section given as a map (as a YAML/JSON parser produces);
     * missing keys take their defaults, unknown keys are errors.
     */
    public static TriggerSpec fromMap(Map<String, ?> map) {
        return AttackBinding.bind(ConfigIO.yaml().valueToTree(map), TriggerSpec.class, SECTION);
    }
}
