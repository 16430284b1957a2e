package org.fedsynth.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.util.AtomicFiles;

/**
 * Feature matrices as CSV, so that the metrics can be recomputed by an independent tool on exactly
 * the same numbers. Format: a header {@code f0,f1,...,f{d-1}} plus {@code ,label} when labels are
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
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < d; j++) {
                sb.append(j == 0 ? "" : ",").append('f').append(j);
            }
            if (labels != null) {
                sb.append(',').append(LABEL_COLUMN);
            }
            sb.append('\n');
            w.write(sb.toString());
            for (int i = 0; i < features.length; i++) {
                sb.setLength(0);
                double[] r = features[i];
                for (int j = 0; j < d; j++) {
                    if (j > 0) {
                        sb.append(',');
                    }
                    sb.append(r[j]);
                }
                if (labels != null) {
                    sb.append(',').append(labels[i]);
                }
                sb.append('\n');
                w.write(sb.toString());
            }
            w.flush();
        });
    }

    /** Reads a file written by {@link #write} (or any CSV with that header). */
    public static Table read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException(file + ": empty file");
            }
            String[] cols = header.trim().split(",", -1);
            boolean labelled = cols[cols.length - 1].trim().equals(LABEL_COLUMN);
            int d = labelled ? cols.length - 1 : cols.length;
            if (d < 1) {
                throw new IOException(file + ": no feature columns");
            }
            for (int j = 0; j < d; j++) {
                if (!cols[j].trim().equals("f" + j)) {
                    throw new IOException(file + ": header column " + j + " is '" + cols[j] + "', expected 'f" + j + "'");
                }
            }
            List<double[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] t = line.split(",", -1);
                if (t.length != cols.length) {
                    throw new IOException(file + ":" + lineNo + ": " + t.length + " fields, expected " + cols.length);
                }
                double[] r = new double[d];
                try {
                    for (int j = 0; j < d; j++) {
                        r[j] = Double.parseDouble(t[j].trim());
                    }
                    if (labelled) {
                        labels.add(Integer.parseInt(t[d].trim()));
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
                }
                rows.add(r);
            }
            int[] lab = null;
            if (labelled) {
                lab = new int[labels.size()];
                for (int i = 0; i < lab.length; i++) {
                    lab[i] = labels.get(i);
                }
            }
            return new Table(rows.toArray(new double[0][]), lab);
        }
    }
}
