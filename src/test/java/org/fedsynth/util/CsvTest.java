package org.fedsynth.util;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void parsesQuotesEscapesLineBreaksBomAndCrlfWithTheLineOfEachRecord() throws Exception {
        List<Csv.Row> rows = Csv.parse("\uFEFFid,\"file, path\"\r\n a , \"x\"\r\n\r\n\"c \"\"q\"\"\",\"two\nlines\"\r\nlast,1");

        assertEquals(List.of("id", "file, path"), rows.get(0).fields());
        assertEquals(List.of("a", "x"), rows.get(1).fields(), "unquoted fields trimmed");
        assertEquals(List.of("c \"q\"", "two\nlines"), rows.get(2).fields());
        assertEquals(List.of("last", "1"), rows.get(3).fields());
        assertEquals(List.of(1, 2, 4, 6), rows.stream().map(Csv.Row::line).toList(), "blank line skipped, lines counted");
    }

    @Test
    void malformedTextNamesTheRecordsLine() {
        Csv.Malformed unclosed = assertThrows(Csv.Malformed.class, () -> Csv.parse("a,b\n1,2\n3,\"x\n"));
        Csv.Malformed junk = assertThrows(Csv.Malformed.class, () -> Csv.parse("a,b\n\"x\"y,2\n"));

        assertEquals(3, unclosed.line());
        assertEquals("unclosed quote", unclosed.getMessage());
        assertEquals(2, junk.line());
        assertTrue(junk.getMessage().startsWith("not valid CSV"), junk.getMessage());
    }

    @Test
    void writesQuotesOnlyWhereNeededAndNumbersAsJavaPrintsThem() throws Exception {
        StringWriter out = new StringWriter();
        try (SequenceWriter w = Csv.writer(out, List.of("run", "a,b", "x"))) {
            w.write(List.of("plain name #1", "", 1.0 / 3));
            w.write(List.of("x,y", "q\"z", -0.0));
            w.write(new Object[] {"two\nlines", 7L, 1e-300});
        }

        assertEquals("run,\"a,b\",x\n"
                + "plain name #1,,0.3333333333333333\n"
                + "\"x,y\",\"q\"\"z\",-0.0\n"
                + "\"two\nlines\",7,1.0E-300\n", out.toString());
    }
}
