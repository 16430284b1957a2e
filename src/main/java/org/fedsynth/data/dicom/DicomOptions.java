package org.fedsynth.data.dicom;

import java.util.Locale;

/**
 * How a DICOM frame becomes an 8-bit image: which frame of a multi-frame file, and which window
 * of the modality values (after Rescale Slope and Intercept) maps to black..white.
 *
 * @param window        {@code header}: the file's first Window Center / Width (the VOI LUT a reading
 *                      station shows; files without one fall back to {@code percentile});
 *                      {@code percentile}: the {@code low}..{@code high} percentiles of the image's own values;
 *                      {@code minmax}: the image's full range
 * @param low           lower percentile in [0, 100) for {@code percentile}
 * @param high          upper percentile in (low, 100] for {@code percentile}
 * @param frame         {@code refuse}: a multi-frame file (a 3-D volume or a cine loop) is an error;
 *                      {@code first} or {@code middle}: take that frame
 */
public record DicomOptions(String window, double low, double high, String frame) {

    /** The default: the file's own window, percentile 0.5..99.5 where it has none, multi-frame refused. */
    public static DicomOptions defaults() {
        return new DicomOptions("header", 0.5, 99.5, "refuse");
    }

    /** Validates the settings (field names as in the {@code data} config section). */
    public DicomOptions {
        window = window.toLowerCase(Locale.ROOT);
        frame = frame.toLowerCase(Locale.ROOT);
        if (!window.equals("header") && !window.equals("percentile") && !window.equals("minmax")) {
            throw new IllegalArgumentException("data.window: expected header, percentile or minmax, found '" + window + "'");
        }
        if (!(low >= 0 && low < high && high <= 100)) {
            throw new IllegalArgumentException("data.window_percentiles: expected [low, high] with 0 <= low < high <= 100, found ["
                    + low + ", " + high + "]");
        }
        if (!frame.equals("refuse") && !frame.equals("first") && !frame.equals("middle")) {
            throw new IllegalArgumentException("data.frame: expected refuse, first or middle, found '" + frame + "'");
        }
    }

    /** A stable text of the settings, for cache keys. */
    public String key() {
        return "window=" + window + (window.equals("header") || window.equals("percentile") ? " p=" + low + ".." + high : "")
                + " frame=" + frame;
    }
}
