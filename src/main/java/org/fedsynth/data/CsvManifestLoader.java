package org.fedsynth.data;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads images listed in a CSV manifest with a header row, in two layouts:
 *
 * <ul>
 *   <li>{@link #load}: an image column and a label column holding a class name or an integer
 *       class index;
 *   <li>{@link #loadOneHot}: an image column and one 0/1 column per class, as in the ISIC
 *       challenge ground-truth files (Codella et al. 2018, ISIC 2018 / HAM10000; ISIC 2019).
 * </ul>
 *
 * <p>Image paths are relative to the CSV's folder (or its {@code images/} sub-folder, as ISIC
 * archives are laid out), or absolute. A value without an image
 * extension (ISIC lists bare ids such as {@code ISIC_0024306}) is tried as is, then with
 * {@code .jpg}, then {@code .png}. Rows are kept in file order. Sizes and channels are unified as
 * in {@link ImageFolderLoader}: the first image's size; RGB if any image is RGB.
 *
 * <p>The CSV is read with {@code jackson-dataformat-csv} in the project's dialect
 * ({@link org.fedsynth.util.Csv}: quoted fields, {@code ""} escapes, line breaks inside quotes).
 */
public final class CsvManifestLoader {

    private static final List<String> FALLBACK_EXTENSIONS = List.of("", ".jpg", ".png");
    /** The sub-folder beside the CSV also searched for images (ISIC archives ship the CSV beside {@code images/}). */
    private static final String IMAGES_FOLDER = "images";

    private CsvManifestLoader() {
    }

    /**
     * Loads a manifest whose label column holds class names or integer indices. If every label
     * is a non-negative integer, labels are indices and the classes are named "0", "1", ... up to
     * the largest; otherwise every label is a class name and the classes are the distinct names in
     * name order (whole numbers numerically).
     *
     * @throws DatasetException for a missing file or column, an empty value, or an unreadable or
     *     missing image (naming the CSV line)
     */
    public static ImageSet load(Path csv, String imageColumn, String labelColumn) {
        return load(csv, imageColumn, labelColumn, List.of());
    }

    /**
     * Loads a manifest against known class names: each label must be one of {@code classNames}
     * or an integer index into it. An empty list means "infer" (see
     * {@link #load(Path, String, String)}).
     *
     * @throws DatasetException also for a label that is neither a known name nor an index in range
     */
    public static ImageSet load(Path csv, String imageColumn, String labelColumn, List<String> classNames) {
        return load(csv, imageColumn, labelColumn, classNames, null);
    }

    /**
     * As {@link #load(Path, String, String, List)}, with each image's patient read from
     * {@code patientColumn} (null: patients unknown), so that evaluation splits keep a patient's
     * images on one side.
     */
    public static ImageSet load(Path csv, String imageColumn, String labelColumn, List<String> classNames, String patientColumn) {
        CsvTable table = CsvTable.read(csv);
        int imageCol = table.column(imageColumn);
        int labelCol = table.column(labelColumn);
        int n = table.rows().size();
        String[] raw = new String[n];
        for (int r = 0; r < n; r++) {
            raw[r] = table.required(r, labelCol);
        }
        List<String> names = classNames.isEmpty() ? inferClassNames(raw) : List.copyOf(classNames);
        boolean inferredIndices = classNames.isEmpty() && isAllIndices(raw);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.putIfAbsent(names.get(i), i);
        }
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            Integer label = inferredIndices ? Integer.valueOf(raw[r]) : byName.get(raw[r]);
            if (label == null) {
                label = parseIndex(raw[r]);
                if (label == null || label >= names.size()) {
                    throw new DatasetException(csv, table.lines()[r], "unknown label '" + raw[r] + "' (known: "
                            + String.join(", ", names) + ", or an index 0.." + (names.size() - 1) + ")");
                }
            }
            labels[r] = label;
        }
        return withPatients(readImages(table, imageCol, labels, names), table, patientColumn);
    }

    /**
     * Loads a one-hot manifest (ISIC style). Label = position of the column equal to 1 within
     * {@code classColumns}; class names = the column names. An empty {@code classColumns} means
     * every column except the image column, in file order. Accepted values are numbers equal to 0
     * or 1 ("1", "1.0", "0.0"); empty counts as 0.
     *
     * @throws DatasetException if a row does not have exactly one class column equal to 1, or a
     *     value is not 0/1 (naming file and line), besides the errors of {@link #load}
     */
    public static ImageSet loadOneHot(Path csv, String imageColumn, List<String> classColumns) {
        return loadOneHot(csv, imageColumn, classColumns, null);
    }

    /** As {@link #loadOneHot(Path, String, List)}, with patients from {@code patientColumn} (null: unknown). */
    public static ImageSet loadOneHot(Path csv, String imageColumn, List<String> classColumns, String patientColumn) {
        CsvTable table = CsvTable.read(csv);
        int imageCol = table.column(imageColumn);
        List<String> names = classColumns.isEmpty()
                ? table.header().stream().filter(h -> !h.equals(imageColumn) && !h.equals(patientColumn)).toList()
                : List.copyOf(classColumns);
        if (names.isEmpty()) {
            throw new DatasetException(csv, "no class columns besides '" + imageColumn + "'");
        }
        int[] cols = names.stream().mapToInt(table::column).toArray();
        int[] labels = new int[table.rows().size()];
        for (int r = 0; r < labels.length; r++) {
            List<String> hot = new ArrayList<>();
            for (int k = 0; k < cols.length; k++) {
                String v = table.rows().get(r).get(cols[k]);
                double d;
                try {
                    d = v.isEmpty() ? 0 : Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    d = Double.NaN;
                }
                if (d == 1.0) {
                    hot.add(names.get(k));
                    labels[r] = k;
                } else if (d != 0.0) {
                    throw new DatasetException(csv, table.lines()[r], "value '" + v + "' in class column '"
                            + names.get(k) + "' is not 0 or 1");
                }
            }
            if (hot.size() != 1) {
                throw new DatasetException(csv, table.lines()[r], "expected exactly one class column equal to 1, found "
                        + hot.size() + (hot.isEmpty() ? "" : " (" + String.join(", ", hot) + ")")
                        + " among " + String.join(", ", names));
            }
        }
        return withPatients(readImages(table, imageCol, labels, names), table, patientColumn);
    }

    private static ImageSet withPatients(ImageSet set, CsvTable table, String patientColumn) {
        if (patientColumn == null) {
            return set;
        }
        int col = table.column(patientColumn);
        List<String> patients = new ArrayList<>(table.rows().size());
        for (int r = 0; r < table.rows().size(); r++) {
            patients.add(table.required(r, col));
        }
        return set.withPatients(patients);
    }

    private static ImageSet readImages(CsvTable table, int imageCol, int[] labels, List<String> names) {
        Path base = table.file().toAbsolutePath().getParent();
        List<Picture> pictures = new ArrayList<>(labels.length);
        for (int r = 0; r < labels.length; r++) {
            String value = table.required(r, imageCol);
            Path file = resolveImage(table, r, base, value);
            try {
                pictures.add(ImageFiles.read(file));
            } catch (DatasetException e) {
                throw new DatasetException(table.file(), table.lines()[r], e.getMessage());
            }
        }
        return ImageFiles.assemble(pictures, labels, names, table.file().toString());
    }

    private static Path resolveImage(CsvTable table, int r, Path base, String value) {
        for (Path dir : List.of(base, base.resolve(IMAGES_FOLDER))) {
            for (String ext : FALLBACK_EXTENSIONS) {
                try {
                    Path p = dir.resolve(value + ext);
                    if (Files.isRegularFile(p)) {
                        return p;
                    }
                } catch (InvalidPathException e) {
                    throw new DatasetException(table.file(), table.lines()[r], "invalid image path '" + value + "'");
                }
            }
        }
        throw new DatasetException(table.file(), table.lines()[r], "image '" + value + "' not found (looked for "
                + base.resolve(value) + " and " + base.resolve(IMAGES_FOLDER).resolve(value)
                + ", also with .jpg and .png); fix the path in the CSV or remove the row");
    }

    private static List<String> inferClassNames(String[] raw) {
        if (isAllIndices(raw)) {
            int max = -1;
            for (String s : raw) {
                max = Math.max(max, Integer.parseInt(s));
            }
            return ClassOrder.numbered(max + 1);
        }
        return ClassOrder.sortedDistinct(List.of(raw));
    }

    private static boolean isAllIndices(String[] raw) {
        for (String s : raw) {
            if (parseIndex(s) == null) {
                return false;
            }
        }
        return raw.length > 0;
    }

    /** A non-negative integer index, or null. */
    private static Integer parseIndex(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return null;
        }
        return Integer.valueOf(s);
    }
}
