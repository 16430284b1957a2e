package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.config.ConfigException;
import org.fedsynth.data.ImageFolderWriter;
import org.fedsynth.data.ImageSet;
import org.fedsynth.data.Phantoms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth data}: dataset utilities. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Dataset utilities.",
        subcommands = {DataCommand.Phantom.class, DataCommand.Check.class})
final class DataCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** {@code fedsynth data phantom}: writes the built-in phantom dataset as an ImageFolder. */
    @Command(name = "phantom", mixinStandardHelpOptions = true,
            description = "Write the built-in procedural phantom dataset as an ImageFolder (one sub-folder per class).")
    static final class Phantom implements Callable<Integer> {

        @Option(names = "--kind", defaultValue = "cxr", description = "cxr (grayscale chest-like) or derm (RGB lesion-like)")
        String kind;

        @Option(names = "--count", defaultValue = "200", description = "number of images (default ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--resolution", defaultValue = "64", description = "image side in pixels (default ${DEFAULT-VALUE})")
        int resolution;

        @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
        Path out;

        @Override
        public Integer call() throws Exception {
            ConfigException.require(kind.equals("cxr") || kind.equals("derm"), "--kind", "cxr or derm", "'" + kind + "'");
            ConfigException.require(count >= 2 && count <= 1_000_000, "--count", "in [2, 1000000]", count);
            ConfigException.require(resolution >= 16 && resolution <= 512, "--resolution", "in [16, 512]", resolution);
            ImageSet set = Phantoms.generate(kind, count, resolution, seed);
            ImageFolderWriter.write(set, out);
            System.out.println("wrote " + count + " " + kind + " phantoms at " + resolution + "px to " + out
                    + " (classes " + set.classNames() + ")");
            return 0;
        }
    }

    /** {@code fedsynth data check}: loads a config's data section as training would, and says what it found. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Load the data section of a run config (or a site's data YAML) exactly as training would, and print",
                "what was found: images per class, channels, patients, and for DICOM the files decoded, cached and skipped.",
                "Nothing is trained. Use it on a PACS export before joining a federation."})
    static final class Check implements Callable<Integer> {

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "run config or site data YAML")
        Path config;

        @Override
        public Integer call() {
            org.fedsynth.config.RunConfig cfg = org.fedsynth.config.ConfigIO.read(config);
            ImageSet set = org.fedsynth.data.Datasets.load(cfg.data(), cfg.seed());
            System.out.println("data: " + set.source());
            int[] counts = set.classCounts();
            for (int c = 0; c < counts.length; c++) {
                System.out.printf("  %-24s %6d images (%.1f%%)%n", set.classNames().get(c), counts[c], 100.0 * counts[c] / set.size());
            }
            System.out.println("  " + set.size() + " images, " + set.channels() + " channel(s), " + set.height() + " x " + set.width()
                    + " px" + (set.hasPatients() ? ", " + new java.util.HashSet<>(set.patients()).size()
                            + " patients (evaluation splits by patient)" : ", patients not known (evaluation splits by image)"));
            return 0;
        }
    }
}
