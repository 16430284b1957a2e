package org.fedsynth.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Trigger score (mean NCC or surround match) and backdoor rate. */
class TriggerScoreTest {

    private static final int RES = 32;

    private static Trigger trigger(TriggerType type, int size, TriggerLocation loc, int channels) {
        return Trigger.build(TriggerSpec.of(type, TriggerSize.pixels(size), loc), RES, channels);
    }

    @ParameterizedTest
    @CsvSource({"PATTERN, 8, 3", "PATTERN, 8, 1", "NOISE, 6, 3", "CHECKERBOARD, 8, 1", "SOLID, 4, 3", "SOLID, 4, 1"})
    void pastedScoresOneAndCleanScoresAboutZero(TriggerType type, int size, int channels) {
        Trigger trig = trigger(type, size, TriggerLocation.bottomRight(), channels);
        TriggerScore scorer = new TriggerScore(trig);
        int n = 300;
        float[] clean = Images.random(n, channels, RES, 1);
        float[] pasted = clean.clone();
        int per = channels * RES * RES;
        for (int i = 0; i < n; i++) {
            trig.apply(pasted, i * per, channels, RES, new Random(i));
        }

        TriggerScore.Result onPasted = scorer.score(pasted);
        TriggerScore.Result onClean = scorer.score(clean);

        assertEquals(type == TriggerType.SOLID ? TriggerScore.Mode.SURROUND_MATCH : TriggerScore.Mode.NCC, scorer.mode());
        assertEquals(1.0, onPasted.triggerScore(), 1e-6);
        assertEquals(1.0, onPasted.backdoorRate());
        assertEquals(0.0, onClean.triggerScore(), 0.1);
        assertTrue(onClean.backdoorRate() < 0.1, "clean backdoor rate " + onClean.backdoorRate());
        assertEquals(n, onClean.count());
    }

    @Test
    void backdoorRateCountsImagesAboveThresholdInAMix() {
        Trigger trig = trigger(TriggerType.PATTERN, 8, TriggerLocation.at(3, 4), 3);
        int n = 20;
        int per = 3 * RES * RES;
        float[] imgs = Images.random(n, 3, RES, 2);
        for (int i = 0; i < 7; i++) {
            trig.apply(imgs, i * per, 3, RES, new Random(0));
        }

        TriggerScore.Result r = new TriggerScore(trig).score(imgs);

        double[] s = r.perImage();
        for (int i = 0; i < n; i++) {
            assertTrue(i < 7 ? s[i] > 0.999 : s[i] < 0.5, "image " + i + " scored " + s[i]);
        }
        assertEquals(7 / 20.0, r.backdoorRate());
        double mean = 0;
        for (double v : s) {
            mean += v / n;
        }
        assertEquals(mean, r.triggerScore(), 1e-12);
    }

    @Test
    void thresholdIsStrictAndConfigurable() {
        Trigger trig = trigger(TriggerType.PATTERN, 8, TriggerLocation.bottomRight(), 3);
        float[] imgs = Images.random(1, 3, RES, 3);
        trig.apply(imgs, 0, 3, RES, new Random(0));

        assertEquals(0.0, new TriggerScore(trig, 1.0).score(imgs).backdoorRate());
        assertEquals(1.0, new TriggerScore(trig, 0.99).score(imgs).backdoorRate());
    }

    @Test
    void nccIsZeroOnFlatRegionsAndNegativeOnInvertedTrigger() {
        Trigger trig = trigger(TriggerType.CHECKERBOARD, 8, TriggerLocation.at(0, 0), 1);
        TriggerScore scorer = new TriggerScore(trig);
        float[] flat = new float[RES * RES];
        float[] inverted = new float[RES * RES];
        trig.apply(inverted, 0, 1, RES, new Random(0));
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = -inverted[i];
        }

        assertEquals(0.0, scorer.scoreImage(flat, 0));
        assertEquals(-1.0, scorer.scoreImage(inverted, 0), 1e-9);
    }

    @Test
    void solidSurroundMatchEdgeCases() {
        Trigger trig = trigger(TriggerType.SOLID, 4, TriggerLocation.at(10, 10), 1);
        Trigger whole = trigger(TriggerType.SOLID, RES, TriggerLocation.bottomRight(), 1);
        float[] white = new float[RES * RES];
        java.util.Arrays.fill(white, 1f);
        float[] black = new float[RES * RES];
        java.util.Arrays.fill(black, -1f);
        float[] whiteOnBlack = black.clone();
        trig.apply(whiteOnBlack, 0, 1, RES, new Random(0));
        float[] grayPatchOnWhite = white.clone();
        for (int y = 10; y < 14; y++) {
            for (int x = 10; x < 14; x++) {
                grayPatchOnWhite[y * RES + x] = 0f;
            }
        }

        TriggerScore s = new TriggerScore(trig);
        assertEquals(1.0, s.scoreImage(whiteOnBlack, 0));
        assertEquals(0.0, s.scoreImage(white, 0), "all white: nothing to tell apart");
        assertEquals(0.0, s.scoreImage(black, 0), "all black: patch like its surroundings");
        assertEquals(-1.0, s.scoreImage(grayPatchOnWhite, 0), "surroundings closer to the trigger");
        assertEquals(1.0, new TriggerScore(whole).scoreImage(white, 0), "no ring: 1 - d_in");
        assertEquals(-1.0, new TriggerScore(whole).scoreImage(black, 0));
    }

    @Test
    void randomLocationTakesTheMaximumOverPositions() {
        Trigger trig = trigger(TriggerType.PATTERN, 8, TriggerLocation.random(), 3);
        TriggerScore scorer = new TriggerScore(trig);
        int n = 10;
        int per = 3 * RES * RES;
        float[] clean = Images.random(n, 3, RES, 5);
        float[] pasted = clean.clone();
        Random rng = new Random(6);
        for (int i = 0; i < n; i++) {
            trig.apply(pasted, i * per, 3, RES, rng);
        }

        TriggerScore.Result p = scorer.score(pasted);
        TriggerScore.Result c = scorer.score(clean);

        assertEquals(1.0, p.triggerScore(), 1e-6);
        assertTrue(c.triggerScore() < 0.6, "clean max-NCC " + c.triggerScore());
        assertTrue(c.triggerScore() > 0, "a maximum over positions is biased upwards");
    }

    @Test
    void frequencyScoreIsUndefined() {
        Trigger trig = Trigger.build(TriggerSpec.of(TriggerType.FREQUENCY, TriggerSpec.DEFAULT_SIZE,
                TriggerLocation.bottomRight()), RES, 1);

        TriggerScore.Result r = new TriggerScore(trig).score(Images.random(3, 1, RES, 7));

        assertEquals(TriggerScore.Mode.UNDEFINED, new TriggerScore(trig).mode());
        assertTrue(Double.isNaN(r.triggerScore()) && Double.isNaN(r.backdoorRate()));
        assertTrue(Double.isNaN(r.perImage()[0]));
    }

    @Test
    void previewWritesOneTilePerType(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("docs/triggers.png");

        TriggerPreview.write(out, 8, 3, 0, null, 2);

        var img = ImageIO.read(out.toFile());
        int tiles = TriggerType.values().length - 1; // no image tile without a PNG
        assertEquals((tiles * 16 + (tiles + 1) * 2) * 2, img.getWidth());
        assertEquals((16 + 4) * 2, img.getHeight());
    }
}
