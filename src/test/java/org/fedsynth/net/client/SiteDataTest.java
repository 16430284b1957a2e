package org.fedsynth.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedsynth.config.ConfigException;
import org.fedsynth.data.ImageSet;
import org.fedsynth.data.dicom.DicomDataset;
import org.fedsynth.data.dicom.DicomWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site's {@code --data}: an ImageFolder, or a YAML data section (a PACS export of DICOM files). */
class SiteDataTest {

    @Test
    void aYamlDataSectionLoadsADicomFolderWithItsLabelsCsv(@TempDir Path tmp) throws Exception {
        Path pacs = tmp.resolve("pacs");
        StringBuilder csv = new StringBuilder("SOPInstanceUID,label\n");
        for (int i = 0; i < 6; i++) {
            int[] v = new int[16 * 16];
            java.util.Arrays.fill(v, i % 2 == 0 ? 200 : 20);
            String uid = "1.2.826.0.1." + i;
            new DicomWriter(uid).text(DicomDataset.PATIENT_ID, "LO", "P" + i).image(16, 16, 1, 8, false, "MONOCHROME2", 1, v)
                    .write(pacs.resolve("study" + i).resolve("IM" + i));
            csv.append(uid).append(',').append(i % 2 == 0 ? "pneumonia" : "normal").append('\n');
        }
        Files.writeString(tmp.resolve("labels.csv"), csv);
        Path yaml = tmp.resolve("site.yaml");
        Files.writeString(yaml, "data:\n  format: dicom\n  path: " + pacs + "\n  labels_csv: " + tmp.resolve("labels.csv")
                + "\n  labels_key: sop_instance_uid\n  cache: none\n  resolution: 32\n");
        ImageSet s = SiteClient.loadSiteData(yaml);
        assertEquals(List.of("normal", "pneumonia"), s.classNames());
        assertEquals(6, s.size());
        assertEquals(32, s.height());
        assertTrue(s.hasPatients());
    }

    @Test
    void aYamlWithoutADataFormatIsRefusedWithTheFix(@TempDir Path tmp) throws Exception {
        Path yaml = tmp.resolve("site.yaml");
        Files.writeString(yaml, "data:\n  resolution: 32\n");
        ConfigException e = assertThrows(ConfigException.class, () -> SiteClient.loadSiteData(yaml));
        assertTrue(e.getMessage().contains("format: dicom"), e.getMessage());
    }
}
