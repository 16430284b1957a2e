package org.fedsynth.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.DataConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ISIC 2018 ground-truth CSV on real JPEGs ({@code ../shared/data/isic-sample}), as it is and reordered. */
class IsicSampleTest {

    private static final Path DIR = Path.of(System.getProperty("fedsynth.sharedData", "../shared/data"), "isic-sample");

    @Test
    void loadsAsItIsAndWithClassColumnsInAnotherOrder(@TempDir Path tmp) throws Exception {
        Path csv = DIR.resolve("GroundTruth.csv");
        assumeTrue(Files.isRegularFile(csv), "shared ISIC sample not present");
        DataConfig plain = ConfigIO.parse("data: {format: csv, path: '" + csv + "', resolution: 32}", "isic.yaml").data();
        ImageSet a = Datasets.load(plain, 1);
        assertEquals(List.of("MEL", "NV", "BCC", "AKIEC", "BKL", "DF", "VASC"), a.classNames());
        assertEquals(210, a.size());
        assertEquals(3, a.channels());
        for (int c = 0; c < 7; c++) {
            assertTrue(a.classCounts()[c] > 0, "class " + a.classNames().get(c));
        }
        // the same ground truth with its class columns reversed and absolute image paths, read in the ISIC order
        List<String> lines = Files.readAllLines(csv);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(",");
            StringBuilder sb = new StringBuilder(out.isEmpty() ? f[0] : DIR.resolve("images").resolve(f[0]).toAbsolutePath().toString());
            for (int k = f.length - 1; k >= 1; k--) {
                sb.append(',').append(f[k]);
            }
            out.add(sb.toString());
        }
        Path reordered = tmp.resolve("reordered.csv");
        Files.write(reordered, out);
        DataConfig ordered = ConfigIO.parse("data: {format: csv, path: '" + reordered + "', resolution: 32, classes: [MEL, NV, BCC,"
                + " AKIEC, BKL, DF, VASC]}", "isic2.yaml").data();
        ImageSet b = Datasets.load(ordered, 1);
        assertEquals(a.classNames(), b.classNames());
        assertArrayEquals(a.labels(), b.labels());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.images().get(i), b.images().get(i));
        }
        // and without a stated order, the file's own column order
        DataConfig asIs = ConfigIO.parse("data: {format: csv, path: '" + reordered + "', resolution: 32}", "isic3.yaml").data();
        assertEquals(List.of("VASC", "DF", "BKL", "AKIEC", "BCC", "NV", "MEL"), Datasets.load(asIs, 1).classNames());
    }
}
