package org.fedsynth.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.DataConfig;
import org.fedsynth.data.dicom.DicomDataset;
import org.fedsynth.data.dicom.DicomWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data.format: dicom}: folders, labels CSVs, patients, the decoded-image cache and bad files. */
class DicomFolderLoaderTest {

    @TempDir
    Path tmp;

    private static final Path SHARED = Path.of(System.getProperty("fedsynth.sharedData", "../shared/data"), "dicom", "originals");

    /** A 16-bit grey image: a bright disc (class "lesion") or none ("normal") on noise. */
    static void writeImage(Path file, String patient, String uid, boolean disc, long seed) throws Exception {
        Random r = new Random(seed);
        int n = 40;
        int[] v = new int[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                boolean in = disc && (x - 20) * (x - 20) + (y - 20) * (y - 20) < 100;
                v[y * n + x] = (in ? 3000 : 1000) + r.nextInt(200);
            }
        }
        new DicomWriter(uid).text(DicomDataset.PATIENT_ID, "LO", patient).text(DicomDataset.WINDOW_CENTER, "DS", "2000")
                .text(DicomDataset.WINDOW_WIDTH, "DS", "4000").image(n, n, 1, 16, false, "MONOCHROME2", 1, v).write(file);
    }

    private DataConfig config(String extra) {
        String yaml = "data: {format: dicom, path: '" + tmp.resolve("site") + "', resolution: 32, cache: '" + tmp.resolve("cache")
                + "'" + (extra.isEmpty() ? "" : ", " + extra) + "}";
        return ConfigIO.parse(yaml, "test.yaml").data();
    }

    private DicomFolderLoader.Loaded load(DataConfig c, ByteArrayOutputStream log) {
        return DicomFolderLoader.load(c, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private void classFolders(int perClass) throws Exception {
        for (int i = 0; i < perClass; i++) {
            writeImage(tmp.resolve("site/normal/n" + i + ".dcm"), "P" + (i / 2), "1.2.3.1." + i, false, i);
            writeImage(tmp.resolve("site/lesion/sub/l" + i), "Q" + (i / 2), "1.2.3.2." + i, true, 100 + i);
        }
        Files.writeString(tmp.resolve("site/README.txt"), "not an image");
    }

    @Test
    void classFoldersGiveLabelsPatientsAndWindowedImages() throws Exception {
        classFolders(4);
        var log = new ByteArrayOutputStream();
        DicomFolderLoader.Loaded l = load(config(""), log);
        ImageSet s = l.set();
        assertEquals(List.of("lesion", "normal"), s.classNames());
        assertEquals(8, s.size());
        assertEquals(1, s.channels());
        assertEquals(32, s.height());
        assertTrue(s.hasPatients());
        assertEquals(4, s.patients().stream().filter(p -> p.startsWith("Q")).count());
        assertEquals(1, l.report().ignored(), "README.txt");
        // the disc is bright at the centre of a lesion image, not of a normal one
        int centre = 16 * 32 + 16;
        for (int i = 0; i < s.size(); i++) {
            int v = s.images().get(i)[centre] & 0xFF;
            assertTrue(s.label(i) == 0 ? v > 170 : v < 120, "image " + i + " centre " + v);
        }
        assertTrue(log.toString().contains("8 DICOM images"), log.toString());
    }

    @Test
    void decodedImagesAreCachedByContentAndDecodedAgainWhenAFileChanges() throws Exception {
        classFolders(3);
        DicomFolderLoader.Loaded first = load(config(""), new ByteArrayOutputStream());
        assertEquals(6, first.report().decoded());
        DicomFolderLoader.Loaded second = load(config(""), new ByteArrayOutputStream());
        assertEquals(0, second.report().decoded());
        assertEquals(6, second.report().fromCache());
        for (int i = 0; i < 6; i++) {
            assertTrue(java.util.Arrays.equals(first.set().images().get(i), second.set().images().get(i)));
        }
        // edit one file: only it is decoded again
        Path f = tmp.resolve("site/normal/n1.dcm");
        writeImage(f, "P0", "1.2.3.1.1", true, 77);
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
        DicomFolderLoader.Loaded third = load(config(""), new ByteArrayOutputStream());
        assertEquals(1, third.report().decoded());
        // other settings do not reuse the pack
        assertEquals(6, load(config("window: minmax"), new ByteArrayOutputStream()).report().decoded());
        try (var files = Files.list(tmp.resolve("cache"))) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void aCorruptCacheIsRebuiltWithANote() throws Exception {
        classFolders(2);
        load(config(""), new ByteArrayOutputStream());
        try (var files = Files.list(tmp.resolve("cache"))) {
            Path pack = files.findFirst().orElseThrow();
            byte[] b = Files.readAllBytes(pack);
            Files.write(pack, java.util.Arrays.copyOf(b, b.length / 2));
        }
        var log = new ByteArrayOutputStream();
        DicomFolderLoader.Loaded again = load(config(""), log);
        assertEquals(4, again.report().decoded());
        assertTrue(log.toString().contains("was unreadable"), log.toString());
    }

    @Test
    void labelsCsvByPathBySopInstanceUidAndByPatientId() throws Exception {
        for (int i = 0; i < 4; i++) {
            writeImage(tmp.resolve("site/img" + i + ".dcm"), "PAT" + i, "1.2.9." + i, i % 2 == 0, i);
        }
        Path byPath = tmp.resolve("by-path.csv");
        Files.writeString(byPath, "path,label\nimg0.dcm,disc\nimg1.dcm,plain\nimg2.dcm,disc\nimg3.dcm,plain\n");
        ImageSet a = load(config("labels_csv: '" + byPath + "'"), new ByteArrayOutputStream()).set();
        assertEquals(List.of("disc", "plain"), a.classNames());
        assertEquals(List.of(0, 1, 0, 1), java.util.Arrays.stream(a.labels()).boxed().toList());

        Path byUid = tmp.resolve("by-uid.csv");
        Files.writeString(byUid, "SOPInstanceUID,finding\n1.2.9.0,disc\n1.2.9.1,plain\n1.2.9.2,disc\n1.2.9.3,plain\n");
        ImageSet b = load(config("labels_csv: '" + byUid + "', labels_key: sop_instance_uid, label_column: finding"),
                new ByteArrayOutputStream()).set();
        assertEquals(java.util.Arrays.toString(a.labels()), java.util.Arrays.toString(b.labels()));

        Path byPatient = tmp.resolve("by-patient.csv");
        Files.writeString(byPatient, "pid,label\nPAT0,disc\nPAT1,plain\nPAT2,disc\nPAT3,plain\n");
        ImageSet c = load(config("labels_csv: '" + byPatient + "', labels_key: patient_id, key_column: pid"),
                new ByteArrayOutputStream()).set();
        assertEquals(java.util.Arrays.toString(a.labels()), java.util.Arrays.toString(c.labels()));
        assertEquals(List.of("PAT0", "PAT1", "PAT2", "PAT3"), c.patients());
    }

    @Test
    void badLabelsGetMessagesNamingTheFileLineAndFix() throws Exception {
        for (int i = 0; i < 2; i++) {
            writeImage(tmp.resolve("site/img" + i + ".dcm"), "P" + i, "1.2.8." + i, i == 0, i);
        }
        Path missing = tmp.resolve("missing.csv");
        Files.writeString(missing, "path,label\nimg0.dcm,a\nimg7.dcm,b\n");
        DatasetException e1 = assertThrows(DatasetException.class, () -> load(config("labels_csv: '" + missing + "'"),
                new ByteArrayOutputStream()));
        assertTrue(e1.getMessage().startsWith(missing + " line 3: names the file 'img7.dcm'"), e1.getMessage());

        Path unknown = tmp.resolve("unknown.csv");
        Files.writeString(unknown, "path,label\nimg0.dcm,a\nimg1.dcm,zebra\n");
        DatasetException e2 = assertThrows(DatasetException.class, () -> load(config("labels_csv: '" + unknown + "', classes: [a, b]"),
                new ByteArrayOutputStream()));
        assertTrue(e2.getMessage().startsWith(unknown + " line 3: label 'zebra' is not a known class (data.classes: a, b)"),
                e2.getMessage());

        Path one = tmp.resolve("one.csv");
        Files.writeString(one, "path,label\nimg0.dcm,a\nimg1.dcm,a\n");
        DatasetException e3 = assertThrows(DatasetException.class, () -> load(config("labels_csv: '" + one + "', classes: [a, b]"),
                new ByteArrayOutputStream()));
        assertTrue(e3.getMessage().contains("class 'b' has no images"), e3.getMessage());

        Path partial = tmp.resolve("partial.csv");
        Files.writeString(partial, "path,label\nimg0.dcm,a\n");
        DatasetException e4 = assertThrows(DatasetException.class, () -> load(config("labels_csv: '" + partial + "'"),
                new ByteArrayOutputStream()));
        assertTrue(e4.getMessage().startsWith(tmp.resolve("site/img1.dcm") + ": is not listed in the labels CSV"), e4.getMessage());

        writeImage(tmp.resolve("site/loose.dcm"), "P9", "1.2.8.9", true, 9);
        Files.createDirectories(tmp.resolve("site/a"));
        DatasetException e5 = assertThrows(DatasetException.class, () -> load(config(""), new ByteArrayOutputStream()));
        assertTrue(e5.getMessage().contains("is not inside a class folder"), e5.getMessage());
    }

    @Test
    void undecodableFilesFailTheLoadOrAreSkippedAndCounted() throws Exception {
        classFolders(2);
        Path report = tmp.resolve("site/normal/report.dcm");
        new DicomWriter("1.2.7.1").text(DicomDataset.MODALITY, "CS", "SR").write(report);
        Path volume = tmp.resolve("site/lesion/volume.dcm");
        new DicomWriter("1.2.7.2").image(4, 4, 1, 16, false, "MONOCHROME2", 3, new int[48]).write(volume);
        Path jpegLs = SHARED.resolve("MR_small_jpeg_ls_lossless.dcm");
        boolean shared = Files.isRegularFile(jpegLs);
        if (shared) {
            Files.copy(jpegLs, tmp.resolve("site/lesion/mr-jpegls.dcm"));
        }
        DatasetException fail = assertThrows(DatasetException.class, () -> load(config(""), new ByteArrayOutputStream()));
        assertTrue(fail.getMessage().startsWith(tmp.resolve("site").toString()), fail.getMessage());

        var log = new ByteArrayOutputStream();
        DicomFolderLoader.Loaded l = load(config("on_bad_file: skip"), log);
        assertEquals(4, l.set().size());
        assertEquals(shared ? 3 : 2, l.report().skipped().size());
        String out = log.toString();
        assertTrue(out.contains("skipped " + (shared ? 3 : 2) + " of " + (shared ? 7 : 6) + " DICOM files"), out);
        assertTrue(out.contains("has no Pixel Data") && out.contains("multi-frame"), out);
        if (shared) {
            assertTrue(out.contains("1.2.840.10008.1.2.4.80 (JPEG-LS Lossless)"), out);
        }
        // with frame: middle the volume is an image
        assertEquals(5, load(config("on_bad_file: skip, frame: middle"), new ByteArrayOutputStream()).set().size());
    }

    @Test
    void theSharedFilesLoadAsAFolderWithSkips() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(SHARED), "shared DICOM files not present");
        Path site = tmp.resolve("site/any");
        Files.createDirectories(site);
        for (String f : List.of("CR-MONO1-10-chest.dcm", "RG1_J2KI.dcm", "MR_small_RLE.dcm", "GH364.dcm", "US1_UNCR.dcm")) {
            Files.copy(SHARED.resolve(f), site.resolve(f));
        }
        var log = new ByteArrayOutputStream();
        ImageSet s = load(config("on_bad_file: skip"), log).set();
        assertEquals(4, s.size());
        assertEquals(3, s.channels(), "one RGB file makes the set RGB");
        assertTrue(log.toString().contains("GH364.dcm"), log.toString());
    }

    @Test
    void configErrorsNameTheKey() {
        var e1 = assertThrows(RuntimeException.class, () -> ConfigIO.parse("data: {format: dicom, path: x, window: auto}", "c.yaml"));
        assertTrue(e1.getMessage().contains("data.window"), e1.getMessage());
        var e2 = assertThrows(RuntimeException.class, () -> ConfigIO.parse("data: {format: dicom, path: x, on_bad_file: ignore}",
                "c.yaml"));
        assertTrue(e2.getMessage().contains("data.on_bad_file"), e2.getMessage());
        var e3 = assertThrows(RuntimeException.class, () -> ConfigIO.parse("data: {format: dicom, path: x, frame: last}", "c.yaml"));
        assertTrue(e3.getMessage().contains("data.frame"), e3.getMessage());
        var e4 = assertThrows(RuntimeException.class, () -> ConfigIO.parse("data: {format: dicom}", "c.yaml"));
        assertTrue(e4.getMessage().contains("data.path is required"), e4.getMessage());
        var e6 = assertThrows(RuntimeException.class, () -> ConfigIO.parse("data: {format: npz, path: x.npz, window: minmax}", "c.yaml"));
        assertTrue(e6.getMessage().contains("data.window is read only with data.format: dicom"), e6.getMessage());
        // a default value (as run folders of an earlier build hold) is accepted and dropped
        assertEquals(null, ConfigIO.parse("data: {format: npz, path: x.npz, window: header, labels_key: path, frame: refuse,"
                + " on_bad_file: fail, window_percentiles: [0.5, 99.5]}", "c.yaml").data().window());
        String resolved = ConfigIO.toYaml(ConfigIO.parse("data: {format: npz, path: x.npz}", "c.yaml"));
        assertFalse(resolved.contains("window") || resolved.contains("on_bad_file"), resolved);
        var e5 = assertThrows(DatasetException.class, () -> DicomFolderLoader.load(config(""), System.err));
        assertTrue(e5.getMessage().contains("folder not found"), e5.getMessage());
        assertFalse(Files.exists(tmp.resolve("cache")));
    }
}
