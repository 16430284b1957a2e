package org.fedsynth.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file with a header row, parsed by a small RFC 4180 reader (no CSV library is on the
 * classpath): comma-separated fields, optional double quotes around a field, {@code ""} for a quote
 * inside quotes, line breaks inside quotes, LF or CRLF line ends, a leading UTF-8 BOM skipped.
 * Unquoted fields are trimmed; blank lines are skipped.
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
        List<List<String>> records = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        parse(file, text, records, starts);
        if (records.isEmpty()) {
            throw new DatasetException(file, "empty CSV (a header row naming the columns is required)");
        }
        if (records.size() == 1) {
            throw new DatasetException(file, "no data rows below the header (add one row per image)");
        }
        List<String> header = records.get(0);
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i).size() != header.size()) {
                throw new DatasetException(file, starts.get(i), "has " + records.get(i).size()
                        + " fields, the header has " + header.size());
            }
        }
        int[] lines = starts.subList(1, starts.size()).stream().mapToInt(Integer::intValue).toArray();
        return new CsvTable(file, List.copyOf(header), List.copyOf(records.subList(1, records.size())), lines);
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

    private static void parse(Path file, String text, List<List<String>> records, List<Integer> starts) {
        int pos = text.startsWith("\uFEFF") ? 1 : 0;
        int line = 1;
        int n = text.length();
        while (pos < n) {
            int recordLine = line;
            List<String> fields = new ArrayList<>();
            boolean endOfRecord = false;
            while (!endOfRecord) {
                StringBuilder sb = new StringBuilder();
                boolean quoted = false;
                if (pos < n && text.charAt(pos) == '"') {
                    quoted = true;
                    pos++;
                    int quoteLine = line;
                    while (true) {
                        if (pos >= n) {
                            throw new DatasetException(file, quoteLine, "unclosed quote");
                        }
                        char ch = text.charAt(pos++);
                        if (ch == '"') {
                            if (pos < n && text.charAt(pos) == '"') {
                                sb.append('"');
                                pos++;
                            } else {
                                break;
                            }
                        } else {
                            if (ch == '\n') {
                                line++;
                            }
                            sb.append(ch);
                        }
                    }
                }
                while (pos < n && text.charAt(pos) != ',' && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    char ch = text.charAt(pos++);
                    if (quoted && !Character.isWhitespace(ch)) {
                        throw new DatasetException(file, line, "unexpected text after a closing quote");
                    }
                    sb.append(ch);
                }
                fields.add(quoted ? sb.toString() : sb.toString().trim());
                if (pos < n && text.charAt(pos) == ',') {
                    pos++;
                } else {
                    if (pos < n && text.charAt(pos) == '\r') {
                        pos++;
                    }
                    if (pos < n && text.charAt(pos) == '\n') {
                        pos++;
                    }
                    line++;
                    endOfRecord = true;
                }
            }
            boolean blank = fields.size() == 1 && fields.get(0).isEmpty();
            if (!blank) {
                records.add(fields);
                starts.add(recordLine);
            }
        }
    }
}
