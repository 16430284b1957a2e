package org.fedsynth.run;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy {@code .npy} v1.0 format for little-endian float32 tensors, so checkpoints open with
 * {@code numpy.load} for inspection. Only what checkpoints need: C order, {@code <f4}.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** A decoded float32 array. */
    public record Array(long[] shape, float[] data) {}

    /** Writes a float32 array. */
    public static void write(OutputStream out, long[] shape, float[] data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        if (shape.length > 1) {
            dims.setLength(dims.length() - 2);
        } else if (shape.length == 0) {
            dims.setLength(0);
        } else {
            dims.setLength(dims.length() - 1);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = MAGIC.length + 2 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(header.length() & 0xFF);
        out.write((header.length() >> 8) & 0xFF);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer buf = ByteBuffer.allocate(Math.min(data.length, 1 << 18) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            buf.clear();
            int n = Math.min(data.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(data, i, n);
            out.write(buf.array(), 0, n * 4);
            i += n;
        }
    }

    /** Reads a float32 array written by {@link #write}; {@code what} names it in errors. */
    public static Array read(InputStream in, String what) throws IOException {
        DataInputStream din = new DataInputStream(in);
        byte[] magic = new byte[8];
        din.readFully(magic);
        for (int i = 0; i < 6; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new IOException(what + ": not a .npy array");
            }
        }
        int len = (din.readUnsignedByte()) | (din.readUnsignedByte() << 8);
        byte[] h = new byte[len];
        din.readFully(h);
        String header = new String(h, StandardCharsets.US_ASCII);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException(what + ": expected a C-order float32 array, header " + header.trim());
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException(what + ": no shape in header " + header.trim());
        }
        String[] parts = m.group(1).split(",");
        long n = 1;
        java.util.List<Long> dims = new java.util.ArrayList<>();
        for (String p : parts) {
            if (!p.isBlank()) {
                long d = Long.parseLong(p.trim());
                dims.add(d);
                n *= d;
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        byte[] bytes = din.readNBytes(Math.toIntExact(n * 4));
        if (bytes.length != n * 4) {
            throw new IOException(what + ": truncated array (" + bytes.length + " of " + n * 4 + " bytes)");
        }
        float[] data = new float[(int) n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new Array(shape, data);
    }

    /** Encodes to bytes (for tests). */
    static byte[] encode(long[] shape, float[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, shape, data);
        return out.toByteArray();
    }
}
