package org.fedsynth.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Set;

/**
 * The {@code data} section: where the images come from and how they are shaped for the model.
 *
 * @param format phantom (built-in default), imagefolder, csv or npz
 * @param path the dataset path (folder, CSV file or .npz); not used by phantom
 * @param phantomKind cxr (grayscale chest-like) or derm (RGB lesion-like)
 * @param phantomCount number of phantom images to generate
 * @param split which MedMNIST split to train on (train, val or test)
 * @param imageColumn CSV column holding image paths
 * @param labelColumn CSV column holding the label (name or index); leave unset for one-hot columns
 * @param classColumns CSV one-hot class columns (ISIC layout); empty means all other columns
 * @param resolution training resolution: 32, 64 or 128
 * @param channels 1 or 3; unset means the data's own channel count
 * @param maxImages use at most this many images of the set: a fixed, seeded, class-stratified subset
 *                  (the same for every run seed); unset means all
 * @param labelsCsv dicom: a CSV mapping each file (by path, SOP Instance UID or Patient ID) to its label;
 *                  unset means one sub-folder per class
 * @param labelsKey dicom: what the labels CSV's key column holds: path | sop_instance_uid | patient_id
 * @param keyColumn dicom: the labels CSV's key column (default: path, SOPInstanceUID or PatientID)
 * @param patientColumn csv: a column naming each image's patient, so splits keep a patient's images together
 * @param classes the class names in label order; a label outside them is an error; unset means inferred
 * @param window dicom: header (the file's Window Center/Width) | percentile | minmax
 * @param windowPercentiles dicom: [low, high] percentiles for window: percentile (and header files without one)
 * @param frame dicom: refuse | first | middle, for multi-frame files
 * @param onBadFile dicom: fail | skip, for a file that cannot be decoded
 * @param cache dicom: folder of the decoded-image cache, or none
 */
public record DataConfig(
        @JsonPropertyDescription("phantom | imagefolder | csv | npz (default phantom)") String format,
        @JsonPropertyDescription("dataset path: ImageFolder root, CSV manifest or MedMNIST .npz") String path,
        @JsonPropertyDescription("phantom kind: cxr | derm (default cxr)") String phantomKind,
        @JsonPropertyDescription("number of phantom images (default 600)") Integer phantomCount,
        @JsonPropertyDescription("npz split to train on: train | val | test (default train)") String split,
        @JsonPropertyDescription("CSV column with image paths (default image)") String imageColumn,
        @JsonPropertyDescription("CSV column with labels (name or index); unset for one-hot columns") String labelColumn,
        @JsonPropertyDescription("CSV one-hot class columns (ISIC layout); empty = all other columns") List<String> classColumns,
        @JsonPropertyDescription("training resolution: 32 | 64 | 128 (default 32)") Integer resolution,
        @JsonPropertyDescription("1 | 3; unset = the data's own channel count") Integer channels,
        @JsonPropertyDescription("at most this many images: a fixed class-stratified subset (default all)") Integer maxImages,
        @JsonPropertyDescription("dicom: labels CSV (key column + label column); unset = one sub-folder per class") String labelsCsv,
        @JsonPropertyDescription("dicom: the labels CSV key: path | sop_instance_uid | patient_id (default path)") String labelsKey,
        @JsonPropertyDescription("dicom: labels CSV key column (default path, SOPInstanceUID or PatientID by labels_key)") String keyColumn,
        @JsonPropertyDescription("csv: column with each image's patient id (patient-level splits); unset = none") String patientColumn,
        @JsonPropertyDescription("class names in label order; a label outside them is an error (default inferred)") List<String> classes,
        @JsonPropertyDescription("dicom: header | percentile | minmax (default header: the file's VOI window)") String window,
        @JsonPropertyDescription("dicom: [low, high] percentiles of the percentile window (default [0.5, 99.5])") List<Double> windowPercentiles,
        @JsonPropertyDescription("dicom: multi-frame files: refuse | first | middle (default refuse)") String frame,
        @JsonPropertyDescription("dicom: a file that cannot be decoded: fail | skip (default fail)") String onBadFile,
        @JsonPropertyDescription("dicom: decoded-image cache folder, or none (default ~/.cache/fedsynth)") String cache) {

    private static final Set<String> FORMATS = Set.of("phantom", "imagefolder", "csv", "npz", "dicom");

    /** Fills defaults and validates each field. */
    public DataConfig {
        format = format == null ? "phantom" : format;
        phantomKind = phantomKind == null ? "cxr" : phantomKind;
        phantomCount = phantomCount == null ? 600 : phantomCount;
        split = split == null ? "train" : split;
        imageColumn = imageColumn == null ? "image" : imageColumn;
        classColumns = classColumns == null ? List.of() : List.copyOf(classColumns);
        resolution = resolution == null ? 32 : resolution;
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (!format.equals("dicom")) {
            // DICOM-only keys stay unset (and out of config.resolved.yaml) for the other formats. Their default values
            // are accepted and dropped (run folders written before these keys were DICOM-only hold them); any other
            // value is an error, as it would be ignored.
            labelsKey = dropDefault("data.labels_key", labelsKey, "path", format);
            keyColumn = dropDefault("data.key_column", keyColumn, null, format);
            window = dropDefault("data.window", window, "header", format);
            if (windowPercentiles != null) {
                dropDefault("data.window_percentiles", windowPercentiles.toString(), List.of(0.5, 99.5).toString(), format);
                windowPercentiles = null;
            }
            frame = dropDefault("data.frame", frame, "refuse", format);
            onBadFile = dropDefault("data.on_bad_file", onBadFile, "fail", format);
            cache = dropDefault("data.cache", cache, null, format);
        }
        boolean dicom = format.equals("dicom");
        labelsKey = labelsKey == null && dicom ? "path" : labelsKey;
        window = window == null && dicom ? "header" : window;
        windowPercentiles = windowPercentiles == null ? (dicom ? List.of(0.5, 99.5) : null) : List.copyOf(windowPercentiles);
        frame = frame == null && dicom ? "refuse" : frame;
        onBadFile = onBadFile == null && dicom ? "fail" : onBadFile;
        if (dicom) {
            ConfigException.require(Set.of("path", "sop_instance_uid", "patient_id").contains(labelsKey), "data.labels_key",
                    "path, sop_instance_uid or patient_id", "'" + labelsKey + "'");
            ConfigException.require(Set.of("header", "percentile", "minmax").contains(window), "data.window",
                    "header, percentile or minmax", "'" + window + "'");
            ConfigException.require(windowPercentiles.size() == 2 && windowPercentiles.get(0) >= 0
                    && windowPercentiles.get(0) < windowPercentiles.get(1) && windowPercentiles.get(1) <= 100,
                    "data.window_percentiles", "[low, high] with 0 <= low < high <= 100", windowPercentiles);
            ConfigException.require(Set.of("refuse", "first", "middle").contains(frame), "data.frame", "refuse, first or middle",
                    "'" + frame + "'");
            ConfigException.require(Set.of("fail", "skip").contains(onBadFile), "data.on_bad_file", "fail or skip",
                    "'" + onBadFile + "'");
        }
        ConfigException.require(new java.util.HashSet<>(classes).size() == classes.size(), "data.classes",
                "distinct class names", classes);
        if (labelsCsv != null && !format.equals("dicom")) {
            throw new ConfigException("data.labels_csv is read only with data.format: dicom (for a csv manifest, data.path is the CSV)");
        }
        ConfigException.require(FORMATS.contains(format), "data.format", "one of " + String.join(", ", sorted(FORMATS)), "'" + format + "'");
        ConfigException.require(Set.of("cxr", "derm").contains(phantomKind), "data.phantom_kind", "cxr or derm", "'" + phantomKind + "'");
        ConfigException.require(phantomCount >= 4, "data.phantom_count", "at least 4", phantomCount);
        ConfigException.require(Set.of("train", "val", "test").contains(split), "data.split", "train, val or test", "'" + split + "'");
        ConfigException.require(resolution == 32 || resolution == 64 || resolution == 128, "data.resolution", "32, 64 or 128", resolution);
        ConfigException.require(channels == null || channels == 1 || channels == 3, "data.channels", "1 or 3 (or unset)", channels);
        ConfigException.require(maxImages == null || maxImages >= 2, "data.max_images", "an integer >= 2 (or unset for all)",
                maxImages);
        if (!format.equals("phantom") && (path == null || path.isBlank())) {
            throw new ConfigException("data.path is required when data.format is " + format
                    + " (point it at your " + describe(format) + ")");
        }
    }

    private static String describe(String format) {
        return switch (format) {
            case "imagefolder" -> "folder with one sub-folder per class";
            case "csv" -> "CSV manifest";
            case "dicom" -> "folder of DICOM files (searched recursively)";
            default -> "MedMNIST .npz file";
        };
    }

    /** Null for an unset key or its default; an error naming the key for any other value. */
    private static String dropDefault(String key, String value, String dflt, String format) {
        if (value == null || value.equals(dflt)) {
            return null;
        }
        throw new ConfigException(key + " is read only with data.format: dicom (found '" + value + "' with format " + format
                + "); remove it");
    }

    /** The decoded-image cache folder ({@code cache}, default {@code ~/.cache/fedsynth}); empty for {@code none}. */
    public java.util.Optional<java.nio.file.Path> cacheDir() {
        if (cache != null && cache.equalsIgnoreCase("none")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(cache != null ? java.nio.file.Path.of(cache)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".cache", "fedsynth"));
    }

    /** The labels CSV's key column: {@code key_column}, or the default for {@code labels_key}. */
    public String keyColumnOrDefault() {
        if (keyColumn != null) {
            return keyColumn;
        }
        return switch (labelsKey) {
            case "sop_instance_uid" -> "SOPInstanceUID";
            case "patient_id" -> "PatientID";
            default -> "path";
        };
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    /** The built-in phantom data with default settings. */
    public static DataConfig defaults() {
        return new DataConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }
}
