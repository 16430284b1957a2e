package org.fedsynth.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvManifestLoaderTest {

    @TempDir
    Path dir;

    @BeforeEach
    void images() throws IOException {
        for (int i = 0; i < 4; i++) {
            TestFiles.write(TestFiles.gray(3, 3, 10 * i), "png", dir.resolve("img/" + i + ".png"));
        }
    }

    @Test
    void loadsClassNamesSortedWithQuotedFieldsAndCrlf() throws IOException {
        Path csv = Files.writeString(dir.resolve("data.csv"),
                "\uFEFFid,\"file, path\",diagnosis\r\n"
                        + "a,img/0.png,pneumonia\r\n"
                        + "b,\"img/1.png\",normal\r\n"
                        + "\r\n"
                        + "\"c \"\"quoted\"\"\",img/2.png,\"pneumonia\"\r\n");

        ImageSet set = CsvManifestLoader.load(csv, "file, path", "diagnosis");

        assertEquals(List.of("normal", "pneumonia"), set.classNames());
        assertArrayEquals(new int[] {1, 0, 1}, set.labels());
        assertEquals(10, set.images().get(1)[0] & 0xFF, "rows keep file order");
        assertEquals(csv.toString(), set.source());
    }

    @Test
    void integerLabelsAreIndicesAndAbsolutePathsWork() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Path csv = Files.writeString(dir.resolve("sub/m.csv"), "path,y\n"
                + dir.resolve("img/0.png").toAbsolutePath() + ",2\n../img/1.png,0\n");

        ImageSet set = CsvManifestLoader.load(csv, "path", "y");

        assertEquals(List.of("0", "1", "2"), set.classNames());
        assertArrayEquals(new int[] {2, 0}, set.labels());
    }

    @Test
    void unknownLabelAgainstKnownClassesNamesLineAndChoices() throws IOException {
        Path csv = Files.writeString(dir.resolve("x.csv"), "image,label\nimg/0.png,normal\nimg/1.png,pneumnia\n");

        DatasetException e = assertThrows(DatasetException.class,
                () -> CsvManifestLoader.load(csv, "image", "label", List.of("normal", "pneumonia")));

        assertTrue(e.getMessage().startsWith(csv + " line 3: unknown label 'pneumnia' (known: normal, pneumonia"),
                e.getMessage());
    }

    @Test
    void knownClassesAlsoAcceptIndices() throws IOException {
        Path csv = Files.writeString(dir.resolve("x.csv"), "image,label\nimg/0.png,1\nimg/1.png,normal\n");

        ImageSet set = CsvManifestLoader.load(csv, "image", "label", List.of("normal", "pneumonia"));

        assertArrayEquals(new int[] {1, 0}, set.labels());
    }

    @Test
    void missingColumnListsColumns() throws IOException {
        Path csv = Files.writeString(dir.resolve("x.csv"), "image,label\nimg/0.png,a\n");

        DatasetException e = assertThrows(DatasetException.class, () -> CsvManifestLoader.load(csv, "image", "class"));

        assertTrue(e.getMessage().contains("no column 'class' (columns: image, label)"), e.getMessage());
    }

    @Test
    void missingImageNamesLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("x.csv"), "image,label\nimg/0.png,a\nimg/nope.png,b\n");

        DatasetException e = assertThrows(DatasetException.class, () -> CsvManifestLoader.load(csv, "image", "label"));

        assertTrue(e.getMessage().startsWith(csv + " line 3: image 'img/nope.png' not found"), e.getMessage());
    }

    @Test
    void wrongFieldCountAndUnclosedQuoteNameLine() throws IOException {
        Path ragged = Files.writeString(dir.resolve("r.csv"), "image,label\nimg/0.png,a,extra\n");
        Path unclosed = Files.writeString(dir.resolve("u.csv"), "image,label\nimg/0.png,\"a\n");

        DatasetException e1 = assertThrows(DatasetException.class, () -> CsvManifestLoader.load(ragged, "image", "label"));
        DatasetException e2 = assertThrows(DatasetException.class, () -> CsvManifestLoader.load(unclosed, "image", "label"));

        assertTrue(e1.getMessage().startsWith(ragged + " line 2: has 3 fields, the header has 2"), e1.getMessage());
        assertTrue(e2.getMessage().startsWith(unclosed + " line 2: unclosed quote"), e2.getMessage());
    }

    @Test
    void oneHotIsicStyleWithBareImageIds() throws IOException {
        TestFiles.write(TestFiles.gray(3, 3, 7), "jpg", dir.resolve("ISIC_0000001.jpg"));
        Path csv = Files.writeString(dir.resolve("gt.csv"),
                "image,MEL,NV,BKL\nISIC_0000001,0.0,1.0,0.0\nimg/2,1,0,0\nimg/3.png,0,0,1\n");

        ImageSet set = CsvManifestLoader.loadOneHot(csv, "image", List.of());

        assertEquals(List.of("MEL", "NV", "BKL"), set.classNames());
        assertArrayEquals(new int[] {1, 0, 2}, set.labels());
    }

    @Test
    void oneHotWithChosenColumns() throws IOException {
        Path csv = Files.writeString(dir.resolve("gt.csv"), "image,MEL,NV,UNK\nimg/0.png,0,1,0\nimg/1.png,1,0,0\n");

        ImageSet set = CsvManifestLoader.loadOneHot(csv, "image", List.of("NV", "MEL"));

        assertEquals(List.of("NV", "MEL"), set.classNames());
        assertArrayEquals(new int[] {0, 1}, set.labels());
    }

    @Test
    void oneHotRowWithTwoOnesOrNoneOrJunkIsAnError() throws IOException {
        Path two = Files.writeString(dir.resolve("two.csv"), "image,MEL,NV\nimg/0.png,1,0\nimg/1.png,1,1.0\n");
        Path none = Files.writeString(dir.resolve("none.csv"), "image,MEL,NV\nimg/0.png,0,0\n");
        Path junk = Files.writeString(dir.resolve("junk.csv"), "image,MEL,NV\nimg/0.png,yes,0\n");

        String m1 = assertThrows(DatasetException.class, () -> CsvManifestLoader.loadOneHot(two, "image", List.of())).getMessage();
        String m2 = assertThrows(DatasetException.class, () -> CsvManifestLoader.loadOneHot(none, "image", List.of())).getMessage();
        String m3 = assertThrows(DatasetException.class, () -> CsvManifestLoader.loadOneHot(junk, "image", List.of())).getMessage();

        assertTrue(m1.startsWith(two + " line 3: expected exactly one class column equal to 1, found 2 (MEL, NV)"), m1);
        assertTrue(m2.startsWith(none + " line 2: expected exactly one class column equal to 1, found 0"), m2);
        assertTrue(m3.startsWith(junk + " line 2: value 'yes' in class column 'MEL' is not 0 or 1"), m3);
    }

    @Test
    void headerOnlyCsvIsAnError() throws IOException {
        Path csv = Files.writeString(dir.resolve("h.csv"), "image,label\n");

        DatasetException e = assertThrows(DatasetException.class, () -> CsvManifestLoader.load(csv, "image", "label"));

        assertTrue(e.getMessage().startsWith(csv + ": no data rows"), e.getMessage());
    }

    @Test
    void missingCsvIsNamed() {
        Path missing = dir.resolve("none.csv");

        DatasetException e = assertThrows(DatasetException.class, () -> CsvManifestLoader.load(missing, "a", "b"));

        assertEquals(missing + ": CSV file not found", e.getMessage());
    }

    @Test
    void aPatientColumnTagsEachImageAndIsNotAClassColumn() throws IOException {
        Path csv = Files.writeString(dir.resolve("onehot.csv"),
                "image,patient,a,b\nimg/0.png,P1,1,0\nimg/1.png,P1,1,0\nimg/2.png,P2,0,1\nimg/3.png,P3,0,1\n");
        ImageSet s = CsvManifestLoader.loadOneHot(csv, "image", java.util.List.of(), "patient");
        assertEquals(java.util.List.of("a", "b"), s.classNames());
        assertEquals(java.util.List.of("P1", "P1", "P2", "P3"), s.patients());
        Path named = Files.writeString(dir.resolve("named.csv"), "image,label,pid\nimg/0.png,x,7\nimg/1.png,y,\n");
        DatasetException e = assertThrows(DatasetException.class,
                () -> CsvManifestLoader.load(named, "image", "label", java.util.List.of(), "pid"));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("empty value in column 'pid'"), e.getMessage());
    }
}
