package org.fedsynth.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Small test-data writers: PNG/JPEG images, .npy arrays and .npz archives, written by hand. */
final class TestFiles {

    private TestFiles() {
    }

    /** A gray image whose pixel (x, y) is {@code (base + x + 10 * y) & 0xFF}. */
    static BufferedImage gray(int w, int h, int base) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (base + x + 10 * y) & 0xFF);
            }
        }
        return img;
    }

    /** An image of {@code type} filled with one ARGB colour. */
    static BufferedImage filled(int w, int h, int type, int argb) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, argb);
            }
        }
        return img;
    }

    /** Writes {@code img} to {@code file} in {@code format} ("png" or "jpg"), creating folders. */
    static Path write(BufferedImage img, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no writer for " + format);
        }
        return file;
    }

    /** The bytes of a version-1 .npy file with the given dtype, shape, fortran flag and raw data. */
    static byte[] npy(String dtype, int[] shape, boolean fortran, byte[] data) {
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
                : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
        StringBuilder header = new StringBuilder("{'descr': '" + dtype + "', 'fortran_order': "
                + (fortran ? "True" : "False") + ", 'shape': " + shapeText + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        buf.putShort((short) h.length);
        buf.put(h).put(data);
        return buf.array();
    }

    /** A C-order uint8 .npy. */
    static byte[] npyU8(int[] shape, byte[] data) {
        return npy("|u1", shape, false, data);
    }

    /** A C-order little-endian int64 .npy. */
    static byte[] npyI64(int[] shape, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return npy("<i8", shape, false, b.array());
    }

    /** Writes a .npz (zip of {@code <name>.npy} entries, deflated like np.savez_compressed). */
    static Path npz(Path file, Map<String, byte[]> arrays) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            bytes.writeTo(out);
        }
        return file;
    }

    /** Bytes 0, 1, 2, ... (mod 256). */
    static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
