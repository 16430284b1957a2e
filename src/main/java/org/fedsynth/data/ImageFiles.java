package org.fedsynth.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Reading and writing single PNG/JPEG files, and assembling decoded pictures into an {@link ImageSet}. */
final class ImageFiles {

    /** Extensions recognised as images (lower case, compared case-insensitively). */
    static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    static {
        ImageIO.setUseCache(false);
    }

    private ImageFiles() {
    }

    /** Whether {@code file}'s name ends in .png, .jpg or .jpeg (any case) and is not hidden. */
    static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /** Decodes one PNG or JPEG file. */
    static Picture read(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(file, "not a readable PNG/JPEG image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new DatasetException(file, "not a readable PNG/JPEG image");
        }
        return Picture.fromBufferedImage(img);
    }

    /** Writes one picture as a lossless PNG. */
    static void writePng(Picture picture, Path file) {
        try {
            if (!ImageIO.write(picture.toBufferedImage(), "png", file.toFile())) {
                throw new DatasetException(file, "no PNG writer available in this Java runtime");
            }
        } catch (IOException e) {
            throw new DatasetException(file, "cannot write PNG (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the files and builds an image set (see {@link #assemble}). */
    static ImageSet readAll(List<Path> files, int[] labels, List<String> classNames, String source) {
        List<Picture> pictures = new ArrayList<>(files.size());
        for (Path f : files) {
            pictures.add(read(f));
        }
        return assemble(pictures, labels, classNames, source);
    }

    /**
     * Builds an image set from pictures that may differ in size or channels: all are brought to the
     * first picture's size and to 3 channels if any picture is RGB (else 1).
     */
    static ImageSet assemble(List<Picture> pictures, int[] labels, List<String> classNames, String source) {
        if (pictures.isEmpty()) {
            return new ImageSet(classNames, 1, 1, 1, List.of(), new int[0], source);
        }
        int channels = pictures.stream().anyMatch(p -> p.channels() == 3) ? 3 : 1;
        int h = pictures.get(0).height();
        int w = pictures.get(0).width();
        List<byte[]> images = new ArrayList<>(pictures.size());
        for (Picture p : pictures) {
            images.add(p.resize(h, w).withChannels(channels).pixels());
        }
        return new ImageSet(classNames, channels, h, w, images, labels, source);
    }

    /** Lists a directory's entries sorted by name, as a DatasetException naming the folder on failure. */
    static List<Path> list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot list folder (" + e.getMessage() + ")", e);
        }
    }
}
