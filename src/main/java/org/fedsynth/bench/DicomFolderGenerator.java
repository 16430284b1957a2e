package org.fedsynth.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedsynth.data.dicom.DicomDataset;
import org.fedsynth.data.dicom.DicomWriter;

/**
 * Makes a folder of many distinct DICOM files for the load benchmark: copies of real files (the
 * shared test files, in several transfer syntaxes) whose SOP Instance UID is rewritten in place, so
 * that every file has its own content and the cache must decode each one; or, without the shared
 * files, generated uncompressed ones. Files go into {@code a/} and {@code b/} (two classes), written
 * atomically.
 */
final class DicomFolderGenerator {

    /** Small, single-frame originals that FedSynth decodes: every codec, grey and colour. */
    static final List<String> SOURCES = List.of("MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm",
            "MR_small_RLE.dcm", "MR_small_jp2klossless.dcm", "CT_small.dcm", "JPEG2000.dcm", "SC_rgb_jpeg_dcmtk.dcm",
            "SC_rgb_rle.dcm", "JPEG-LL.dcm");

    /** What was written. */
    record Folder(Path root, int files, long bytes, String sources) {}

    private DicomFolderGenerator() {
    }

    static Folder generate(Path root, int count, Path sharedOriginals) throws IOException {
        List<byte[]> templates = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        String sources;
        if (Files.isDirectory(sharedOriginals)) {
            for (String name : SOURCES) {
                Path f = sharedOriginals.resolve(name);
                if (Files.isRegularFile(f)) {
                    templates.add(Files.readAllBytes(f));
                    uids.add(DicomDataset.read(f).string(DicomDataset.SOP_INSTANCE_UID).orElse(""));
                }
            }
            sources = templates.size() + " shared originals (" + String.join(", ", SOURCES) + ")";
        } else {
            sources = "generated uncompressed 64x64 16-bit files (shared files not found at " + sharedOriginals + ")";
        }
        long bytes = 0;
        Random rng = new Random(15);
        int digits = Integer.toString(count).length() + 1;
        for (int i = 0; i < count; i++) {
            Path f = root.resolve(i % 2 == 0 ? "a" : "b").resolve(String.format("im%06d.dcm", i));
            Files.createDirectories(f.getParent());
            byte[] b;
            if (templates.isEmpty()) {
                int[] v = new int[64 * 64];
                for (int k = 0; k < v.length; k++) {
                    v[k] = 500 + rng.nextInt(3000);
                }
                b = new DicomWriter("1.2.826.0.1.3680043.10.99." + i).text(DicomDataset.PATIENT_ID, "LO", "P" + (i / 3))
                        .image(64, 64, 1, 16, false, "MONOCHROME2", 1, v).bytes();
            } else {
                int t = i % templates.size();
                b = templates.get(t).clone();
                String uid = uids.get(t);
                if (uid.length() > digits + 2) {
                    String replaced = uid.substring(0, uid.length() - digits) + String.format("%0" + digits + "d", i);
                    replaceAll(b, uid.getBytes(StandardCharsets.US_ASCII), replaced.getBytes(StandardCharsets.US_ASCII));
                }
            }
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.write(tmp, b);
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            bytes += b.length;
        }
        return new Folder(root, count, bytes, sources);
    }

    private static void replaceAll(byte[] hay, byte[] needle, byte[] with) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            System.arraycopy(with, 0, hay, i, with.length);
        }
    }
}
