package org.fedsynth.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Brings an {@link ImageSet} to the square resolution and channel count a model expects.
 *
 * <p>Steps per image: (1) a non-square image is center-cropped to its largest centred square
 * (nothing is squashed; the cut is split evenly between both sides); (2) channels are converted:
 * RGB to gray by ITU-R BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B}, gray to RGB by
 * replication (gray conversion happens before resizing, replication after, to do less work);
 * (3) the square is resized: area-averaging when shrinking, so e.g. 224 to 64 does not alias,
 * and java.awt {@code Graphics2D} bilinear interpolation when enlarging (e.g. MedMNIST 28 to 32).
 */
public final class Preprocess {

    private Preprocess() {
    }

    /**
     * Returns {@code in} as {@code resolution x resolution} images with {@code channels} channels
     * (the same instance if it already is).
     *
     * @throws IllegalArgumentException if resolution is not positive or channels is not 1 or 3
     */
    public static ImageSet toResolution(ImageSet in, int resolution, int channels) {
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, found " + resolution);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, found " + channels);
        }
        if (in.height() == resolution && in.width() == resolution && in.channels() == channels) {
            return in;
        }
        List<byte[]> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            Picture p = Picture.of(in, i).centerCropSquare();
            if (channels == 1) {
                p = p.withChannels(1).resize(resolution, resolution);
            } else {
                p = p.resize(resolution, resolution).withChannels(3);
            }
            out.add(p.pixels());
        }
        return in.withImages(channels, resolution, resolution, out, in.source() + " @" + resolution + "px/" + channels + "ch");
    }
}
