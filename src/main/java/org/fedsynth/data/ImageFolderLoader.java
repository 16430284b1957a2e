package org.fedsynth.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Loads an image-folder dataset: one sub-folder per class, holding PNG or JPEG files
 * ({@code .png}, {@code .jpg}, {@code .jpeg}, any case), as written by {@link ImageFolderWriter}
 * or laid out like torchvision's {@code ImageFolder}.
 *
 * <p>Class folders are numbered in name order (whole-number names numerically, so "2" before
 * "10"); images within a class in file-name order. Hidden entries (names starting with '.') and
 * files with other extensions are ignored. The set keeps the native size of the first image (the
 * first file of the first class); any image of another size is resized to it (area-averaging
 * down, bilinear up). It keeps one channel if every image is grayscale, else three (grayscale
 * images are replicated; RGBA and palette images become RGB, alpha is dropped).
 */
public final class ImageFolderLoader {

    private ImageFolderLoader() {
    }

    /**
     * Loads every image under {@code root}.
     *
     * @throws DatasetException if root is missing, has no class folders, a class folder has no
     *     images, or an image cannot be decoded (the message names the file)
     */
    public static ImageSet load(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(root, Files.exists(root)
                    ? "not a folder (expected one sub-folder per class)"
                    : "folder not found");
        }
        List<Path> classDirs = ImageFiles.list(root).stream()
                .filter(Files::isDirectory)
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted(Comparator.comparing(p -> p.getFileName().toString(), ClassOrder.BY_NAME))
                .toList();
        if (classDirs.isEmpty()) {
            throw new DatasetException(root, "no class folders (expected one sub-folder per class, e.g. "
                    + root.resolve("normal") + "/img1.png)");
        }
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = ImageFiles.list(dir).stream()
                    .filter(Files::isRegularFile)
                    .filter(ImageFiles::isImageName)
                    .toList();
            if (images.isEmpty()) {
                throw new DatasetException(dir, "class folder " + dir.getFileName()
                        + " has no images (expected .png, .jpg or .jpeg files; remove the folder if the class is unused)");
            }
            int label = classNames.size();
            classNames.add(dir.getFileName().toString());
            files.addAll(images);
            images.forEach(f -> labels.add(label));
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        return ImageFiles.readAll(files, labelArray, classNames, root.toString());
    }
}
