package org.fedsynth.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an {@link ImageSet} as an image folder: {@code dir/<class>/<class>_00001.png}, numbered
 * from 1 per class (wider than five digits only for classes of 100000 images or more, so name
 * order is image order), lossless 8-bit PNG (grayscale or RGB). {@link ImageFolderLoader} reads it back
 * bit-exactly, with the same labels as long as the class names are in the loader's order (true
 * for every set this package builds). Classes without images get no folder.
 */
public final class ImageFolderWriter {

    private ImageFolderWriter() {
    }

    /**
     * Writes {@code set} under {@code dir}, which must not exist or be empty.
     *
     * @throws DatasetException if dir is a non-empty folder or a file, a class name cannot be a
     *     folder name, or a file cannot be written
     */
    public static void write(ImageSet set, Path dir) {
        if (Files.exists(dir) && (!Files.isDirectory(dir) || !ImageFiles.list(dir).isEmpty())) {
            throw new DatasetException(dir, Files.isDirectory(dir)
                    ? "output folder is not empty (choose a new folder or delete this one)"
                    : "exists and is not a folder");
        }
        List<String> names = set.classNames();
        for (String name : names) {
            if (name.isBlank() || name.equals(".") || name.equals("..") || name.startsWith(".")
                    || name.contains("/") || name.contains("\\")) {
                throw new DatasetException(dir, "class name '" + name + "' cannot be used as a folder name");
            }
        }
        int[] counters = new int[names.size()];
        int digits = Math.max(5, String.valueOf(java.util.Arrays.stream(set.classCounts()).max().orElse(0)).length());
        String pattern = "%s_%0" + digits + "d.png";
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < set.size(); i++) {
                int label = set.label(i);
                Path classDir = dir.resolve(names.get(label));
                if (counters[label] == 0) {
                    Files.createDirectories(classDir);
                }
                counters[label]++;
                Path file = classDir.resolve(String.format(pattern, names.get(label), counters[label]));
                ImageFiles.writePng(Picture.of(set, i), file);
            }
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot create folder (" + e.getMessage() + ")", e);
        }
    }
}
