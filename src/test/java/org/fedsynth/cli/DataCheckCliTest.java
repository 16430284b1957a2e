package org.fedsynth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fedsynth.data.dicom.DicomDataset;
import org.fedsynth.data.dicom.DicomWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedsynth data check}: a PACS export, loaded as training would load it, without training. */
class DataCheckCliTest {

    @Test
    void reportsClassesPatientsAndSkippedFiles(@TempDir Path tmp) throws Exception {
        for (int i = 0; i < 6; i++) {
            int[] v = new int[20 * 20];
            java.util.Arrays.fill(v, 40 * i);
            new DicomWriter("1.2.5." + i).text(DicomDataset.PATIENT_ID, "LO", "P" + (i / 2))
                    .image(20, 20, 1, 8, false, "MONOCHROME2", 1, v).write(tmp.resolve("pacs").resolve(i < 4 ? "normal" : "effusion")
                            .resolve("IM" + i));
        }
        new DicomWriter("1.2.5.9").text(DicomDataset.MODALITY, "CS", "SR").write(tmp.resolve("pacs/normal/report"));
        Path cfg = tmp.resolve("site.yaml");
        Files.writeString(cfg, "data: {format: dicom, path: '" + tmp.resolve("pacs") + "', on_bad_file: skip, cache: none}\n");
        int[] st = new int[1];
        String[] io = CliRun.run(st, "data", "check", "--config", cfg.toString());
        assertEquals(0, st[0], io[1]);
        assertTrue(io[0].contains("effusion") && io[0].contains("2 images (33.3%)"), io[0]);
        assertTrue(io[0].contains("6 images, 1 channel(s), 32 x 32 px, 3 patients"), io[0]);
        assertTrue(io[1].contains("skipped 1 of 7 DICOM files") && io[1].contains("has no Pixel Data"), io[1]);

        Files.writeString(cfg, "data: {format: dicom, path: '" + tmp.resolve("pacs") + "', cache: none}\n");
        io = CliRun.run(st, "data", "check", "--config", cfg.toString());
        assertTrue(st[0] != 0, "a bad file fails the check without on_bad_file: skip");
        assertTrue(io[1].contains("report") && io[1].contains("has no Pixel Data"), io[1]);
    }
}
