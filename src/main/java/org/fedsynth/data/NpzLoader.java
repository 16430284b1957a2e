package org.fedsynth.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.fedsynth.util.NpyArray;

/**
 * Loads a MedMNIST {@code .npz} file (Yang et al., "MedMNIST v2", Scientific Data 2023): a zip of
 * NumPy {@code .npy} arrays {@code <split>_images}, shaped (N,H,W) or (N,H,W,3) uint8, and
 * {@code <split>_labels}, shaped (N,1) or (N,) of an integer dtype, for splits {@code train},
 * {@code val} and {@code test}.
 *
 * <p>The zip and the .npy headers are parsed here with {@code java.util.zip} (stored or deflated
 * entries; C order only). Classes are named "0", "1", ... up to the largest label found in any
 * split of the file, so every split of one file has the same classes. Multi-label arrays (such as
 * ChestMNIST's (N,14)) are rejected.
 */
public final class NpzLoader {

    private static final List<String> SPLIT_ORDER = List.of("train", "val", "test");

    private NpzLoader() {
    }

    /**
     * Loads one split.
     *
     * @param npz the .npz file
     * @param split the split name, normally train, val or test
     * @throws DatasetException for a missing file or array, a bad shape or dtype, mismatched
     *     counts, or a negative label (the message names the file and the array)
     */
    public static ImageSet load(Path npz, String split) {
        Map<String, NpyArray> arrays = new TreeMap<>();
        List<String> names = new ArrayList<>();
        try (ZipFile zip = open(npz)) {
            names.addAll(arrayNames(zip));
            String imagesName = split + "_images";
            String labelsName = split + "_labels";
            for (String needed : List.of(imagesName, labelsName)) {
                if (!names.contains(needed)) {
                    throw new DatasetException(npz, "missing array '" + needed + "' (found: " + String.join(", ", names)
                            + "; splits: " + String.join(", ", splitsOf(names)) + ")");
                }
            }
            for (String name : names) {
                if (name.equals(imagesName) || name.endsWith("_labels")) {
                    arrays.put(name, read(npz, zip, name));
                }
            }
            NpyArray images = arrays.get(imagesName);
            int[] labels = labels(npz, arrays.get(labelsName));
            int numClasses = 0;
            for (String s : splitsOf(names)) {
                for (int l : labels(npz, arrays.get(s + "_labels"))) {
                    numClasses = Math.max(numClasses, l + 1);
                }
            }
            return toImageSet(npz, images, labels, numClasses, split);
        } catch (IOException e) {
            throw new DatasetException(npz, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The splits with both an images and a labels array, train, val, test first, then others by name.
     *
     * @throws DatasetException if the file is missing or not a zip
     */
    public static List<String> splits(Path npz) {
        try (ZipFile zip = open(npz)) {
            return splitsOf(arrayNames(zip));
        } catch (IOException e) {
            throw new DatasetException(npz, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static ZipFile open(Path npz) throws IOException {
        if (!Files.isRegularFile(npz)) {
            throw new DatasetException(npz, "file not found");
        }
        try {
            return new ZipFile(npz.toFile());
        } catch (ZipException e) {
            throw new DatasetException(npz, "not a .npz file (not a zip archive: " + e.getMessage() + ")", e);
        }
    }

    private static List<String> arrayNames(ZipFile zip) {
        return zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".npy"))
                .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
    }

    private static List<String> splitsOf(List<String> names) {
        return names.stream().filter(n -> n.endsWith("_images"))
                .map(n -> n.substring(0, n.length() - "_images".length()))
                .filter(s -> names.contains(s + "_labels"))
                .sorted(Comparator.comparingInt((String s) -> {
                    int i = SPLIT_ORDER.indexOf(s);
                    return i < 0 ? SPLIT_ORDER.size() : i;
                }).thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    private static NpyArray read(Path npz, ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name + ".npy"))) {
            return NpyArray.parse(name, in.readAllBytes());
        } catch (IllegalArgumentException e) {
            throw new DatasetException(npz, e.getMessage(), e);
        }
    }

    private static int[] labels(Path npz, NpyArray a) {
        if (!a.isInteger()) {
            throw new DatasetException(npz, "array '" + a.name() + "' has dtype '" + a.dtype()
                    + "'; supported: '|u1' (uint8), '<i4' (int32), '<i8' (int64)");
        }
        int[] s = a.shape();
        if (!(s.length == 1 || (s.length == 2 && s[1] == 1))) {
            throw new DatasetException(npz, a.name() + " has shape " + NpyArray.shapeString(s)
                    + " — expected (N,) or (N,1); multi-label arrays are not supported");
        }
        int[] out = new int[s[0]];
        for (int i = 0; i < out.length; i++) {
            long v = a.get(i);
            if (v < 0 || v > Integer.MAX_VALUE - 1) {
                throw new DatasetException(npz, a.name() + "[" + i + "] = " + v + " is not a valid class index (must be >= 0)");
            }
            out[i] = (int) v;
        }
        return out;
    }

    private static ImageSet toImageSet(Path npz, NpyArray images, int[] labels, int numClasses, String split) {
        int[] s = images.shape();
        boolean rgb = s.length == 4 && s[3] == 3;
        if (!(s.length == 3 || rgb)) {
            throw new DatasetException(npz, images.name() + " has shape " + NpyArray.shapeString(s)
                    + " — expected (N,H,W) or (N,H,W,3)");
        }
        if (!images.dtype().endsWith("u1")) {
            throw new DatasetException(npz, images.name() + " has dtype '" + images.dtype()
                    + "' — expected uint8 ('|u1') pixels 0..255");
        }
        int n = s[0];
        int h = s[1];
        int w = s[2];
        if (h <= 0 || w <= 0) {
            throw new DatasetException(npz, images.name() + " has shape " + NpyArray.shapeString(s)
                    + " — images must be at least 1x1");
        }
        if (n != labels.length) {
            throw new DatasetException(npz, images.name() + " has " + n + " images but " + split + "_labels has "
                    + labels.length + " labels");
        }
        int c = rgb ? 3 : 1;
        int plane = h * w;
        byte[] data = images.data();
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int base = i * plane * c;
            byte[] img = new byte[plane * c];
            if (c == 1) {
                System.arraycopy(data, base, img, 0, plane);
            } else {
                for (int p = 0; p < plane; p++) {
                    for (int ch = 0; ch < 3; ch++) {
                        img[ch * plane + p] = data[base + 3 * p + ch];
                    }
                }
            }
            out.add(img);
        }
        return new ImageSet(ClassOrder.numbered(numClasses), c, h, w, out, labels, npz + " [" + split + "]");
    }
}
