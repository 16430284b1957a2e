package org.fedsynth.attack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The {@code attack.trigger} config section: what trigger a malicious client pastes, how big, and
 * where (Jin and Li, Medical Image Analysis 2023; the {@code frequency} trigger after Feng et al.,
 * "FIBA", CVPR 2022). Validated once, at construction; errors name the field, the value and what
 * is allowed.
 *
 * <p>Config keys (snake_case, see {@link #fromMap}) and defaults:
 * <ul>
 *   <li>{@code type}: pattern | noise | solid | checkerboard | image | frequency (default pattern)
 *   <li>{@code size}: pixels or a fraction of the image side, see {@link TriggerSize} (default 0.125:
 *       4 px at 32, 8 at 64, 16 at 128); a patch larger than the image is an error when the
 *       trigger is built for a resolution. Ignored by {@code frequency}.
 *   <li>{@code location}: bottom-right | random | [x, y], see {@link TriggerLocation} (default
 *       bottom-right). Ignored by {@code frequency}, which covers the whole image.
 *   <li>{@code image_path}: the PNG for {@code image} (required there); optional for
 *       {@code frequency} (the spectrum donor; default a smooth seeded pattern); rejected for
 *       other types.
 *   <li>{@code seed}: seeds the {@code pattern} colours, the {@code noise} values and the procedural
 *       {@code frequency} donor (default 0). Random locations use the batch {@code Random} instead.
 *   <li>{@code alpha}: the {@code frequency} amplitude blend factor in [0, 1] (default 0.2).
 *   <li>{@code beta}: the {@code frequency} low-frequency window, as a fraction of the image side in
 *       (0, 0.5) (default 0.1).
 * </ul>
 *
 * @param type the trigger type
 * @param size the patch side
 * @param location where the patch goes
 * @param imagePath the trigger PNG, or {@code null}
 * @param seed seed of the procedural content
 * @param alpha frequency-trigger amplitude blend factor
 * @param beta frequency-trigger window size, fraction of the image side
 */
public record TriggerSpec(
        TriggerType type, TriggerSize size, TriggerLocation location, Path imagePath, long seed, double alpha,
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
    private static final Set<String> KEYS = Set.of("type", "size", "location", "image_path", "seed", "alpha", "beta");

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
            if (type != TriggerType.IMAGE && type != TriggerType.FREQUENCY) {
                throw new IllegalArgumentException(SECTION + ".image_path is only used by type image or frequency;"
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

    /**
     * Reads the {@code attack.trigger} section from an untyped map (as a YAML/JSON parser produces);
     * missing keys take their defaults, unknown keys are errors.
     */
    public static TriggerSpec fromMap(Map<String, ?> map) {
        ConfigMaps.checkKeys(map, KEYS, SECTION);
        Object t = map.get("type");
        TriggerType type = t == null ? TriggerType.PATTERN : TriggerType.parse(String.valueOf(t), SECTION + ".type");
        TriggerSize size = map.containsKey("size")
                ? TriggerSize.parse(map.get("size"), SECTION + ".size") : DEFAULT_SIZE;
        TriggerLocation loc = map.containsKey("location")
                ? TriggerLocation.parse(map.get("location"), SECTION + ".location") : TriggerLocation.bottomRight();
        Object p = map.get("image_path");
        Path path = p == null ? null : Path.of(String.valueOf(p));
        long seed = map.containsKey("seed") ? ConfigMaps.integer(map.get("seed"), SECTION + ".seed") : DEFAULT_SEED;
        double alpha = map.containsKey("alpha") ? ConfigMaps.number(map.get("alpha"), SECTION + ".alpha") : DEFAULT_ALPHA;
        double beta = map.containsKey("beta") ? ConfigMaps.number(map.get("beta"), SECTION + ".beta") : DEFAULT_BETA;
        return new TriggerSpec(type, size, loc, path, seed, alpha, beta);
    }
}
