package org.fedsynth.attack;

import java.util.Objects;
import java.util.Random;

/**
 * A backdoor trigger built for one image resolution and channel count, ready to paste into real
 * images in place (Jin and Li, "Backdoor attack and defense in federated GAN-based medical image
 * synthesis", Medical Image Analysis 2023; {@code frequency} after Feng et al., "FIBA:
 * Frequency-Injection based Backdoor Attack in Medical Image Analysis", CVPR 2022).
 *
 * <p><b>Value range.</b> Trigger content is defined as RGB intensities in [0, 1]. It is converted
 * to the model's [-1, 1] range ({@code v * 2 - 1}) and pasted <em>after</em> normalisation, into
 * the {@code float} CHW images the discriminator sees. On grayscale data ({@code C = 1}) each
 * colour is first converted to luminance {@code 0.299 R + 0.587 G + 0.114 B} (clamped to [0, 1]),
 * so a white trigger is exactly {@code +1.0} in every channel at any {@code C}.
 *
 * <p><b>Pasting.</b> Opaque pixels (alpha 1) replace the image pixels. Soft-edged pixels blend:
 * {@code x' = a * t + (1 - a) * x}. Only {@code pattern} (feathered border) and {@code image}
 * (a PNG alpha channel) have alpha below 1. {@code frequency} is additive in the spectrum instead:
 * see below.
 *
 * <p><b>Types</b> (patch side {@code s} from {@link TriggerSize#pixelsAt}):
 * <ul>
 *   <li>{@code pattern}: a {@code g x g} mosaic, {@code g = min(4, s)}, pixel {@code (i, j)} in cell
 *       {@code (i g / s, j g / s)}; each cell a saturated colour from a fixed palette of eight
 *       (red, green, blue, yellow, magenta, cyan, orange, violet), drawn with {@code new Random(seed)} so that no cell repeats its left or upper neighbour. For
 *       {@code s >= 4} the outermost 1-pixel ring is feathered: alpha 0.5 on edges, 0.25 at corners.
 *   <li>{@code noise}: i.i.d. uniform [0, 1] RGB values from {@code new Random(seed)}, channel by channel.
 *   <li>{@code solid}: white.
 *   <li>{@code checkerboard}: cells of {@code max(1, s / 4)} pixels, white where
 *       {@code (i / cell + j / cell)} is even (so white at the top-left), black elsewhere.
 *   <li>{@code image}: the PNG at {@code image_path}, resized to {@code s x s} with java.awt
 *       bilinear interpolation; grayscale PNGs are read by value (no colour-space gamma); a PNG
 *       alpha channel becomes the paste alpha.
 *   <li>{@code frequency} (FIBA): per channel, with {@code u = (x + 1) / 2} in [0, 1] as in FIBA,
 *       the amplitude spectrum over the centred low-frequency square with half-width
 *       {@code h = max(1, floor(beta * res / 2))} (side {@code 2h + 1}, about {@code beta * res},
 *       DC included) becomes {@code (1 - alpha) A_img + alpha A_donor}; the image's phase is kept,
 *       the edit is inverse transformed, added, and the result clamped to [-1, 1]. The donor is the
 *       {@code image_path} PNG resized to the full image, or else a smooth seeded pattern of a few
 *       low-frequency colour waves around mid-gray (see {@code smoothDonor}). Because the window
 *       includes DC, the mean intensity moves by {@code alpha * (donor mean - image mean)}. {@code alpha = 0} is exactly the identity.
 * </ul>
 *
 * <p>Two kinds implement this interface: {@link PatchTrigger} (every type but {@code frequency})
 * and {@link FrequencyTrigger}. Instances are immutable and thread-safe; randomness comes only
 * from the {@code Random} passed to {@link #apply} (for {@code random} locations).
 */
public sealed interface Trigger permits PatchTrigger, FrequencyTrigger {

    /** Where a patch was pasted: top-left column {@code x} and row {@code y}. */
    record Placement(int x, int y) {
    }

    /**
     * Builds the trigger for {@code resolution x resolution} images with {@code channels} channels.
     *
     * @throws IllegalArgumentException if the patch does not fit the image (naming the field and
     *     value), or the trigger PNG cannot be read (naming the file)
     */
    static Trigger build(TriggerSpec spec, int resolution, int channels) {
        Objects.requireNonNull(spec, "spec");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("trigger channels must be 1 or 3, found " + channels);
        }
        if (resolution < 1) {
            throw new IllegalArgumentException("trigger resolution must be positive, found " + resolution);
        }
        return spec.type() == TriggerType.FREQUENCY
                ? FrequencyTrigger.build(spec, resolution, channels)
                : PatchTrigger.build(spec, resolution, channels);
    }

    /** The spec this trigger was built from. */
    TriggerSpec spec();

    /** The trigger type. */
    default TriggerType type() {
        return spec().type();
    }

    /** The image side it was built for. */
    int resolution();

    /** The channel count it was built for. */
    int channels();

    /** The patch side in pixels ({@code resolution} for {@code frequency}). */
    int size();

    /**
     * Pastes the trigger in place into the image starting at {@code offset} of {@code images}
     * ({@code channels*res*res} values, CHW, [-1, 1]).
     *
     * @param rng used only by {@code random} locations
     * @return where the patch went ({@code (0, 0)} for {@code frequency})
     * @throws IllegalArgumentException if {@code channels}/{@code res} differ from the build or the
     *     image lies outside the array
     */
    Placement apply(float[] images, int offset, int channels, int res, Random rng);

    /** Checks that {@code images} holds a {@code c x res x res} image at {@code offset} matching the build. */
    default void checkImage(float[] images, int offset, int c, int res) {
        if (c != channels() || res != resolution()) {
            throw new IllegalArgumentException("trigger built for " + channels() + "x" + resolution() + "x" + resolution()
                    + " images, asked to apply to " + c + "x" + res + "x" + res);
        }
        int len = channels() * resolution() * resolution();
        if (offset < 0 || offset > images.length - len) {
            throw new IllegalArgumentException("image at offset " + offset + " (" + len
                    + " values) lies outside an array of " + images.length);
        }
    }
}
