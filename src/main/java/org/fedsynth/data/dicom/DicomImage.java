package org.fedsynth.data.dicom;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.fedsynth.data.DatasetException;

/**
 * One DICOM image as a display would show it: 8-bit, grey (MONOCHROME1 inverted so that bone and
 * dense tissue are bright, as in MONOCHROME2) or RGB, at its native size.
 *
 * <p>Grey pipeline (PS3.3 C.11): stored value, times Rescale Slope plus Rescale Intercept (the
 * modality value), then the linear VOI window of C.11.2.1.2 to [0, 1], then inverted for MONOCHROME1,
 * then rounded to 0..255. Colour: RGB as stored (scaled to 8 bits), YBR_FULL converted to RGB by
 * the JPEG/JFIF equations, PALETTE COLOR through the file's red, green and blue lookup tables.
 *
 * @param channels        1 or 3
 * @param rows            rows
 * @param columns         columns
 * @param pixels          {@code channels * rows * columns} bytes, CHW
 * @param patientId       (0010,0020), or "" when absent
 * @param sopInstanceUid  (0008,0018), or "" when absent
 * @param window          how the grey window was chosen, e.g. "header c=40 w=400" (empty for colour)
 * @param frames          the file's frame count
 */
public record DicomImage(int channels, int rows, int columns, byte[] pixels, String patientId, String sopInstanceUid,
        String window, int frames) {

    /**
     * Reads, decodes and windows {@code file}.
     *
     * @throws DatasetException for every problem, naming the file
     */
    public static DicomImage read(Path file, DicomOptions options) {
        return of(DicomDataset.read(file), options);
    }

    /** Decodes and windows a parsed data set. */
    public static DicomImage of(DicomDataset d, DicomOptions options) {
        if (!d.hasPixelData()) {
            DicomPixels.decode(d, 0); // throws the no-pixel-data message
        }
        DicomPixels.Format f = DicomPixels.Format.of(d);
        int frame = 0;
        if (f.frames() > 1) {
            frame = switch (options.frame()) {
                case "first" -> 0;
                case "middle" -> f.frames() / 2;
                default -> throw new DatasetException(d.file(), "is a multi-frame image (a 3-D volume or cine loop) of " + f.frames()
                        + " frames, where FedSynth trains on 2-D images: set data.frame: first or middle to take one frame,"
                        + " split the volume into single-frame files, or set data.on_bad_file: skip");
            };
        }
        DicomPixels px = DicomPixels.decode(d, frame);
        String patient = d.string(DicomDataset.PATIENT_ID).orElse("");
        String sop = d.string(DicomDataset.SOP_INSTANCE_UID).orElse("");
        String pi = f.photometric();
        int n = px.rows() * px.columns();
        if (px.samples() == 1) {
            if (!pi.startsWith("MONOCHROME") && !pi.equals("PALETTE COLOR")) {
                throw new DatasetException(d.file(), "has one sample per pixel but Photometric Interpretation " + pi);
            }
            if (pi.equals("PALETTE COLOR")) {
                return new DicomImage(3, px.rows(), px.columns(), palette(d, px), patient, sop, "", f.frames());
            }
            double slope = first(d.decimals(DicomDataset.RESCALE_SLOPE), 1.0);
            double intercept = first(d.decimals(DicomDataset.RESCALE_INTERCEPT), 0.0);
            if (slope == 0 || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
                throw new DatasetException(d.file(), "has Rescale Slope " + slope + " / Intercept " + intercept
                        + ": not a usable modality transform");
            }
            double[] win = window(d, px.values(), slope, intercept, options);
            double c = win[0];
            double w = win[1];
            boolean invert = pi.equals("MONOCHROME1");
            byte[] out = new byte[n];
            for (int p = 0; p < n; p++) {
                double m = px.values()[p] * slope + intercept;
                double y = voi(m, c, w);
                if (invert) {
                    y = 1 - y;
                }
                out[p] = (byte) Math.round(y * 255);
            }
            String how = String.format(Locale.ROOT, "%s c=%.6g w=%.6g", win[2] == 0 ? "header" : win[2] == 1 ? "percentile" : "minmax",
                    c, w);
            return new DicomImage(1, px.rows(), px.columns(), out, patient, sop, how, f.frames());
        }
        byte[] out = new byte[3 * n];
        int max = (1 << Math.min(f.bitsStored(), 16)) - 1;
        boolean ybr = !px.rgb() && pi.startsWith("YBR_FULL");
        if (!px.rgb() && pi.equals("YBR_FULL_422")) {
            throw new DatasetException(d.file(), "has uncompressed YBR_FULL_422 (chroma-subsampled) pixels, which FedSynth does not"
                    + " read; convert it to RGB (e.g. 'gdcmconv --raw')");
        }
        if (!px.rgb() && !ybr && !pi.equals("RGB")) {
            throw new DatasetException(d.file(), "has three samples per pixel with Photometric Interpretation " + pi
                    + "; FedSynth reads RGB, YBR_FULL and (compressed) YBR_FULL_422, YBR_ICT, YBR_RCT");
        }
        int[] v = px.values();
        for (int p = 0; p < n; p++) {
            double r = v[3 * p] * 255.0 / max;
            double g = v[3 * p + 1] * 255.0 / max;
            double b = v[3 * p + 2] * 255.0 / max;
            if (ybr) {
                double yy = r;
                double cb = g - 128;
                double cr = b - 128;
                r = yy + 1.402 * cr;
                g = yy - 0.344136 * cb - 0.714136 * cr;
                b = yy + 1.772 * cb;
            }
            out[p] = clampByte(r);
            out[n + p] = clampByte(g);
            out[2 * n + p] = clampByte(b);
        }
        return new DicomImage(3, px.rows(), px.columns(), out, patient, sop, "", f.frames());
    }

    private static byte clampByte(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static double first(double[] v, double dflt) {
        return v.length == 0 ? dflt : v[0];
    }

    /** The linear VOI function of PS3.3 C.11.2.1.2.1, to [0, 1]. */
    static double voi(double x, double c, double w) {
        if (w <= 1) {
            return x < c - 0.5 ? 0 : 1;
        }
        double lo = c - 0.5 - (w - 1) / 2;
        double hi = c - 0.5 + (w - 1) / 2;
        if (x <= lo) {
            return 0;
        }
        if (x > hi) {
            return 1;
        }
        return (x - (c - 0.5)) / (w - 1) + 0.5;
    }

    /** {center, width, source (0 header, 1 percentile, 2 minmax)} in modality units. */
    private static double[] window(DicomDataset d, int[] stored, double slope, double intercept, DicomOptions o) {
        if (o.window().equals("header")) {
            double[] c = d.decimals(DicomDataset.WINDOW_CENTER);
            double[] w = d.decimals(DicomDataset.WINDOW_WIDTH);
            if (c.length > 0 && w.length > 0 && w[0] >= 1 && Double.isFinite(c[0])) {
                return new double[] {c[0], w[0], 0};
            }
        }
        int[] sorted = stored.clone();
        Arrays.sort(sorted);
        boolean minmax = o.window().equals("minmax");
        double lo = minmax ? sorted[0] : percentile(sorted, o.low());
        double hi = minmax ? sorted[sorted.length - 1] : percentile(sorted, o.high());
        double a = lo * slope + intercept;
        double b = hi * slope + intercept;
        double mlo = Math.min(a, b);
        double mhi = Math.max(a, b);
        // the linear function maps [c - 0.5 - (w-1)/2, c - 0.5 + (w-1)/2] to [0, 1]
        double w = Math.max(1 + 1e-9, mhi - mlo + 1);
        double c = (mlo + mhi) / 2 + 0.5;
        return new double[] {c, w, minmax ? 2 : 1};
    }

    /** Linear-interpolated percentile (numpy's default) of sorted values. */
    static double percentile(int[] sorted, double q) {
        double pos = q / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /** PALETTE COLOR through the red, green and blue lookup tables (PS3.3 C.7.6.3.1.5). */
    private static byte[] palette(DicomDataset d, DicomPixels px) {
        int n = px.rows() * px.columns();
        byte[] out = new byte[3 * n];
        for (int c = 0; c < 3; c++) {
            int[] desc = d.integers(DicomDataset.RED_PALETTE_DESCRIPTOR + c);
            int[] lut = d.words(DicomDataset.RED_PALETTE_DATA + c);
            if (desc.length < 3 || lut.length == 0) {
                throw new DatasetException(d.file(), "is PALETTE COLOR but its " + "RGB".charAt(c) + " lookup table ("
                        + DicomDataset.tagText(DicomDataset.RED_PALETTE_DESCRIPTOR + c) + "/"
                        + DicomDataset.tagText(DicomDataset.RED_PALETTE_DATA + c) + ") is missing or is a segmented palette");
            }
            int entries = desc[0] == 0 ? 65536 : desc[0] & 0xFFFF;
            int firstMapped = desc[1];
            int bits = desc[2];
            boolean bytesPacked = bits == 8 && lut.length * 2 >= entries && lut.length < entries;
            for (int p = 0; p < n; p++) {
                int i = Math.max(0, Math.min(entries - 1, px.values()[p] - firstMapped));
                int v;
                if (bytesPacked) {
                    int word = lut[i / 2];
                    v = (i % 2 == 0) ? word & 0xFF : word >>> 8;
                } else {
                    int word = lut[Math.min(i, lut.length - 1)];
                    v = bits == 8 ? word & 0xFF : word >>> 8;
                }
                out[c * n + p] = (byte) v;
            }
        }
        return out;
    }
}
