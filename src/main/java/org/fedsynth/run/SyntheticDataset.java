package org.fedsynth.run;

import com.fasterxml.jackson.databind.SequenceWriter;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.TrainSettings;
import org.fedsynth.util.Csv;
import org.fedsynth.util.Seeds;

/**
 * Writes a labelled synthetic dataset from a checkpoint's published generator ({@link Checkpoint#sampleGenerator}): an ImageFolder
 * ({@code OUT/<class>/<class>_NNNNN.png}) plus {@code labels.csv} ({@code file,label,class}),
 * generated in batches so memory stays flat for any size.
 */
public final class SyntheticDataset {

    private static final int BATCH = 64;

    private SyntheticDataset() {}

    /** What was written. */
    public record Summary(int round, List<String> classNames, int total) {}

    /** Generates {@code perClass} images of every class into {@code out}. */
    public static Summary write(Path checkpointArg, int perClass, Path out, long seed, PrintStream log) throws IOException {
        Path file = RunDirectory.resolveCheckpoint(checkpointArg);
        Checkpoint c = Checkpoint.read(file);
        int k = c.spec().numClasses();
        int res = c.spec().resolution();
        int ch = c.spec().channels();
        Files.createDirectories(out);
        Random rng = Seeds.rng(seed, "generate");
        int total = 0;
        try (GanWorkbench wb = new GanWorkbench(c.spec(), TrainSettings.dcgan(BATCH));
                BufferedWriter labelsFile = Files.newBufferedWriter(out.resolve("labels.csv"), StandardCharsets.UTF_8);
                SequenceWriter csv = Csv.writer(labelsFile, List.of("file", "label", "class"))) {
            wb.loadGenerator(c.sampleGenerator());
            for (int label = 0; label < k; label++) {
                String name = safe(c.classNames().get(label));
                Path classDir = Files.createDirectories(out.resolve(name));
                for (int done = 0; done < perClass; ) {
                    int b = Math.min(BATCH, perClass - done);
                    int[] labels = new int[b];
                    java.util.Arrays.fill(labels, label);
                    float[] imgs = wb.generate(GanWorkbench.gaussian(b * c.spec().zDim(), rng), labels);
                    for (int i = 0; i < b; i++) {
                        String fname = String.format("%s_%05d.png", name, done + i + 1);
                        BufferedImage img = Images.toImage(imgs, i * ch * res * res, ch, res);
                        ImageIO.write(img, "png", classDir.resolve(fname).toFile());
                        csv.write(List.of(name + "/" + fname, label, name));
                    }
                    done += b;
                    total += b;
                }
                log.println("class " + name + ": " + perClass + " images");
            }
        }
        return new Summary(c.round(), c.classNames(), total);
    }

    private static String safe(String className) {
        return className.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
