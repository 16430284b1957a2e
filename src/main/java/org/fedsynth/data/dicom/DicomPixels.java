package org.fedsynth.data.dicom;

import com.twelvemonkeys.io.enc.DecoderStream;
import com.twelvemonkeys.io.enc.PackBitsDecoder;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.fedsynth.data.DatasetException;

/**
 * The stored pixel values of one frame of a DICOM data set, decoded from native pixel data or by
 * the transfer syntax's codec: RLE through TwelveMonkeys' PackBits decoder, JPEG (baseline, extended,
 * lossless) through the TwelveMonkeys ImageIO plug-in, JPEG 2000 through jai-imageio. Values are the
 * "stored values" of PS3.3 C.7.6.3: Bits Stored wide at High Bit, sign-extended when Pixel
 * Representation is 1, before any Modality or VOI transform.
 *
 * @param rows      rows
 * @param columns   columns
 * @param samples   samples per pixel (1, or 3 for colour)
 * @param values    {@code rows * columns * samples} values, pixel-interleaved (row-major, then sample)
 * @param rgb       whether a colour frame's samples are already R, G, B (codecs convert YBR to RGB)
 */
public record DicomPixels(int rows, int columns, int samples, int[] values, boolean rgb) {

    /** The geometry and sample format a data set declares. */
    record Format(int rows, int columns, int samples, int bitsAllocated, int bitsStored, int highBit, boolean signed,
            int planar, int frames, String photometric) {

        static Format of(DicomDataset d) {
            var f = d.file();
            int rows = required(d, DicomDataset.ROWS, "Rows");
            int cols = required(d, DicomDataset.COLUMNS, "Columns");
            int alloc = required(d, DicomDataset.BITS_ALLOCATED, "Bits Allocated");
            int stored = d.integer(DicomDataset.BITS_STORED).orElse(alloc);
            int high = d.integer(DicomDataset.HIGH_BIT).orElse(stored - 1);
            int spp = d.integer(DicomDataset.SAMPLES_PER_PIXEL).orElse(1);
            boolean signed = d.integer(DicomDataset.PIXEL_REPRESENTATION).orElse(0) == 1;
            int planar = d.integer(DicomDataset.PLANAR_CONFIGURATION).orElse(0);
            int frames = Math.max(1, d.integer(DicomDataset.NUMBER_OF_FRAMES).orElse(1));
            String pi = d.string(DicomDataset.PHOTOMETRIC).orElse(spp == 1 ? "MONOCHROME2" : "RGB").toUpperCase(Locale.ROOT);
            if (rows <= 0 || cols <= 0) {
                throw new DatasetException(f, "declares an image of " + rows + " x " + cols + " pixels (Rows, Columns)");
            }
            if (alloc != 8 && alloc != 16 && alloc != 32) {
                throw new DatasetException(f, "has Bits Allocated " + alloc + "; FedSynth reads 8, 16 or 32 bit pixels"
                        + (alloc == 1 ? " (1-bit pixels are overlays or segmentations, not images)" : ""));
            }
            if (stored < 1 || stored > alloc || high < stored - 1 || high >= alloc) {
                throw new DatasetException(f, "has inconsistent Bits Stored " + stored + " / High Bit " + high + " for Bits Allocated "
                        + alloc);
            }
            if (spp != 1 && spp != 3) {
                throw new DatasetException(f, "has " + spp + " samples per pixel; FedSynth reads 1 (grey) or 3 (colour)");
            }
            return new Format(rows, cols, spp, alloc, stored, high, signed, planar, frames, pi);
        }

        private static int required(DicomDataset d, int tag, String name) {
            return d.integer(tag).orElseThrow(() -> new DatasetException(d.file(), "has pixel data but no " + name + " "
                    + DicomDataset.tagText(tag) + ": the image attributes are missing"));
        }

        int bytesPerSample() {
            return bitsAllocated / 8;
        }

        /** A raw sample (an unsigned bit pattern, or a decoder's signed value) as a stored value. */
        int stored(int raw) {
            int shift = highBit + 1 - bitsStored;
            int v = bitsStored >= 32 ? raw >>> shift : (raw >>> shift) & ((1 << bitsStored) - 1);
            if (signed && bitsStored < 32) {
                int sign = 1 << (bitsStored - 1);
                v = (v ^ sign) - sign;
            }
            return v;
        }
    }

    /**
     * Decodes frame {@code frame} (0-based) of {@code d}.
     *
     * @throws DatasetException if there is no pixel data, its length does not match the attributes, or
     *     no codec reads its transfer syntax (the message names the file, the UID and its name)
     */
    public static DicomPixels decode(DicomDataset d, int frame) {
        if (!d.hasPixelData()) {
            String what = d.has(DicomDataset.FLOAT_PIXEL_DATA) || d.has(DicomDataset.DOUBLE_PIXEL_DATA)
                    ? "holds float pixel data (7FE0,0008/0009, parametric maps), which FedSynth does not read"
                    : "has no Pixel Data (7FE0,0010): it is not an image (a structured report, presentation state, DICOMDIR"
                            + " or key object); remove it from the folder or set data.on_bad_file: skip";
            throw new DatasetException(d.file(), what);
        }
        Format f = Format.of(d);
        if (frame < 0 || frame >= f.frames()) {
            throw new IllegalArgumentException("frame " + frame + " of " + f.frames());
        }
        TransferSyntax ts = d.syntax();
        return switch (ts.codec()) {
            case NATIVE -> nativeFrame(d, f, frame);
            case RLE -> rle(d, f, d.encapsulatedFrame(frame, f.frames()));
            case JPEG, JPEG_2000 -> imageio(d, f, d.encapsulatedFrame(frame, f.frames()), ts);
            case UNSUPPORTED -> throw unsupported(d, "no decoder for it is on FedSynth's class path");
        };
    }

    /** The message for a transfer syntax that cannot be decoded. */
    static DatasetException unsupported(DicomDataset d, String why) {
        return new DatasetException(d.file(), "cannot decode its pixel data: transfer syntax " + d.syntax().describe() + ": " + why
                + ". Convert it to an uncompressed syntax (e.g. 'gdcmconv --raw IN OUT' or 'dcmdjpls IN OUT'), or set"
                + " data.on_bad_file: skip to leave such files out");
    }

    private static DicomPixels nativeFrame(DicomDataset d, Format f, int frame) {
        var px = d.nativePixels().orElseThrow();
        int bps = f.bytesPerSample();
        long perFrame = (long) f.rows() * f.columns() * f.samples() * bps;
        long need = perFrame * (frame + 1);
        if (px.length() < need) {
            throw new DatasetException(d.file(), String.format("its Pixel Data holds %d bytes, but %d x %d pixels x %d samples x %d"
                    + " bytes x %d frame(s) need %d: the file is truncated or its attributes are wrong", px.length(), f.rows(),
                    f.columns(), f.samples(), bps, f.frames(), perFrame * f.frames()));
        }
        boolean be = d.syntax().bigEndian();
        byte[] b = px.buffer();
        int base = px.offset() + (int) (perFrame * frame);
        int n = f.rows() * f.columns();
        int[] out = new int[n * f.samples()];
        for (int p = 0; p < n; p++) {
            for (int s = 0; s < f.samples(); s++) {
                int idx = f.planar() == 1 ? s * n + p : p * f.samples() + s;
                int at = base + idx * bps;
                int raw = switch (bps) {
                    case 1 -> b[at] & 0xFF;
                    case 2 -> be ? (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF) : (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
                    default -> be ? (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF)
                            : (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
                };
                out[p * f.samples() + s] = f.stored(raw);
            }
        }
        return new DicomPixels(f.rows(), f.columns(), f.samples(), out, false);
    }

    /** DICOM RLE (PS3.5 Annex G): a 64-byte header of segment offsets, one PackBits segment per byte plane. */
    private static DicomPixels rle(DicomDataset d, Format f, byte[] data) {
        if (data.length < 64) {
            throw new DatasetException(d.file(), "its RLE frame is " + data.length + " bytes, shorter than the 64-byte RLE header");
        }
        int segments = le32(data, 0);
        int bps = f.bytesPerSample();
        if (segments != f.samples() * bps) {
            throw new DatasetException(d.file(), "its RLE frame has " + segments + " segments; " + f.samples() + " samples of "
                    + f.bitsAllocated() + " bits need " + f.samples() * bps);
        }
        int n = f.rows() * f.columns();
        int[] raw = new int[n * f.samples()];
        for (int seg = 0; seg < segments; seg++) {
            int start = le32(data, 4 + 4 * seg);
            int end = seg + 1 < segments ? le32(data, 8 + 4 * seg) : data.length;
            if (start < 64 || end > data.length || end < start) {
                throw new DatasetException(d.file(), "its RLE header gives segment " + (seg + 1) + " the bad range " + start + ".."
                        + end + " in a frame of " + data.length + " bytes");
            }
            byte[] plane = new byte[n];
            try (InputStream in = new DecoderStream(new ByteArrayInputStream(data, start, end - start), new PackBitsDecoder())) {
                int got = in.readNBytes(plane, 0, n);
                if (got < n) {
                    throw new DatasetException(d.file(), "its RLE segment " + (seg + 1) + " decodes to " + got + " bytes, " + n
                            + " expected: the data is corrupt");
                }
            } catch (IOException e) {
                throw new DatasetException(d.file(), "its RLE segment " + (seg + 1) + " cannot be decoded (" + e.getMessage() + ")", e);
            }
            int sample = seg / bps;
            int shift = 8 * (bps - 1 - seg % bps); // most significant byte first
            for (int p = 0; p < n; p++) {
                raw[p * f.samples() + sample] |= (plane[p] & 0xFF) << shift;
            }
        }
        for (int i = 0; i < raw.length; i++) {
            raw[i] = f.stored(raw[i]);
        }
        return new DicomPixels(f.rows(), f.columns(), f.samples(), raw, false);
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    /** JPEG and JPEG 2000 frames, through ImageIO plug-ins (TwelveMonkeys, jai-imageio). */
    private static DicomPixels imageio(DicomDataset d, Format f, byte[] data, TransferSyntax ts) {
        String format = ts.codec() == TransferSyntax.Codec.JPEG ? "jpeg" : "jpeg2000";
        if (ts.codec() == TransferSyntax.Codec.JPEG) {
            int[] sof = jpegFrameHeader(data);
            if (sof != null && sof[1] > 8 && sof[0] != 0xC3 && sof[0] != 0xC7 && sof[0] != 0xCB && sof[0] != 0xCF) {
                throw unsupported(d, sof[1] + "-bit lossy JPEG (DCT, SOF marker FF" + Integer.toHexString(sof[0]).toUpperCase(Locale.ROOT)
                        + "): neither the JDK's nor TwelveMonkeys' JPEG decoder reads 12-bit DCT JPEG");
            }
        }
        ImageReader reader = reader(format, ts.codec() == TransferSyntax.Codec.JPEG ? "com.twelvemonkeys" : "com.github.jaiimageio");
        if (reader == null) {
            throw unsupported(d, "no ImageIO reader for " + format + " is registered");
        }
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            img = reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw unsupported(d, "the " + format + " decoder failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        } finally {
            reader.dispose();
        }
        if (img.getWidth() != f.columns() || img.getHeight() != f.rows()) {
            throw new DatasetException(d.file(), "its compressed frame is " + img.getWidth() + " x " + img.getHeight()
                    + " but the header says " + f.columns() + " x " + f.rows() + " (Columns x Rows)");
        }
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        if (bands != f.samples()) {
            throw new DatasetException(d.file(), "its compressed frame has " + bands + " components but Samples per Pixel is "
                    + f.samples());
        }
        int n = f.rows() * f.columns();
        int[] out = new int[n * bands];
        int[] row = new int[f.columns() * bands];
        for (int y = 0; y < f.rows(); y++) {
            r.getPixels(0, y, f.columns(), 1, row);
            for (int i = 0; i < row.length; i++) {
                out[y * row.length + i] = bands == 1 ? f.stored(row[i]) : row[i];
            }
        }
        return new DicomPixels(f.rows(), f.columns(), bands, out, bands == 3);
    }

    /** {marker, sample precision} of the first JPEG frame header (SOFn), or null if none is found. */
    static int[] jpegFrameHeader(byte[] b) {
        int p = 2;
        while (p + 9 < b.length) {
            if ((b[p] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            int len = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                return new int[] {marker, b[p + 4] & 0xFF};
            }
            if (marker == 0xDA) {
                return null;
            }
            p += 2 + len;
        }
        return null;
    }

    private static ImageReader reader(String format, String preferPackage) {
        ImageReader fallback = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith(preferPackage)) {
                return r;
            }
            if (fallback == null) {
                fallback = r;
            }
        }
        return fallback;
    }
}
