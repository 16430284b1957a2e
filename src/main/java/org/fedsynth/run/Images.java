package org.fedsynth.run;

import java.awt.image.BufferedImage;
import org.fedsynth.data.ImageSet;

/** Conversions from model tensors (CHW, values in [-1, 1]) to displayable images. */
public final class Images {

    private Images() {}

    /** The packed RGB value of pixel (y, x) of the image starting at {@code off}. */
    public static int rgb(float[] im, int off, int channels, int res, int y, int x) {
        int plane = res * res;
        int i = off + y * res + x;
        int r = ImageSet.unitToPixel(im[i]) & 0xFF;
        if (channels == 1) {
            return (r << 16) | (r << 8) | r;
        }
        int g = ImageSet.unitToPixel(im[i + plane]) & 0xFF;
        int b = ImageSet.unitToPixel(im[i + 2 * plane]) & 0xFF;
        return (r << 16) | (g << 8) | b;
    }

    /** One image as a grayscale or RGB {@link BufferedImage}. */
    public static BufferedImage toImage(float[] im, int off, int channels, int res) {
        BufferedImage img = new BufferedImage(res, res,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < res; y++) {
            for (int x = 0; x < res; x++) {
                if (channels == 1) {
                    img.getRaster().setSample(x, y, 0, ImageSet.unitToPixel(im[off + y * res + x]) & 0xFF);
                } else {
                    img.setRGB(x, y, rgb(im, off, channels, res, y, x));
                }
            }
        }
        return img;
    }
}
