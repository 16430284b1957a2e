package org.fedsynth.util;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's one CSV dialect, read and written by {@code jackson-dataformat-csv}: RFC 4180
 * (comma-separated, double quotes around a field that needs them, {@code ""} for a quote inside
 * quotes, line breaks inside quotes), LF or CRLF line ends on reading and LF on writing, a leading
 * UTF-8 BOM skipped, unquoted fields trimmed, blank lines skipped. A field is quoted on writing only
 * when it holds a comma, a quote or a line break; numbers are written as Java prints them
 * ({@link Double#toString(double)} for a {@code double}, the shortest decimal that reads back to it).
 * Callers turn {@link Malformed} into their own error naming the file and the line.
 */
public final class Csv {

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private Csv() {}

    /**
     * One record of a CSV text.
     *
     * @param line the 1-based line on which the record starts
     * @param fields its fields, unquoted
     */
    public record Row(int line, List<String> fields) {

        /** Defensive copy. */
        public Row {
            fields = List.copyOf(fields);
        }
    }

    /**
     * The text is not valid CSV.
     */
    public static final class Malformed extends Exception {

        private static final long serialVersionUID = 1L;

        private final int line;

        Malformed(int line, String problem, Throwable cause) {
            super(problem, cause);
            this.line = line;
        }

        /** The 1-based line of the record where the problem is. */
        public int line() {
            return line;
        }
    }

    /**
     * Every record of {@code text} (the header row included), in order. A record whose only field
     * is empty (a blank or whitespace-only line) is left out.
     *
     * @throws Malformed for an unclosed quote ("unclosed quote") or text after a closing quote,
     *     naming the line of the record
     */
    public static List<Row> parse(String text) throws Malformed {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Row> rows = new ArrayList<>();
        int line = 1;
        try (JsonParser p = MAPPER.reader().with(CsvSchema.emptySchema()).createParser(body)) {
            List<String> fields = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_ARRAY) {
                    line = p.currentLocation().getLineNr();
                    fields.clear();
                } else if (t == JsonToken.END_ARRAY) {
                    if (!(fields.size() == 1 && fields.get(0).isEmpty())) {
                        rows.add(new Row(line, fields));
                    }
                } else {
                    fields.add(p.getText());
                }
            }
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            throw new Malformed(line, msg != null && msg.startsWith("Missing closing quote") ? "unclosed quote"
                    : "not valid CSV (" + msg + ")", e);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return rows;
    }

    /**
     * A writer of CSV records under {@code header} (written first) to {@code out}; each record is a
     * {@code List} or array of values (strings, numbers), one per column. Closing it flushes
     * {@code out} but leaves it open (so an {@link AtomicFiles} body can still force it to disk).
     */
    public static SequenceWriter writer(Writer out, List<String> header) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder();
        header.forEach(schema::addColumn);
        return MAPPER.writer(schema.build().withHeader()).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValues(out);
    }
}
