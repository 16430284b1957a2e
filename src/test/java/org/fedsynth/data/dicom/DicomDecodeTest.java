package org.fedsynth.data.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ij.ImagePlus;
import ij.plugin.DICOM;
import ij.process.ImageProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.fedsynth.data.DatasetException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding the real DICOM files of {@code ../shared/data/dicom} (see its README): every transfer
 * syntax against the GDCM-decoded references, and every file ImageJ can open against ImageJ.
 */
class DicomDecodeTest {

    private static final Path SHARED = Path.of(System.getProperty("fedsynth.sharedData", "../shared/data"), "dicom");
    private static final Path ORIGINALS = SHARED.resolve("originals");
    private static final Path DECODED = SHARED.resolve("decoded");

    @BeforeAll
    static void shared() {
        assumeTrue(Files.isDirectory(ORIGINALS), "shared DICOM files not present: " + ORIGINALS);
        System.setProperty("java.awt.headless", "true");
    }

    private static DicomPixels pixels(Path file) {
        return DicomPixels.decode(DicomDataset.read(file), 0);
    }

    /** Lossless compressed originals give exactly the stored values GDCM decoded. */
    @ParameterizedTest
    @ValueSource(strings = {"693_J2KR", "IM-0001-0001-0001", "JPEG-LL", "JPGLosslessP14SV1_1s_1f_8b", "MR_small_jp2klossless"})
    void losslessOriginalsMatchTheirDecodedReferencePixelForPixel(String name) {
        DicomPixels ours = pixels(ORIGINALS.resolve(name + ".dcm"));
        DicomPixels ref = pixels(DECODED.resolve(name + "_raw.dcm"));
        assertEquals(ref.rows(), ours.rows());
        assertEquals(ref.columns(), ours.columns());
        assertArrayEquals(ref.values(), ours.values(), name);
    }

    /** Lossy JPEG 2000: two decoders may round a wavelet differently, by at most one stored level. */
    @ParameterizedTest
    @ValueSource(strings = {"RG1_J2KI", "JPEG2000"})
    void lossyJpeg2000IsWithinOneLevelOfTheReference(String name) {
        DicomPixels ours = pixels(ORIGINALS.resolve(name + ".dcm"));
        DicomPixels ref = pixels(DECODED.resolve(name + "_raw.dcm"));
        assertEquals(ref.values().length, ours.values().length);
        int differ = 0;
        for (int i = 0; i < ours.values().length; i++) {
            int d = Math.abs(ours.values()[i] - ref.values()[i]);
            assertTrue(d <= 1, name + " pixel " + i + " differs by " + d);
            differ += d > 0 ? 1 : 0;
        }
        assertTrue(differ < ours.values().length / 50, name + ": " + differ + " pixels differ");
    }

    @Test
    void colourJpegBaselineMatchesItsReferenceAfterYbrToRgb() {
        DicomImage ours = DicomImage.read(ORIGINALS.resolve("SC_rgb_jpeg_dcmtk.dcm"), DicomOptions.defaults());
        DicomImage ref = DicomImage.read(DECODED.resolve("SC_rgb_jpeg_dcmtk_raw.dcm"), DicomOptions.defaults());
        assertEquals(3, ours.channels());
        assertArrayEquals(ref.pixels(), ours.pixels());
        // the test pattern's top band is red
        int n = ours.rows() * ours.columns();
        int p = 2 * ours.columns() + ours.columns() / 2;
        assertTrue((ours.pixels()[p] & 0xFF) > 200 && (ours.pixels()[n + p] & 0xFF) < 60 && (ours.pixels()[2 * n + p] & 0xFF) < 60);
    }

    @Test
    void theSixEncodingsOfMrSmallGiveIdenticalPixelsOrAClearMessage() {
        int[] ref = pixels(ORIGINALS.resolve("MR_small.dcm")).values();
        for (String enc : List.of("MR_small_implicit", "MR_small_bigendian", "MR_small_RLE", "MR_small_jp2klossless")) {
            assertArrayEquals(ref, pixels(ORIGINALS.resolve(enc + ".dcm")).values(), enc);
        }
        // and the GDCM reference of the JPEG-LS one, which FedSynth cannot decode itself
        assertArrayEquals(ref, pixels(DECODED.resolve("MR_small_jpeg_ls_lossless_raw.dcm")).values());
        DatasetException e = assertThrows(DatasetException.class, () -> pixels(ORIGINALS.resolve("MR_small_jpeg_ls_lossless.dcm")));
        assertTrue(e.getMessage().contains("1.2.840.10008.1.2.4.80") && e.getMessage().contains("JPEG-LS Lossless"), e.getMessage());
        // signed 16-bit values survive every encoding
        assertTrue(Arrays.stream(ref).min().orElseThrow() >= 0 || Arrays.stream(ref).anyMatch(v -> v < 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GH364.dcm", "MR_small_jpeg_ls_lossless.dcm", "JPGExtended.dcm"})
    void eachUnsupportedFileGetsAMessageNamingTheFileTheUidAndItsName(String name) {
        Path f = ORIGINALS.resolve(name);
        DicomDataset d = DicomDataset.read(f);
        DatasetException e = assertThrows(DatasetException.class, () -> DicomImage.of(d, DicomOptions.defaults()));
        String m = e.getMessage();
        assertTrue(m.startsWith(f.toString()), m);
        assertTrue(m.contains(d.syntax().uid()) && m.contains(d.syntax().title()), m);
        assertTrue(m.contains("on_bad_file: skip"), m);
        if (name.equals("JPGExtended.dcm")) {
            assertTrue(m.contains("12-bit"), m);
        }
    }

    /** A no-preamble MONOCHROME1 chest film: bone bright, lungs dark, apex at the top. */
    @Test
    void legacyMonochrome1ChestWithoutPreambleLoadsUprightWithBoneBright() {
        DicomDataset d = DicomDataset.read(ORIGINALS.resolve("CR-MONO1-10-chest.dcm"));
        assertFalse(d.hasFileMeta());
        assertEquals(TransferSyntax.IMPLICIT_LE, d.syntax());
        DicomImage im = DicomImage.of(d, DicomOptions.defaults());
        assertChestPolarityAndOrientation(im, "CR-MONO1-10-chest");
        // stored values as ImageJ reads them: the same orientation
        assertMatchesImageJ(ORIGINALS.resolve("CR-MONO1-10-chest.dcm"));
    }

    @Test
    void monochrome1JpegTwoThousandChestLoadsUprightWithBoneBright() {
        DicomImage im = DicomImage.read(ORIGINALS.resolve("RG1_J2KI.dcm"), DicomOptions.defaults());
        assertChestPolarityAndOrientation(im, "RG1_J2KI");
        DicomImage pct = DicomImage.read(ORIGINALS.resolve("RG1_J2KI.dcm"), new DicomOptions("percentile", 1, 99, "refuse"));
        assertChestPolarityAndOrientation(pct, "RG1_J2KI percentile");
    }

    /**
     * Lungs (left and right of centre, mid-height) are darker than the mediastinum and spine between
     * them; the film is not upside down: the lower quarter (diaphragm, abdomen) is brighter than the
     * lung fields above it.
     */
    private static void assertChestPolarityAndOrientation(DicomImage im, String what) {
        double lungL = mean(im, 0.40, 0.55, 0.20, 0.35);
        double lungR = mean(im, 0.40, 0.55, 0.65, 0.80);
        double spine = mean(im, 0.40, 0.55, 0.46, 0.54);
        double low = mean(im, 0.85, 0.95, 0.30, 0.70);
        assertTrue(spine > lungL + 15 && spine > lungR + 15, what + ": spine " + spine + " vs lungs " + lungL + ", " + lungR);
        assertTrue(low > Math.min(lungL, lungR), what + ": lower field " + low + " vs lungs " + lungL + ", " + lungR);
    }

    private static double mean(DicomImage im, double y0, double y1, double x0, double x1) {
        double s = 0;
        int n = 0;
        for (int y = (int) (y0 * im.rows()); y < (int) (y1 * im.rows()); y++) {
            for (int x = (int) (x0 * im.columns()); x < (int) (x1 * im.columns()); x++) {
                s += im.pixels()[y * im.columns() + x] & 0xFF;
                n++;
            }
        }
        return s / n;
    }

    /** Every single-frame grey file ImageJ can open: FedSynth's stored values equal ImageJ's raw pixels. */
    @ParameterizedTest
    @ValueSource(strings = {"CT_small.dcm", "CT-MONO2-16-ankle.dcm", "MR_small.dcm", "MR_small_implicit.dcm",
            "MR_small_bigendian.dcm", "JPEG2000_UNC.dcm", "CR-MONO1-10-chest.dcm"})
    void uncompressedFilesMatchImageJ(String name) {
        assertMatchesImageJ(ORIGINALS.resolve(name));
    }

    private static void assertMatchesImageJ(Path file) {
        DicomPixels ours = pixels(file);
        DICOM ij = new DICOM();
        ij.open(file.toString());
        assertEquals(ours.columns(), ij.getWidth(), file.toString());
        assertEquals(ours.rows(), ij.getHeight(), file.toString());
        ImageProcessor ip = ij.getProcessor();
        DicomDataset d = DicomDataset.read(file);
        boolean signed = d.integer(DicomDataset.PIXEL_REPRESENTATION).orElse(0) == 1;
        int offset = signed && ij.getBitDepth() == 16 ? 32768 : 0; // ImageJ stores signed 16-bit shifted by 2^15
        for (int y = 0; y < ours.rows(); y++) {
            for (int x = 0; x < ours.columns(); x++) {
                int expected = ip.get(x, y) - offset;
                int got = ours.values()[y * ours.columns() + x];
                if (expected != got) {
                    throw new AssertionError(file + " (" + x + ", " + y + "): ImageJ " + expected + ", FedSynth " + got);
                }
            }
        }
    }

    @Test
    void rescaleSlopeAndInterceptAreAppliedBeforeTheWindow() {
        DicomDataset d = DicomDataset.read(ORIGINALS.resolve("CT_small.dcm"));
        double slope = d.decimals(DicomDataset.RESCALE_SLOPE)[0];
        double intercept = d.decimals(DicomDataset.RESCALE_INTERCEPT)[0];
        int[] stored = pixels(ORIGINALS.resolve("CT_small.dcm")).values();
        // a minmax window spans the modality range: the darkest stored value is black, the brightest white
        DicomImage im = DicomImage.of(d, new DicomOptions("minmax", 0.5, 99.5, "refuse"));
        int lo = 0;
        int hi = 0;
        for (int i = 1; i < stored.length; i++) {
            lo = stored[i] < stored[lo] ? i : lo;
            hi = stored[i] > stored[hi] ? i : hi;
        }
        assertEquals(0, im.pixels()[lo] & 0xFF);
        assertEquals(255, im.pixels()[hi] & 0xFF);
        String[] cw = im.window().replace("minmax c=", "").split(" w=");
        double c = Double.parseDouble(cw[0]);
        assertEquals((stored[lo] + stored[hi]) / 2.0 * slope + intercept + 0.5, c, 1e-3 * Math.abs(c) + 1e-6);
    }

    @Test
    void theLinearVoiFunctionFollowsTheStandard() {
        // PS3.3 C.11.2.1.2.1 with c = 40, w = 400: [-160, 239] maps onto [0, 1]
        assertEquals(0.0, DicomImage.voi(-160.5, 40, 400), 0);
        assertEquals(1.0, DicomImage.voi(239.6, 40, 400), 0);
        assertEquals(0.5, DicomImage.voi(39.5, 40, 400), 1e-12);
        assertEquals((100 - 39.5) / 399 + 0.5, DicomImage.voi(100, 40, 400), 1e-12);
        assertEquals(20.0, DicomImage.percentile(new int[] {0, 10, 20, 30, 40}, 50), 1e-12);
        assertEquals(5.0, DicomImage.percentile(new int[] {0, 10, 20, 30, 40}, 12.5), 1e-12);
    }

    @Test
    void multiFrameFilesAreRefusedOrGiveTheChosenFrame() {
        Path f = ORIGINALS.resolve("emri_small.dcm");
        DatasetException e = assertThrows(DatasetException.class, () -> DicomImage.read(f, DicomOptions.defaults()));
        assertTrue(e.getMessage().contains("10 frames") && e.getMessage().contains("data.frame: first or middle"), e.getMessage());
        DicomDataset nat = DicomDataset.read(f);
        DicomDataset rle = DicomDataset.read(ORIGINALS.resolve("emri_small_RLE.dcm"));
        for (int frame : new int[] {0, 5, 9}) {
            assertArrayEquals(DicomPixels.decode(nat, frame).values(), DicomPixels.decode(rle, frame).values(), "frame " + frame);
        }
        DicomImage middle = DicomImage.read(f, new DicomOptions("header", 0.5, 99.5, "middle"));
        DicomImage first = DicomImage.read(f, new DicomOptions("header", 0.5, 99.5, "first"));
        assertEquals(10, middle.frames());
        assertFalse(Arrays.equals(middle.pixels(), first.pixels()));
        // a 30-frame colour JPEG: the first frame decodes
        DicomImage ybr = DicomImage.read(ORIGINALS.resolve("examples_ybr_color.dcm"), new DicomOptions("header", 0.5, 99.5, "first"));
        assertEquals(3, ybr.channels());
        assertEquals(30, ybr.frames());
    }

    @Test
    void rgbRleAndPaletteColourDecodeToThreeChannels() {
        DicomImage rle = DicomImage.read(ORIGINALS.resolve("SC_rgb_rle.dcm"), DicomOptions.defaults());
        DicomImage jpeg = DicomImage.read(ORIGINALS.resolve("SC_rgb_jpeg_dcmtk.dcm"), DicomOptions.defaults());
        assertEquals(3, rle.channels());
        // the same test pattern, once lossless and once as baseline JPEG
        double diff = 0;
        for (int i = 0; i < rle.pixels().length; i++) {
            diff += Math.abs((rle.pixels()[i] & 0xFF) - (jpeg.pixels()[i] & 0xFF));
        }
        assertTrue(diff / rle.pixels().length < 8, "mean |rle - jpeg| = " + diff / rle.pixels().length);
        DicomImage palette = DicomImage.read(ORIGINALS.resolve("OBXXXX1A_rle.dcm"), DicomOptions.defaults());
        assertEquals(3, palette.channels());
        assertEquals(600, palette.rows());
        DicomImage us = DicomImage.read(ORIGINALS.resolve("US1_UNCR.dcm"), DicomOptions.defaults());
        assertEquals(3, us.channels());
    }

    @Test
    void everyOriginalEitherDecodesOrSaysWhyNot() throws Exception {
        List<Path> files;
        try (var s = Files.list(ORIGINALS)) {
            files = s.sorted().toList();
        }
        int decoded = 0;
        for (Path f : files) {
            try {
                DicomImage im = DicomImage.read(f, new DicomOptions("header", 0.5, 99.5, "first"));
                assertTrue(im.rows() > 0 && im.pixels().length == im.channels() * im.rows() * im.columns());
                decoded++;
            } catch (DatasetException e) {
                assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("transfer syntax"), e.getMessage());
            }
        }
        assertEquals(files.size() - 3, decoded, "all but the two JPEG-LS files and the 12-bit JPEG decode");
    }

    @Test
    void badFilesGetClearMessages(@TempDir Path tmp) throws Exception {
        Path text = tmp.resolve("notes.dcm");
        Files.writeString(text, "this is not a DICOM file, it is a note about one\n".repeat(10));
        assertMessage(text, "is not a DICOM file");

        byte[] mr = Files.readAllBytes(ORIGINALS.resolve("MR_small.dcm"));
        Path cut = tmp.resolve("cut.dcm");
        Files.write(cut, Arrays.copyOf(mr, mr.length / 2));
        assertMessage(cut, "is truncated");

        Path noPixels = tmp.resolve("report.dcm");
        new DicomWriter("1.2.3.4").text(DicomDataset.MODALITY, "CS", "SR").write(noPixels);
        assertMessage(noPixels, "has no Pixel Data (7FE0,0010)");

        Path volume = tmp.resolve("volume.dcm");
        new DicomWriter("1.2.3.5").image(4, 4, 1, 16, false, "MONOCHROME2", 3, new int[48]).write(volume);
        assertMessage(volume, "is a multi-frame image (a 3-D volume or cine loop) of 3 frames");
    }

    private static void assertMessage(Path f, String part) {
        DatasetException e = assertThrows(DatasetException.class, () -> DicomImage.read(f, DicomOptions.defaults()));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(part), e.getMessage());
    }
}
