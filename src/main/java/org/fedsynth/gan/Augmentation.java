package org.fedsynth.gan;

/**
 * Differentiable augmentation of every image the discriminator sees, real and fake, in both the D
 * and the G update (DiffAugment, Zhao et al. 2020), so D cannot memorise a small local set and G is
 * not taught the augmentations. Each enabled transform is applied to each image with probability
 * {@code probability} (as ADA applies its pipeline, Karras et al. 2020); at probability 0 the
 * images pass unchanged. The transforms, in DiffAugment's order and with its strengths:
 * <ul>
 *   <li>{@code color}: brightness {@code + U(-0.5, 0.5)}, saturation {@code x U(0, 2)} (RGB only),
 *       contrast {@code x U(0.5, 1.5)};
 *   <li>{@code translation}: a shift of up to 1/8 of the side, each axis, zero-padded;
 *   <li>{@code cutout}: a square of half the side set to 0 (mid-grey in [-1, 1]).
 * </ul>
 * A client's data behaviour (a backdoor trigger) acts on the batch before this, as a real client's
 * would: augmentation sits inside its own training step.
 *
 * @param translation shift the image
 * @param cutout blank a square
 * @param color jitter brightness, saturation and contrast
 * @param probability the chance each enabled transform is applied to an image, in [0, 1]
 */
public record Augmentation(boolean translation, boolean cutout, boolean color, float probability) {

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, false, false, 0f);

    /** Checks the probability. */
    public Augmentation {
        if (!(probability >= 0f && probability <= 1f)) {
            throw new IllegalArgumentException("augmentation probability must be in [0, 1], found " + probability);
        }
    }

    /** Whether any image can change. */
    public boolean active() {
        return probability > 0f && (translation || cutout || color);
    }

    /** The policy as {@code training.augment} writes it: {@code color,translation,cutout}, or {@code none}. */
    public String policy() {
        StringBuilder sb = new StringBuilder();
        if (color) {
            sb.append("color");
        }
        if (translation) {
            sb.append(sb.isEmpty() ? "" : ",").append("translation");
        }
        if (cutout) {
            sb.append(sb.isEmpty() ? "" : ",").append("cutout");
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }

    /**
     * The policy a {@code training.augment} value names, at {@code probability}.
     *
     * @throws IllegalArgumentException naming the unknown transform
     */
    public static Augmentation parse(String policy, float probability) {
        boolean t = false;
        boolean c = false;
        boolean col = false;
        String p = policy.trim();
        if (!p.equals("none") && !p.isEmpty()) {
            for (String part : p.split(",")) {
                switch (part.trim()) {
                    case "translation" -> t = true;
                    case "cutout" -> c = true;
                    case "color" -> col = true;
                    default -> throw new IllegalArgumentException("unknown augmentation '" + part.trim()
                            + "': use translation, cutout and color, comma-separated, or none");
                }
            }
        }
        return new Augmentation(t, c, col, probability);
    }
}
