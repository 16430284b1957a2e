package org.fedsynth.data.dicom;

import java.util.Arrays;
import java.util.Optional;

/**
 * The DICOM transfer syntaxes FedSynth knows by name (PS3.5 Annex A), how each is encoded, and
 * which codec decodes its pixels.
 *
 * @see Codec
 */
public enum TransferSyntax {
    IMPLICIT_LE("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, Codec.NATIVE),
    EXPLICIT_LE("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, Codec.NATIVE),
    DEFLATED_EXPLICIT_LE("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, Codec.NATIVE),
    EXPLICIT_BE("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", true, true, Codec.NATIVE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, Codec.JPEG),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, Codec.JPEG),
    JPEG_LOSSLESS_P14("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, Codec.JPEG),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])",
            true, false, Codec.JPEG),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", true, false, Codec.UNSUPPORTED),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)", true, false, Codec.UNSUPPORTED),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", true, false, Codec.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, false, Codec.JPEG_2000),
    HTJ2K_LOSSLESS("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)", true, false, Codec.UNSUPPORTED),
    HTJ2K("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", true, false, Codec.UNSUPPORTED),
    MPEG2("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", true, false, Codec.UNSUPPORTED),
    MPEG4("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", true, false, Codec.UNSUPPORTED),
    RLE("1.2.840.10008.1.2.5", "RLE Lossless", true, false, Codec.RLE);

    /** How the pixel data of a transfer syntax is decoded. */
    public enum Codec {
        /** Uncompressed ("native") pixel data. */
        NATIVE,
        /** DICOM RLE (PS3.5 Annex G): PackBits segments, decoded with TwelveMonkeys' {@code PackBitsDecoder}. */
        RLE,
        /** JPEG baseline, extended and lossless, decoded by the TwelveMonkeys ImageIO JPEG plug-in. */
        JPEG,
        /** JPEG 2000 code streams, decoded by the jai-imageio JPEG 2000 plug-in. */
        JPEG_2000,
        /** No codec on the class path: such a file gets a message naming its transfer syntax. */
        UNSUPPORTED
    }

    private final String uid;
    private final String title;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final Codec codec;

    TransferSyntax(String uid, String title, boolean explicitVr, boolean bigEndian, Codec codec) {
        this.uid = uid;
        this.title = title;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.codec = codec;
    }

    /** The UID, e.g. {@code 1.2.840.10008.1.2.1}. */
    public String uid() {
        return uid;
    }

    /** The standard's name for it, e.g. "Explicit VR Little Endian". */
    public String title() {
        return title;
    }

    /** Whether data elements carry their value representation. */
    public boolean explicitVr() {
        return explicitVr;
    }

    /** Whether multi-byte values are big endian. */
    public boolean bigEndian() {
        return bigEndian;
    }

    /** The codec of its pixel data. */
    public Codec codec() {
        return codec;
    }

    /** Whether pixel data is encapsulated (compressed fragments) rather than native. */
    public boolean encapsulated() {
        return codec != Codec.NATIVE;
    }

    /** "UID (name)", for messages. */
    public String describe() {
        return uid + " (" + title + ")";
    }

    /** The syntax of {@code uid} (trailing NUL and spaces ignored), if known. */
    public static Optional<TransferSyntax> of(String uid) {
        String u = uid.strip().replace("\0", "");
        return Arrays.stream(values()).filter(t -> t.uid.equals(u)).findFirst();
    }
}
