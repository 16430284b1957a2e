package org.fedsynth.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, in-memory labelled image set at one resolution.
 *
 * <p>Pixels are unsigned bytes (0..255) in CHW order, one array per image, so a set of a few
 * thousand 128px RGB images stays small on the heap. Models see them scaled to [-1, 1] (see
 * {@link #pixelToUnit(byte)}).
 *
 * @param classNames class names, index = label
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param height image height in pixels
 * @param width image width in pixels
 * @param images one {@code channels*height*width} byte array per image, CHW order
 * @param labels the label of each image, in {@code [0, classNames.size())}
 * @param source a human-readable description of where the images came from (for errors and logs)
 * @param patients the patient each image shows (one non-empty id per image, e.g. DICOM PatientID or a
 *                 CSV's patient column), so that splits keep a patient's images together; an empty list
 *                 when the data does not say (each image is then its own patient)
 */
public record ImageSet(
        List<String> classNames, int channels, int height, int width, List<byte[]> images, int[] labels, String source,
        List<String> patients) {

    /** A set whose patients are not known. */
    public ImageSet(List<String> classNames, int channels, int height, int width, List<byte[]> images, int[] labels, String source) {
        this(classNames, channels, height, width, images, labels, source, List.of());
    }

    /** Validates shapes and labels once, at construction. */
    public ImageSet {
        classNames = List.copyOf(classNames);
        patients = List.copyOf(patients);
        if (!patients.isEmpty() && patients.size() != labels.length) {
            throw new IllegalArgumentException(source + ": " + patients.size() + " patient ids for " + labels.length + " images");
        }
        images = List.copyOf(images);
        labels = labels.clone();
        Objects.requireNonNull(source, "source");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(source + ": channels must be 1 or 3, found " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException(source + ": image size must be positive, found " + height + "x" + width);
        }
        if (images.size() != labels.length) {
            throw new IllegalArgumentException(
                    source + ": " + images.size() + " images but " + labels.length + " labels");
        }
        int len = channels * height * width;
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).length != len) {
                throw new IllegalArgumentException(source + ": image " + i + " has " + images.get(i).length
                        + " values, expected " + channels + "x" + height + "x" + width + " = " + len);
            }
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(source + ": image " + i + " has label " + labels[i]
                        + ", outside [0, " + classNames.size() + ")");
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** Label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of all labels. */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** Number of images of each class. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** The subset at the given indices (in that order), sharing pixel arrays (they are never mutated). */
    public ImageSet subset(int[] indices, String subsetSource) {
        List<byte[]> imgs = new java.util.ArrayList<>(indices.length);
        List<String> pats = new java.util.ArrayList<>(patients.isEmpty() ? 0 : indices.length);
        int[] labs = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            imgs.add(images.get(indices[k]));
            labs[k] = labels[indices[k]];
            if (!patients.isEmpty()) {
                pats.add(patients.get(indices[k]));
            }
        }
        return new ImageSet(classNames, channels, height, width, imgs, labs, subsetSource, pats);
    }

    /** Whether the set says which patient each image shows. */
    public boolean hasPatients() {
        return !patients.isEmpty();
    }

    /** The patient of image {@code i}: its id, or {@code "#i"} (an image of its own) when patients are not known. */
    public String patient(int i) {
        return patients.isEmpty() ? "#" + i : patients.get(i);
    }

    /** This set with each image's patient ({@code patients.size() == size()}, or empty for unknown). */
    public ImageSet withPatients(List<String> newPatients) {
        return new ImageSet(classNames, channels, height, width, images, labels, source, newPatients);
    }

    /** This set with other pixels and shape (same labels, classes and patients), for preprocessing. */
    public ImageSet withImages(int newChannels, int newHeight, int newWidth, List<byte[]> newImages, String newSource) {
        return new ImageSet(classNames, newChannels, newHeight, newWidth, newImages, labels, newSource, patients);
    }

    /** Maps a stored byte (0..255) to the model's [-1, 1] range. */
    public static float pixelToUnit(byte b) {
        return (b & 0xFF) / 127.5f - 1f;
    }

    /** Maps a model value in [-1, 1] back to a byte (clamped, rounded). */
    public static byte unitToPixel(float v) {
        int p = Math.round((v + 1f) * 127.5f);
        return (byte) Math.max(0, Math.min(255, p));
    }

    @Override
    public String toString() {
        return "ImageSet[" + source + ", n=" + size() + ", " + channels + "x" + height + "x" + width
                + ", classes=" + classNames + ", counts=" + Arrays.toString(classCounts()) + "]";
    }
}
