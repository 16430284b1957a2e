package org.fedsynth.eval;

import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.util.AtomicFiles;
import org.fedsynth.util.Csv;

/**
 * Feature matrices as CSV (the project's dialect, {@link Csv}, through {@code jackson-dataformat-csv}),
 * so that the metrics can be recomputed by an independent tool on exactly the same numbers. Format: a header {@code f0,f1,...,f{d-1}} plus {@code ,label} when labels are
 * given, then one row per sample; values are written with {@link Double#toString(double)}, the
 * shortest decimal that reads back to the same {@code double} (and that {@code numpy.loadtxt} /
 * Python's {@code float} parse), so a write-read round trip is exact. Labels are integers. Files
 * are written atomically ({@link AtomicFiles}). Read it in numpy with
 * {@code np.loadtxt(path, delimiter=",", skiprows=1)}.
 */
public final class FeatureIO {

    /** Name of the optional label column. */
    public static final String LABEL_COLUMN = "label";

    private FeatureIO() {}

    /**
     * A feature matrix read back, with its labels.
     *
     * @param features rows = samples, columns = feature dimensions
     * @param labels   one per row, or {@code null} when the file has no label column
     */
    public record Table(double[][] features, int[] labels) {
        /** Whether the table has labels. */
        public boolean hasLabels() {
            return labels != null;
        }
    }

    /** Writes {@code features} without labels. */
    public static void write(Path file, double[][] features) throws IOException {
        write(file, features, null);
    }

    /** Writes {@code features} with one integer label per row ({@code labels} may be null: no label column). */
    public static void write(Path file, double[][] features, int[] labels) throws IOException {
        int d = Features.check("features", features, 1);
        if (labels != null && labels.length != features.length) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries for " + features.length + " rows");
        }
        List<String> header = new ArrayList<>(d + 1);
        for (int j = 0; j < d; j++) {
            header.add("f" + j);
        }
        if (labels != null) {
            header.add(LABEL_COLUMN);
        }
        AtomicFiles.write(file, out -> {
            try (SequenceWriter w = Csv.writer(new OutputStreamWriter(out, StandardCharsets.UTF_8), header)) {
                Object[] row = new Object[header.size()];
                for (int i = 0; i < features.length; i++) {
                    for (int j = 0; j < d; j++) {
                        row[j] = features[i][j];
                    }
                    if (labels != null) {
                        row[d] = labels[i];
                    }
                    w.write(row);
                }
            }
        });
    }

    /** Reads a file written by {@link #write} (or any CSV with that header). */
    public static Table read(Path file) throws IOException {
        List<Csv.Row> records;
        try {
            records = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (Csv.Malformed e) {
            throw new IOException(file + ":" + e.line() + ": " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new IOException(file + ": empty file");
        }
        List<String> cols = records.get(0).fields();
        boolean labelled = cols.get(cols.size() - 1).equals(LABEL_COLUMN);
        int d = labelled ? cols.size() - 1 : cols.size();
        if (d < 1) {
            throw new IOException(file + ": no feature columns");
        }
        for (int j = 0; j < d; j++) {
            if (!cols.get(j).equals("f" + j)) {
                throw new IOException(file + ": header column " + j + " is '" + cols.get(j) + "', expected 'f" + j + "'");
            }
        }
        double[][] rows = new double[records.size() - 1][];
        int[] lab = labelled ? new int[rows.length] : null;
        for (int i = 0; i < rows.length; i++) {
            Csv.Row rec = records.get(i + 1);
            List<String> t = rec.fields();
            if (t.size() != cols.size()) {
                throw new IOException(file + ":" + rec.line() + ": " + t.size() + " fields, expected " + cols.size());
            }
            double[] r = new double[d];
            try {
                for (int j = 0; j < d; j++) {
                    r[j] = Double.parseDouble(t.get(j));
                }
                if (labelled) {
                    lab[i] = Integer.parseInt(t.get(d));
                }
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + rec.line() + ": " + e.getMessage(), e);
            }
            rows[i] = r;
        }
        return new Table(rows, lab);
    }
}
