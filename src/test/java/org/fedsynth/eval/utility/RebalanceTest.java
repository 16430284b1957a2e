package org.fedsynth.eval.utility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedsynth.data.ImageSet;
import org.junit.jupiter.api.Test;

/** The utility study's rebalancing arm: rare classes topped up with synthetic images. */
class RebalanceTest {

    /** {@code counts[c]} 32 px grey images of class c: a bright square, a little dimmer for the rare class, on noise. */
    static ImageSet blobs(int[] counts, long seed) {
        Random r = new Random(seed);
        List<byte[]> imgs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            for (int i = 0; i < counts[c]; i++) {
                byte[] px = new byte[32 * 32];
                for (int p = 0; p < px.length; p++) {
                    px[p] = (byte) (30 + r.nextInt(40));
                }
                int level = c == 0 ? 190 : 150;
                for (int y = 8; y < 20; y++) {
                    for (int x = 10; x < 22; x++) {
                        px[y * 32 + x] = (byte) (level + r.nextInt(60));
                    }
                }
                imgs.add(px);
                labels.add(c);
            }
        }
        return new ImageSet(List.of("common", "rare"), 1, 32, 32, imgs, labels.stream().mapToInt(Integer::intValue).toArray(),
                "blobs");
    }

    @Test
    void theAutomaticTargetIsTheMedianClassCountOnImbalancedDataOnly() {
        assertEquals(0, UtilityStudy.rebalanceTarget(blobs(new int[] {50, 40}, 1), -1), "balanced enough: off");
        assertEquals(300, UtilityStudy.rebalanceTarget(blobs(new int[] {300, 4}, 1), -1));
        assertEquals(25, UtilityStudy.rebalanceTarget(blobs(new int[] {300, 4}, 1), 25), "an explicit target is kept");
        assertEquals(0, UtilityStudy.rebalanceTarget(blobs(new int[] {300, 4}, 1), 0));
    }

    @Test
    void toppingUpARareClassWithFaithfulSyntheticImagesRaisesItsRecall() {
        ImageSet train = blobs(new int[] {300, 4}, 2);
        ImageSet test = blobs(new int[] {60, 60}, 3);
        // a "generator" that returns fresh real-like images of the asked classes
        UtilityStudy.SyntheticSource perfect = (seed, perClass) -> blobs(perClass, seed);
        UtilityStudy.Options o = new UtilityStudy.Options(List.of(10), 0, List.of(1L, 2L), 60, 32, 1e-3, 300);
        List<UtilityStudy.Row> rows = UtilityStudy.run(train, test, perfect, o, new PrintStream(PrintStream.nullOutputStream()));
        UtilityStudy.Row real = rows.stream().filter(r -> r.rebalanced() && !r.synthetic()).findFirst().orElseThrow();
        UtilityStudy.Row topped = rows.stream().filter(r -> r.rebalanced() && r.synthetic()).findFirst().orElseThrow();
        assertEquals(296, topped.syntheticImages(), "only the rare class, up to the target");
        assertEquals(304, topped.realImages());
        double rareBefore = real.recallMean()[1];
        double rareAfter = topped.recallMean()[1];
        assertTrue(rareAfter > rareBefore + 0.2, "rare-class recall " + rareBefore + " -> " + rareAfter);
        assertTrue(UtilityStudy.mean(topped.balancedAccuracy()) > UtilityStudy.mean(real.balancedAccuracy()),
                "balanced accuracy rises");
    }
}
