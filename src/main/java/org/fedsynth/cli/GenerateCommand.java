package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.config.ConfigException;
import org.fedsynth.run.SyntheticDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth generate}: writes a labelled synthetic dataset from a checkpoint. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a labelled synthetic dataset (ImageFolder + labels.csv) from a checkpoint's published generator (the moving average of the global one; the global one itself when the run kept none).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "PATH",
            description = "a checkpoint file, or a run folder (its latest checkpoint)")
    Path checkpoint;

    @Option(names = "--per-class", required = true, paramLabel = "N", description = "images per class")
    int perClass;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "noise seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        ConfigException.require(perClass >= 1 && perClass <= 1_000_000, "--per-class", "in [1, 1000000]", perClass);
        SyntheticDataset.Summary s = SyntheticDataset.write(checkpoint, perClass, out, seed, System.out);
        System.out.println("wrote " + s.total() + " images (" + perClass + " per class, classes " + s.classNames()
                + ") from round " + s.round() + " to " + out + " with labels.csv");
        return 0;
    }
}
