package org.fedsynth.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One array of a NumPy {@code .npy} file (format versions 1 to 3), restricted to what FedSynth
 * reads and writes: C order and dtype {@code |u1} (uint8), {@code <i4}, {@code <i8} (MedMNIST
 * images and labels) or {@code <f4} (float32, checkpoints). See the NumPy "NEP 1" .npy format.
 *
 * @param name the array name, for messages
 * @param dtype the dtype string, e.g. {@code |u1}
 * @param shape the shape
 * @param data the raw little-endian element bytes, C order
 */
public record NpyArray(String name, String dtype, int[] shape, byte[] data) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * Parses an .npy file's bytes.
     *
     * @throws IllegalArgumentException with a message naming the array and the problem (callers
     *     wrap it with the file name)
     */
    public static NpyArray parse(String name, byte[] bytes) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IllegalArgumentException("array '" + name + "' is not in .npy format (bad magic bytes)");
        }
        int major = bytes[6];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLen = buf.getInt(8);
            headerStart = 12;
        } else {
            throw new IllegalArgumentException("array '" + name + "' has unsupported .npy version " + major);
        }
        if (headerLen < 0 || headerStart + headerLen > bytes.length) {
            throw new IllegalArgumentException("array '" + name + "' has a truncated .npy header");
        }
        String header = new String(bytes, headerStart, headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String dtype = find(name, DESCR, header, "descr");
        if (find(name, FORTRAN, header, "fortran_order").equals("True")) {
            throw new IllegalArgumentException("array '" + name
                    + "' is stored in Fortran order; only C order is supported (save it with np.ascontiguousarray)");
        }
        int[] shape = parseShape(name, find(name, SHAPE, header, "shape"));
        int itemSize = itemSize(name, dtype);
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        int dataStart = headerStart + headerLen;
        if ((long) bytes.length - dataStart != count * itemSize) {
            throw new IllegalArgumentException("array '" + name + "' has " + (bytes.length - dataStart)
                    + " data bytes, its shape " + shapeString(shape) + " and dtype '" + dtype + "' need "
                    + count * itemSize + " (file truncated?)");
        }
        return new NpyArray(name, dtype, shape, Arrays.copyOfRange(bytes, dataStart, bytes.length));
    }

    /** Number of elements. */
    public int count() {
        return data.length / itemSize(name, dtype);
    }

    /** Element {@code i} as a long (an integer dtype). */
    public long get(int i) {
        return switch (dtype) {
            case "|u1", "<u1" -> data[i] & 0xFF;
            case "<i4" -> ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(4 * i);
            default -> ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong(8 * i);
        };
    }

    /** The shape as Python prints it, e.g. {@code (10, 28)} or {@code (5,)}. */
    public static String shapeString(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return "(" + String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toList()) + ")";
    }

    private static int itemSize(String name, String dtype) {
        return switch (dtype) {
            case "|u1", "<u1" -> 1;
            case "<i4", "<f4" -> 4;
            case "<i8" -> 8;
            default -> throw new IllegalArgumentException("array '" + name + "' has dtype '" + dtype
                    + "'; supported: '|u1' (uint8), '<i4' (int32), '<i8' (int64), '<f4' (float32)");
        };
    }

    private static String find(String name, Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("array '" + name + "' has a .npy header without '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    private static int[] parseShape(String name, String s) {
        String[] parts = s.split(",");
        return Arrays.stream(parts).map(String::trim).filter(x -> !x.isEmpty()).mapToInt(x -> {
            try {
                return Math.toIntExact(Long.parseLong(x.endsWith("L") ? x.substring(0, x.length() - 1) : x));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("array '" + name + "' has an unreadable shape (" + s + ")");
            }
        }).toArray();
    }

    /** Whether the dtype is an integer type ({@code |u1}, {@code <i4}, {@code <i8}). */
    public boolean isInteger() {
        return !dtype.equals("<f4");
    }

    /** The shape as longs. */
    public long[] longShape() {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    /** All elements as floats; the dtype must be {@code <f4}. */
    public float[] floats() {
        if (!dtype.equals("<f4")) {
            throw new IllegalArgumentException("array '" + name + "' has dtype '" + dtype + "', expected '<f4' (float32)");
        }
        float[] out = new float[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** Writes a C-order float32 array as {@code .npy} v1.0 (so {@code numpy.load} opens it). */
    public static void writeFloats(OutputStream out, long[] shape, float[] data) throws IOException {
        String dims = shape.length == 1 ? shape[0] + ","
                : String.join(", ", Arrays.stream(shape).mapToObj(Long::toString).toList());
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int pad = (64 - (MAGIC.length + 4 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(new byte[] {1, 0, (byte) (header.length() & 0xFF), (byte) ((header.length() >> 8) & 0xFF)});
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer buf = ByteBuffer.allocate(Math.min(data.length, 1 << 18) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            int n = Math.min(data.length - i, buf.capacity() / 4);
            buf.clear();
            buf.asFloatBuffer().put(data, i, n);
            out.write(buf.array(), 0, n * 4);
            i += n;
        }
    }
}
