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
        @JsonPropertyDescription("at most this many images: a fixed class-stratified subset (default all)") Integer maxImages) {

    private static final Set<String> FORMATS = Set.of("phantom", "imagefolder", "csv", "npz");

    /** Fills defaults and validates each field. */
    public DataConfig {
        format = format == null ? "phantom" : format;
        phantomKind = phantomKind == null ? "cxr" : phantomKind;
        phantomCount = phantomCount == null ? 600 : phantomCount;
        split = split == null ? "train" : split;
        imageColumn = imageColumn == null ? "image" : imageColumn;
        classColumns = classColumns == null ? List.of() : List.copyOf(classColumns);
        resolution = resolution == null ? 32 : resolution;
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
            default -> "MedMNIST .npz file";
        };
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    /** The built-in phantom data with default settings. */
    public static DataConfig defaults() {
        return new DataConfig(null, null, null, null, null, null, null, null, null, null, null);
    }
}
