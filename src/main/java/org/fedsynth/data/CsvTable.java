package org.fedsynth.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedsynth.util.Csv;

/**
 * A CSV file with a header row, read in the project's CSV dialect ({@link Csv}, through
 * {@code jackson-dataformat-csv}): quoted fields, {@code ""} escapes, line breaks inside quotes,
 * LF or CRLF line ends, a leading UTF-8 BOM skipped, unquoted fields trimmed, blank lines skipped.
 *
 * @param file the file, for messages
 * @param header column names
 * @param rows data rows, each as long as the header
 * @param lines the 1-based line on which each row starts
 */
record CsvTable(Path file, List<String> header, List<List<String>> rows, int[] lines) {

    /** Reads and parses {@code file}, checking that it has data rows, each with as many fields as the header. */
    static CsvTable read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException(file, Files.exists(file) ? "cannot read CSV (" + e.getMessage() + ")"
                    : "CSV file not found", e);
        }
        List<Csv.Row> records;
        try {
            records = Csv.parse(text);
        } catch (Csv.Malformed e) {
            throw new DatasetException(file, e.line(), e.getMessage());
        }
        if (records.isEmpty()) {
            throw new DatasetException(file, "empty CSV (a header row naming the columns is required)");
        }
        if (records.size() == 1) {
            throw new DatasetException(file, "no data rows below the header (add one row per image)");
        }
        List<String> header = records.get(0).fields();
        List<Csv.Row> data = records.subList(1, records.size());
        for (Csv.Row r : data) {
            if (r.fields().size() != header.size()) {
                throw new DatasetException(file, r.line(), "has " + r.fields().size() + " fields, the header has " + header.size());
            }
        }
        return new CsvTable(file, header, data.stream().map(Csv.Row::fields).toList(),
                data.stream().mapToInt(Csv.Row::line).toArray());
    }

    /** The index of column {@code name}. */
    int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new DatasetException(file, "no column '" + name + "' (columns: " + String.join(", ", header) + ")");
        }
        return i;
    }

    /** The value of row {@code r}, column {@code c}, as an error naming the line if it is empty. */
    String required(int r, int c) {
        String v = rows.get(r).get(c);
        if (v.isEmpty()) {
            throw new DatasetException(file, lines[r], "empty value in column '" + header.get(c) + "'");
        }
        return v;
    }
}
