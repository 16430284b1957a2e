package org.fedsynth.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Small helpers for writing well-formed (XML-parsable) HTML with inline images. */
final class Html {

    private Html() {}

    /** Escapes text and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A PNG {@code data:} URI of encoded bytes. */
    static String pngUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** A PNG {@code data:} URI of an image. */
    static String pngUri(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pngUri(out.toByteArray());
    }

    /** An {@code <img>} element with an inline PNG. */
    static String img(String uri, String alt, String cls, int width, int height) {
        return "<img src=\"" + uri + "\" alt=\"" + esc(alt) + "\"" + (cls == null ? "" : " class=\"" + cls + "\"")
                + " width=\"" + width + "\" height=\"" + height + "\" />";
    }
}
