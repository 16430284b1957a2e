package org.fedsynth.data.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.fedsynth.data.DatasetException;

/**
 * The top-level data elements of one DICOM file (PS3.10 file, or a bare PS3.5 data set with no
 * preamble and no file meta), read once into memory: the values FedSynth needs to decode and window
 * its pixels, and where its pixel data lies (native bytes, or the fragments of an encapsulated,
 * compressed stream).
 *
 * <p>This is the element framing of PS3.5 chapter 7 only (tags, value representations, lengths,
 * sequences of defined and undefined length, encapsulation): the pixel codecs are libraries (see
 * {@link TransferSyntax.Codec}). It is written here because no library on Maven Central parses the
 * header of a compressed file (ImageJ stops at the transfer syntax; dcm4che is not on Central):
 * see docs/DESIGN.md "DICOM".
 *
 * <p>Without file meta the transfer syntax is guessed from the first element: explicit VR if its
 * bytes 4-5 are a value representation, else implicit VR little endian (the default syntax).
 */
public final class DicomDataset {

    /** (0002,0010) Transfer Syntax UID. */
    public static final int TRANSFER_SYNTAX_UID = 0x00020010;
    /** (0008,0018) SOP Instance UID. */
    public static final int SOP_INSTANCE_UID = 0x00080018;
    /** (0008,0060) Modality. */
    public static final int MODALITY = 0x00080060;
    /** (0010,0020) Patient ID. */
    public static final int PATIENT_ID = 0x00100020;
    /** (0028,0002) Samples per Pixel. */
    public static final int SAMPLES_PER_PIXEL = 0x00280002;
    /** (0028,0004) Photometric Interpretation. */
    public static final int PHOTOMETRIC = 0x00280004;
    /** (0028,0006) Planar Configuration. */
    public static final int PLANAR_CONFIGURATION = 0x00280006;
    /** (0028,0008) Number of Frames. */
    public static final int NUMBER_OF_FRAMES = 0x00280008;
    /** (0028,0010) Rows. */
    public static final int ROWS = 0x00280010;
    /** (0028,0011) Columns. */
    public static final int COLUMNS = 0x00280011;
    /** (0028,0100) Bits Allocated. */
    public static final int BITS_ALLOCATED = 0x00280100;
    /** (0028,0101) Bits Stored. */
    public static final int BITS_STORED = 0x00280101;
    /** (0028,0102) High Bit. */
    public static final int HIGH_BIT = 0x00280102;
    /** (0028,0103) Pixel Representation (0 unsigned, 1 two's complement). */
    public static final int PIXEL_REPRESENTATION = 0x00280103;
    /** (0028,1050) Window Center. */
    public static final int WINDOW_CENTER = 0x00281050;
    /** (0028,1051) Window Width. */
    public static final int WINDOW_WIDTH = 0x00281051;
    /** (0028,1052) Rescale Intercept. */
    public static final int RESCALE_INTERCEPT = 0x00281052;
    /** (0028,1053) Rescale Slope. */
    public static final int RESCALE_SLOPE = 0x00281053;
    /** (0028,1056) VOI LUT Function. */
    public static final int VOI_LUT_FUNCTION = 0x00281056;
    /** (0028,1101) Red Palette Color Lookup Table Descriptor (green and blue follow). */
    public static final int RED_PALETTE_DESCRIPTOR = 0x00281101;
    /** (0028,1201) Red Palette Color Lookup Table Data (green and blue follow). */
    public static final int RED_PALETTE_DATA = 0x00281201;
    /** (7FE0,0010) Pixel Data. */
    public static final int PIXEL_DATA = 0x7FE00010;
    /** (7FE0,0008) Float Pixel Data. */
    public static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    /** (7FE0,0009) Double Float Pixel Data. */
    public static final int DOUBLE_PIXEL_DATA = 0x7FE00009;

    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITATION = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    /** Value representations with a 2-byte reserved field and a 4-byte length in explicit VR. */
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final Set<String> ALL_VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB",
            "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT",
            "UV");
    /** VRs of the 16-bit integer tags read here, for implicit-VR files (which do not say). */
    private static final Set<Integer> US_TAGS = Set.of(SAMPLES_PER_PIXEL, PLANAR_CONFIGURATION, ROWS, COLUMNS, BITS_ALLOCATED,
            BITS_STORED, HIGH_BIT, PIXEL_REPRESENTATION, RED_PALETTE_DESCRIPTOR, RED_PALETTE_DESCRIPTOR + 1,
            RED_PALETTE_DESCRIPTOR + 2);

    /** One top-level element: its value is {@code length} bytes of {@code buffer} from {@code offset}. */
    record Element(int tag, String vr, byte[] buffer, int offset, int length) {}

    /** One fragment of encapsulated pixel data. */
    record Fragment(int offset, int length) {}

    private final Path file;
    private final TransferSyntax syntax;
    private final String syntaxUid;
    private final boolean hasFileMeta;
    private final Map<Integer, Element> elements;
    private final boolean bigEndian;
    private final byte[] body;
    private final List<Fragment> fragments;
    private final long[] offsetTable;

    private DicomDataset(Path file, TransferSyntax syntax, String syntaxUid, boolean hasFileMeta, Map<Integer, Element> elements,
            byte[] body, List<Fragment> fragments, long[] offsetTable) {
        this.file = file;
        this.syntax = syntax;
        this.syntaxUid = syntaxUid;
        this.hasFileMeta = hasFileMeta;
        this.elements = elements;
        this.bigEndian = syntax != null && syntax.bigEndian();
        this.body = body;
        this.fragments = fragments;
        this.offsetTable = offsetTable;
    }

    /**
     * Reads {@code file}.
     *
     * @throws DatasetException if it cannot be read, is not DICOM, is truncated or malformed, or names
     *     a transfer syntax FedSynth does not know (each message names the file)
     */
    public static DicomDataset read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read file (" + e.getMessage() + ")", e);
        }
        return parse(file, bytes);
    }

    /** Parses the bytes of a file already read ({@code file} names it in messages). */
    public static DicomDataset parse(Path file, byte[] bytes) {
        int pos;
        boolean preamble = bytes.length >= 132 && bytes[128] == 'D' && bytes[129] == 'I' && bytes[130] == 'C' && bytes[131] == 'M';
        pos = preamble ? 132 : 0;
        Map<Integer, Element> elements = new HashMap<>();
        String syntaxUid = null;
        boolean meta = false;
        Reader metaReader = new Reader(file, bytes, false, true);
        if (bytes.length >= pos + 8 && metaReader.u16(pos) == 0x0002) {
            meta = true;
            while (pos + 8 <= bytes.length && metaReader.u16(pos) == 0x0002) {
                pos = metaReader.element(pos, bytes.length, elements);
            }
            Element ts = elements.get(TRANSFER_SYNTAX_UID);
            if (ts == null) {
                throw new DatasetException(file, "the file meta has no Transfer Syntax UID (0002,0010): the file is malformed;"
                        + " re-export it from the PACS or convert it with dcmconv/gdcmconv");
            }
            syntaxUid = text(ts).strip();
        } else if (preamble) {
            throw new DatasetException(file, "has the DICM prefix but no file meta group (0002) after it: the file is malformed");
        }
        TransferSyntax syntax;
        if (syntaxUid == null) {
            syntax = guessSyntax(file, bytes, pos);
            syntaxUid = syntax.uid();
        } else {
            String uid = syntaxUid;
            syntax = TransferSyntax.of(uid).orElseThrow(() -> new DatasetException(file, "unknown transfer syntax UID '" + uid
                    + "' in the file meta (0002,0010); convert the file to Explicit VR Little Endian (1.2.840.10008.1.2.1), e.g."
                    + " with 'gdcmconv --raw' or 'dcmdjpeg'"));
        }
        byte[] body = bytes;
        if (syntax == TransferSyntax.DEFLATED_EXPLICIT_LE) {
            body = inflate(file, bytes, pos);
            pos = 0;
        }
        Reader reader = new Reader(file, body, syntax.bigEndian(), syntax.explicitVr());
        while (pos < body.length) {
            if (body.length - pos < 8) {
                if (allZero(body, pos)) {
                    break; // trailing padding
                }
                throw new DatasetException(file, "is truncated: " + (body.length - pos) + " stray bytes at the end (byte " + pos + ")");
            }
            pos = reader.element(pos, body.length, elements);
        }
        return new DicomDataset(file, syntax, syntaxUid, meta, elements, body, reader.fragments, reader.offsetTable);
    }

    private static boolean allZero(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static TransferSyntax guessSyntax(Path file, byte[] b, int pos) {
        if (b.length < pos + 8) {
            throw new DatasetException(file, "is not a DICOM file (" + b.length + " bytes, too short)");
        }
        int groupLe = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
        int groupBe = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
        String vr = new String(b, pos + 4, 2, StandardCharsets.US_ASCII);
        boolean explicit = ALL_VRS.contains(vr);
        if (groupLe >= 0x0002 && groupLe <= 0x0010 && groupLe % 2 == 0) {
            return explicit ? TransferSyntax.EXPLICIT_LE : TransferSyntax.IMPLICIT_LE;
        }
        if (explicit && groupBe >= 0x0002 && groupBe <= 0x0010 && groupBe % 2 == 0) {
            return TransferSyntax.EXPLICIT_BE;
        }
        throw new DatasetException(file, "is not a DICOM file: no 'DICM' at byte 128 and no DICOM data element at the start"
                + " (a DICOM file from a PACS or a scanner export is expected)");
    }

    private static byte[] inflate(Path file, byte[] bytes, int pos) {
        Inflater inf = new Inflater(true);
        inf.setInput(bytes, pos, bytes.length - pos);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 3);
        byte[] buf = new byte[65536];
        try {
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new DatasetException(file, "its deflated data set cannot be inflated (" + e.getMessage() + ")", e);
        } finally {
            inf.end();
        }
        return out.toByteArray();
    }

    // ---- the element walker ----

    /** Reads elements of one encoding from one buffer; collects the pixel data's fragments. */
    private static final class Reader {
        final Path file;
        final byte[] b;
        final boolean bigEndian;
        final boolean explicit;
        List<Fragment> fragments;
        long[] offsetTable;

        Reader(Path file, byte[] b, boolean bigEndian, boolean explicit) {
            this.file = file;
            this.b = b;
            this.bigEndian = bigEndian;
            this.explicit = explicit;
        }

        int u16(int p) {
            return bigEndian ? (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF) : (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
        }

        long u32(int p) {
            long lo = u16(p);
            long hi = u16(p + 2);
            return bigEndian ? lo << 16 | hi : hi << 16 | lo;
        }

        /** Item tags and lengths; always in the data set's byte order. */
        int tag(int p) {
            return u16(p) << 16 | u16(p + 2);
        }

        /** Reads the element at {@code p}; records it in {@code into} if not null; returns the next position. */
        int element(int p, int end, Map<Integer, Element> into) {
            need(p, 8, end, "a data element");
            int tag = tag(p);
            String vr = null;
            long len;
            int header;
            if (explicit && (tag >>> 16) != 0xFFFE) {
                vr = new String(b, p + 4, 2, StandardCharsets.US_ASCII);
                if (LONG_VRS.contains(vr)) {
                    need(p, 12, end, "a data element");
                    len = u32(p + 8);
                    header = 12;
                } else if (ALL_VRS.contains(vr)) {
                    len = u16(p + 6);
                    header = 8;
                } else {
                    throw new DatasetException(file, String.format("malformed element %s at byte %d: value representation '%s' is"
                            + " not a DICOM VR (is the transfer syntax in the file meta right?)", tagText(tag), p, printable(vr)));
                }
            } else {
                len = u32(p + 4);
                header = 8;
            }
            int value = p + header;
            if (len == UNDEFINED) {
                if (tag == PIXEL_DATA && into != null) {
                    return encapsulated(value, end);
                }
                // a sequence (or UN) of undefined length; "UN" contents are implicit VR little endian (PS3.5 6.2.2)
                Reader inner = "UN".equals(vr) ? new Reader(file, b, false, false) : this;
                return inner.sequence(value, end);
            }
            if (len > end - value) {
                throw new DatasetException(file, String.format("is truncated: element %s at byte %d needs %d bytes, only %d are left"
                        + " (was the file copied in full?)", tagText(tag), p, len, end - value));
            }
            if (into != null && (tag >>> 16) != 0xFFFE) {
                into.putIfAbsent(tag, new Element(tag, vr, b, value, (int) len));
            }
            return value + (int) len;
        }

        /** Skips a sequence of undefined length starting at its first item; returns the position after its delimiter. */
        int sequence(int p, int end) {
            while (true) {
                need(p, 8, end, "a sequence item");
                int tag = tag(p);
                long len = u32(p + 4);
                if (tag == SEQUENCE_DELIMITATION) {
                    return p + 8;
                }
                if (tag != ITEM) {
                    throw new DatasetException(file, String.format("malformed sequence at byte %d: expected an item (FFFE,E000),"
                            + " found %s", p, tagText(tag)));
                }
                if (len == UNDEFINED) {
                    p += 8;
                    while (true) {
                        need(p, 8, end, "an item");
                        if (tag(p) == ITEM_DELIMITATION) {
                            p += 8;
                            break;
                        }
                        p = element(p, end, null);
                    }
                } else {
                    if (len > end - p - 8) {
                        throw new DatasetException(file, "is truncated inside a sequence item at byte " + p);
                    }
                    p += 8 + (int) len;
                }
            }
        }

        /** Reads encapsulated pixel data: the basic offset table item, then fragments up to the delimiter. */
        int encapsulated(int p, int end) {
            fragments = new ArrayList<>();
            boolean first = true;
            while (true) {
                need(p, 8, end, "an encapsulated pixel data item");
                int tag = tag(p);
                long len = u32(p + 4);
                if (tag == SEQUENCE_DELIMITATION) {
                    if (offsetTable == null) {
                        offsetTable = new long[0];
                    }
                    return p + 8;
                }
                if (tag != ITEM || len == UNDEFINED || len > end - p - 8) {
                    throw new DatasetException(file, String.format("malformed or truncated encapsulated pixel data at byte %d (%s,"
                            + " length %d)", p, tagText(tag), len));
                }
                if (first) {
                    offsetTable = new long[(int) (len / 4)];
                    for (int i = 0; i < offsetTable.length; i++) {
                        offsetTable[i] = u32(p + 8 + 4 * i);
                    }
                    first = false;
                } else {
                    fragments.add(new Fragment(p + 8, (int) len));
                }
                p += 8 + (int) len;
            }
        }

        private void need(int p, int n, int end, String what) {
            if (end - p < n) {
                throw new DatasetException(file, "is truncated: " + what + " at byte " + p + " needs " + n + " bytes, only "
                        + Math.max(0, end - p) + " are left");
            }
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }

    /** {@code (GGGG,EEEE)}. */
    public static String tagText(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    private static String text(Element e) {
        String s = new String(e.buffer(), e.offset(), e.length(), StandardCharsets.ISO_8859_1);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    // ---- values ----

    /** The file this data set was read from. */
    public Path file() {
        return file;
    }

    /** Its transfer syntax. */
    public TransferSyntax syntax() {
        return syntax;
    }

    /** Its transfer syntax UID as written. */
    public String syntaxUid() {
        return syntaxUid;
    }

    /** Whether it had PS3.10 file meta (group 0002). */
    public boolean hasFileMeta() {
        return hasFileMeta;
    }

    /** Whether a top-level element with {@code tag} is present. */
    public boolean has(int tag) {
        return elements.containsKey(tag);
    }

    /** A text value (trailing spaces and NULs removed), if present and not empty. */
    public Optional<String> string(int tag) {
        Element e = elements.get(tag);
        if (e == null) {
            return Optional.empty();
        }
        String s = text(e).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** The first value of a US, SS, UL, SL or IS element, if present. */
    public Optional<Integer> integer(int tag) {
        int[] v = integers(tag);
        return v.length == 0 ? Optional.empty() : Optional.of(v[0]);
    }

    /** All values of a 16-bit (US/SS), 32-bit (UL/SL) or IS element; empty if absent. */
    public int[] integers(int tag) {
        Element e = elements.get(tag);
        if (e == null || e.length() == 0) {
            return new int[0];
        }
        String vr = e.vr() != null ? e.vr() : (US_TAGS.contains(tag) ? "US" : tag == NUMBER_OF_FRAMES ? "IS" : "UN");
        return switch (vr) {
            case "US", "SS", "OW" -> {
                int[] v = new int[e.length() / 2];
                for (int i = 0; i < v.length; i++) {
                    int x = u16(e, 2 * i);
                    v[i] = vr.equals("SS") ? (short) x : x;
                }
                yield v;
            }
            case "UL", "SL" -> {
                int[] v = new int[e.length() / 4];
                for (int i = 0; i < v.length; i++) {
                    int first = u16(e, 4 * i);
                    int second = u16(e, 4 * i + 2);
                    v[i] = bigEndian ? first << 16 | second : second << 16 | first;
                }
                yield v;
            }
            case "IS", "DS" -> {
                double[] d = decimals(tag);
                int[] v = new int[d.length];
                for (int i = 0; i < d.length; i++) {
                    v[i] = (int) Math.round(d[i]);
                }
                yield v;
            }
            default -> throw new DatasetException(file, "element " + tagText(tag) + " has value representation " + vr
                    + " where a number is expected");
        };
    }

    /** All values of a DS or IS element (backslash-separated); empty if absent. */
    public double[] decimals(int tag) {
        Optional<String> s = string(tag);
        if (s.isEmpty()) {
            return new double[0];
        }
        String[] parts = s.get().split("\\\\");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new DatasetException(file, "element " + tagText(tag) + " holds '" + s.get() + "', not a number");
            }
        }
        return v;
    }

    /** The raw 16-bit words of an OW element (palette data), in the data set's byte order. */
    int[] words(int tag) {
        Element e = elements.get(tag);
        if (e == null) {
            return new int[0];
        }
        int[] v = new int[e.length() / 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = u16(e, 2 * i);
        }
        return v;
    }

    private int u16(Element e, int i) {
        byte[] b = e.buffer();
        int p = e.offset() + i;
        return bigEndian ? (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF) : (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    /** The native pixel data element, if the pixel data is not encapsulated. */
    Optional<Element> nativePixels() {
        return fragments == null ? Optional.ofNullable(elements.get(PIXEL_DATA)) : Optional.empty();
    }

    /** Whether there is pixel data at all (native or encapsulated). */
    public boolean hasPixelData() {
        return fragments != null || elements.containsKey(PIXEL_DATA);
    }

    /** The bytes of {@code frame} of encapsulated pixel data, its fragments joined. */
    byte[] encapsulatedFrame(int frame, int frameCount) {
        if (fragments == null) {
            throw new IllegalStateException("pixel data is not encapsulated");
        }
        List<Fragment> parts = framesOf(frameCount).get(frame);
        int n = parts.stream().mapToInt(Fragment::length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (Fragment f : parts) {
            System.arraycopy(body, f.offset(), out, at, f.length());
            at += f.length();
        }
        return out;
    }

    /** Groups the fragments into frames: by the basic offset table, one per frame, or by start-of-image markers. */
    private List<List<Fragment>> framesOf(int frameCount) {
        List<List<Fragment>> frames = new ArrayList<>();
        if (fragments.isEmpty()) {
            throw new DatasetException(file, "its encapsulated pixel data holds no fragments");
        }
        if (frameCount == 1) {
            frames.add(fragments);
            return frames;
        }
        if (offsetTable.length == frameCount) {
            int at = 0; // byte position of each fragment item relative to the first fragment item
            int next = 1;
            List<Fragment> cur = new ArrayList<>();
            for (Fragment f : fragments) {
                if (next < frameCount && at >= offsetTable[next]) {
                    frames.add(cur);
                    cur = new ArrayList<>();
                    next++;
                }
                cur.add(f);
                at += 8 + f.length();
            }
            frames.add(cur);
            if (frames.size() == frameCount) {
                return frames;
            }
            frames.clear();
        }
        if (fragments.size() == frameCount) {
            fragments.forEach(f -> frames.add(List.of(f)));
            return frames;
        }
        List<Fragment> cur = null;
        for (Fragment f : fragments) {
            boolean starts = f.length() >= 2 && (body[f.offset()] & 0xFF) == 0xFF
                    && ((body[f.offset() + 1] & 0xFF) == 0xD8 || (body[f.offset() + 1] & 0xFF) == 0x4F);
            if (starts || cur == null) {
                cur = new ArrayList<>();
                frames.add(cur);
            }
            cur.add(f);
        }
        if (frames.size() != frameCount) {
            throw new DatasetException(file, "its " + fragments.size() + " pixel data fragments cannot be split into the "
                    + frameCount + " frames it declares (no usable offset table)");
        }
        return frames;
    }
}
