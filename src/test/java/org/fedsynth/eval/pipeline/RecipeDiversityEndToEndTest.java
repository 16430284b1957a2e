package org.fedsynth.eval.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.data.ImageSet;
import org.fedsynth.data.Phantoms;
import org.fedsynth.eval.Diversity;
import org.fedsynth.eval.FidelityMetrics;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.fl.sim.Simulations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small-data recipe against the paper's at the same small budget on phantoms (fixed seed):
 * the generated images of each class differ from one another more, in pixel space, relative to
 * the real images of the class.
 */
class RecipeDiversityEndToEndTest {

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    static String config(String recipe) {
        return """
                seed: 3
                data: {format: phantom, phantom_count: 256, resolution: 32}
                federation: {clients: 2, rounds: 10}
                training: {recipe: %s, batch_size: 16, local_steps: 15, base_width: 16}
                output: {sample_every: 10}
                """.formatted(recipe);
    }

    static double pixelDiversity(Path run) throws Exception {
        Checkpoint ckpt = new RunDirectory(run).latestReadableCheckpoint(QUIET).orElseThrow();
        ImageSet fake = Evaluation.generate(ckpt, new int[] {60, 60}, new Random(1), null, null);
        ImageSet real = Phantoms.generate("cxr", 120, 32, 99);
        Map<String, Double> d = Diversity.perClass(pixels(real), real.labels(), pixels(fake), fake.labels(), 1);
        return d.get(FidelityMetrics.OVERALL);
    }

    static double[][] pixels(ImageSet s) {
        double[][] out = new double[s.size()][];
        for (int i = 0; i < s.size(); i++) {
            byte[] img = s.images().get(i);
            out[i] = new double[img.length];
            for (int j = 0; j < img.length; j++) {
                out[i][j] = ImageSet.pixelToUnit(img[j]);
            }
        }
        return out;
    }

    @Test
    void theSmallDataRecipeIsMoreDiverseThanThePapersAtTheSameBudget(@TempDir Path tmp) throws Exception {
        Path paper = tmp.resolve("paper");
        Path small = tmp.resolve("small");
        Simulations.train(ConfigIO.parse(config("paper"), "paper.yaml"), paper, false, QUIET, false);
        Simulations.train(ConfigIO.parse(config("small-data"), "small.yaml"), small, false, QUIET, false);
        double p = pixelDiversity(paper);
        double s = pixelDiversity(small);
        System.out.printf("pixel diversity ratio: paper %.3f, small-data %.3f%n", p, s);
        assertTrue(s > p + 0.1, "small-data " + s + " vs paper " + p);
    }
}
