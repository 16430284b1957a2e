package org.fedsynth.data.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes small, valid uncompressed DICOM files (PS3.10, Explicit VR Little Endian, Secondary
 * Capture): what FedSynth's tests and its DICOM load benchmark generate their folders with. Not a
 * general DICOM writer: only the attributes of a grey or RGB image are written. Files are written to
 * a temporary file and renamed, so a reader never sees half of one.
 */
public final class DicomWriter {

    private static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

    private final TreeMap<Integer, byte[]> elements = new TreeMap<>(Integer::compareUnsigned);
    private final Map<Integer, String> vrs = new TreeMap<>(Integer::compareUnsigned);

    /** A data set with the SOP class and instance set. */
    public DicomWriter(String sopInstanceUid) {
        text(0x00080016, "UI", SECONDARY_CAPTURE);
        text(DicomDataset.SOP_INSTANCE_UID, "UI", sopInstanceUid);
    }

    /** Sets a text attribute (padded to even length as the standard asks). */
    public DicomWriter text(int tag, String vr, String value) {
        byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length % 2 == 1) {
            byte[] p = new byte[b.length + 1];
            System.arraycopy(b, 0, p, 0, b.length);
            p[b.length] = (byte) (vr.equals("UI") ? 0 : ' ');
            b = p;
        }
        elements.put(tag, b);
        vrs.put(tag, vr);
        return this;
    }

    /** Sets a US attribute. */
    public DicomWriter us(int tag, int value) {
        elements.put(tag, new byte[] {(byte) value, (byte) (value >>> 8)});
        vrs.put(tag, "US");
        return this;
    }

    /**
     * Sets the image: grey ({@code samples} 1, MONOCHROME2 or MONOCHROME1) or RGB ({@code samples} 3,
     * interleaved), {@code bits} 8 or 16 allocated and stored, {@code frames} frames of
     * {@code rows * columns * samples} values each.
     */
    public DicomWriter image(int rows, int columns, int samples, int bits, boolean signed, String photometric, int frames,
            int[] values) {
        if (values.length != rows * columns * samples * frames) {
            throw new IllegalArgumentException(values.length + " values for " + frames + " x " + rows + " x " + columns + " x "
                    + samples);
        }
        us(DicomDataset.SAMPLES_PER_PIXEL, samples);
        text(DicomDataset.PHOTOMETRIC, "CS", photometric);
        if (samples == 3) {
            us(DicomDataset.PLANAR_CONFIGURATION, 0);
        }
        if (frames > 1) {
            text(DicomDataset.NUMBER_OF_FRAMES, "IS", Integer.toString(frames));
        }
        us(DicomDataset.ROWS, rows);
        us(DicomDataset.COLUMNS, columns);
        us(DicomDataset.BITS_ALLOCATED, bits);
        us(DicomDataset.BITS_STORED, bits);
        us(DicomDataset.HIGH_BIT, bits - 1);
        us(DicomDataset.PIXEL_REPRESENTATION, signed ? 1 : 0);
        int bps = bits / 8;
        byte[] px = new byte[values.length * bps + (values.length * bps) % 2];
        for (int i = 0; i < values.length; i++) {
            px[i * bps] = (byte) values[i];
            if (bps == 2) {
                px[i * bps + 1] = (byte) (values[i] >>> 8);
            }
        }
        elements.put(DicomDataset.PIXEL_DATA, px);
        vrs.put(DicomDataset.PIXEL_DATA, bits == 8 ? "OB" : "OW");
        return this;
    }

    /** The file's bytes: preamble, DICM, file meta, data set. */
    public byte[] bytes() {
        try {
            ByteArrayOutputStream meta = new ByteArrayOutputStream();
            element(meta, 0x00020001, "OB", new byte[] {0, 1});
            element(meta, 0x00020002, "UI", pad(elements.get(0x00080016)));
            element(meta, 0x00020003, "UI", pad(elements.get(DicomDataset.SOP_INSTANCE_UID)));
            element(meta, DicomDataset.TRANSFER_SYNTAX_UID, "UI", pad(TransferSyntax.EXPLICIT_LE.uid().getBytes(StandardCharsets.US_ASCII)));
            element(meta, 0x00020012, "UI", pad("1.2.826.0.1.3680043.10.1234.1".getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[128]);
            out.write("DICM".getBytes(StandardCharsets.US_ASCII));
            int len = meta.size();
            element(out, 0x00020000, "UL", new byte[] {(byte) len, (byte) (len >>> 8), (byte) (len >>> 16), (byte) (len >>> 24)});
            meta.writeTo(out);
            for (Map.Entry<Integer, byte[]> e : elements.entrySet()) {
                element(out, e.getKey(), vrs.get(e.getKey()), e.getValue());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the file atomically. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".dicomwriter", ".tmp");
        try {
            Files.write(tmp, bytes());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] pad(byte[] b) {
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] p = new byte[b.length + 1];
        System.arraycopy(b, 0, p, 0, b.length);
        return p;
    }

    private static void element(ByteArrayOutputStream out, int tag, String vr, byte[] value) throws IOException {
        out.write(new byte[] {(byte) (tag >>> 16), (byte) (tag >>> 24), (byte) tag, (byte) (tag >>> 8)});
        out.write(vr.getBytes(StandardCharsets.US_ASCII));
        boolean longForm = Set4.LONG.contains(vr);
        int n = value.length;
        if (longForm) {
            out.write(new byte[] {0, 0, (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        } else {
            out.write(new byte[] {(byte) n, (byte) (n >>> 8)});
        }
        out.write(value);
    }

    private static final class Set4 {
        static final java.util.Set<String> LONG = java.util.Set.of("OB", "OW", "OF", "SQ", "UT", "UN");
    }
}
