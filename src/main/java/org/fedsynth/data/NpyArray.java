package org.fedsynth.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One array from a NumPy {@code .npy} file (format versions 1 to 3), restricted to what MedMNIST
 * uses: C order and dtype {@code |u1} (uint8), {@code <i4} or {@code <i8} (little-endian int32 /
 * int64). See the NumPy "NEP 1" .npy format description.
 *
 * @param name the array name, for messages
 * @param dtype the dtype string, e.g. {@code |u1}
 * @param shape the shape
 * @param data the raw little-endian element bytes, C order
 */
record NpyArray(String name, String dtype, int[] shape, byte[] data) {

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
    static NpyArray parse(String name, byte[] bytes) {
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
    int count() {
        return data.length / itemSize(name, dtype);
    }

    /** Element {@code i} as a long (any supported dtype). */
    long get(int i) {
        return switch (dtype) {
            case "|u1", "<u1" -> data[i] & 0xFF;
            case "<i4" -> ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(4 * i);
            default -> ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong(8 * i);
        };
    }

    /** The shape as Python prints it, e.g. {@code (10, 28)} or {@code (5,)}. */
    static String shapeString(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return "(" + String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toList()) + ")";
    }

    private static int itemSize(String name, String dtype) {
        return switch (dtype) {
            case "|u1", "<u1" -> 1;
            case "<i4" -> 4;
            case "<i8" -> 8;
            default -> throw new IllegalArgumentException("array '" + name + "' has dtype '" + dtype
                    + "'; supported: '|u1' (uint8), '<i4' (int32), '<i8' (int64)");
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
}
