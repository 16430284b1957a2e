package org.fedsynth.eval.features;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TorchScript loading path, on a tiny fixture saved by torch 1.13 (bench/make_torchscript_fixture.py). */
class TorchScriptFeatureNetworkTest {

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(TorchScriptFeatureNetworkTest.class.getResource("/torchscript/" + name).toURI());
    }

    /** The script's fixed_input: frac(0.1 (i + 1) + 0.05 c + 0.3 h / 299 + 0.2 w / 299). */
    static float[] fixedInput(int n) {
        int s = 299;
        float[] x = new float[n * 3 * s * s];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < s; h++) {
                    for (int w = 0; w < s; w++) {
                        double v = 0.1 * (i + 1) + 0.05 * c + 0.3 * h / 299 + 0.2 * w / 299;
                        x[((i * 3 + c) * s + h) * s + w] = (float) (v - Math.floor(v));
                    }
                }
            }
        }
        return x;
    }

    @Test
    void loadsTorch113FileAndReproducesPythonOutputs() throws Exception {
        List<String> rows = Files.readAllLines(fixture("tiny-features.expected.txt")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        try (TorchScriptFeatureNetwork net = TorchScriptFeatureNetwork.load(fixture("tiny-features.pt"))) {
            assertEquals(16, net.dims());
            assertEquals("torchscript", net.describe().kind());
            assertTrue(net.describe().fingerprint().startsWith("sha256:"));
            double[][] y = net.forward(fixedInput(2), 2);
            assertEquals(2, y.length);
            for (int i = 0; i < 2; i++) {
                String[] t = rows.get(i).split(",");
                assertEquals(16, y[i].length);
                for (int j = 0; j < 16; j++) {
                    assertEquals(Double.parseDouble(t[j]), y[i][j], 1e-5, "row " + i + " col " + j);
                }
            }
        }
    }

    @Test
    void runImagesAreResizedAndGiveDeterministicFeatures() throws Exception {
        int n = 3;
        int r = 32;
        float[] imgs = new float[n * r * r];
        for (int k = 0; k < imgs.length; k++) {
            imgs[k] = (float) Math.sin(k * 0.01);
        }
        try (TorchScriptFeatureNetwork net = TorchScriptFeatureNetwork.load(fixture("tiny-features.pt"))) {
            double[][] a = net.features(imgs, n, 1, r);
            double[][] b = net.features(imgs, n, 1, r);
            assertEquals(n, a.length);
            assertEquals(16, a[0].length);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(a[i], b[i], 0.0);
            }
            assertNotEquals(a[0][0], a[2][0]);
        }
    }

    @Test
    void bilinearResizeOfAConstantAndARampMatchesInterpolate() {
        // A constant image stays constant; a grey image is replicated to three channels, mapped to [0, 1].
        float[] src = new float[4];
        java.util.Arrays.fill(src, 0.5f);
        float[] dst = new float[3 * 299 * 299];
        TorchScriptFeatureNetwork.prepare(src, 0, 1, 2, dst, 0);
        for (float v : dst) {
            assertEquals(0.75f, v, 1e-6f);
        }
        // Left column -1, right column +1 (2x2): F.interpolate gives 0 (in [0, 1]) up to x = 74, then a ramp.
        float[] ramp = {-1f, 1f, -1f, 1f};
        TorchScriptFeatureNetwork.prepare(ramp, 0, 1, 2, dst, 0);
        assertEquals(0f, dst[0], 1e-6f);
        assertEquals(1f, dst[298], 1e-6f);
        double c = (150 + 0.5) * 2 / 299 - 0.5; // source coordinate of output column 150
        assertEquals((float) (c - Math.floor(c)), dst[150], 1e-5f);
    }

    @Test
    void missingAndCorruptFilesGiveClearErrors(@TempDir Path tmp) throws IOException {
        Path missing = tmp.resolve("nope.pt");
        NoSuchFileException e1 = assertThrows(NoSuchFileException.class, () -> TorchScriptFeatureNetwork.load(missing));
        assertTrue(e1.getMessage().contains("nope.pt") && e1.getMessage().contains("torch.jit.save"), e1.getMessage());
        Path junk = tmp.resolve("junk.pt");
        Files.writeString(junk, "not a model");
        IOException e2 = assertThrows(IOException.class, () -> TorchScriptFeatureNetwork.load(junk));
        assertTrue(e2.getMessage().contains("junk.pt") && e2.getMessage().contains("TorchScript"), e2.getMessage());
    }
}
