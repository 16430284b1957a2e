package org.fedsynth.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.DataConfig;
import org.fedsynth.config.RunConfig;
import org.fedsynth.eval.features.DomainEvaluator;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.eval.pipeline.EvalData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth evaluator}: the domain feature network behind the fidelity metrics. */
@Command(name = "evaluator", mixinStandardHelpOptions = true,
        description = "Domain evaluators: small CNN classifiers whose features the fidelity metrics use.",
        subcommands = {EvaluatorCommand.Train.class})
final class EvaluatorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** {@code fedsynth evaluator train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Train a domain evaluator on the real training split of a dataset and save it with its data"
                    + " fingerprint (evaluator.json + weights.zip).",
                "The data comes from --run (its config.resolved.yaml), --config (a run config's data section) or the"
                    + " data flags."})
    static final class Train implements Callable<Integer> {

        @Option(names = "--run", paramLabel = "DIR", description = "take the data section of this run folder")
        Path run;

        @Option(names = "--config", paramLabel = "FILE", description = "take the data section (and seed) of this run config")
        Path config;

        @Option(names = "--format", description = "data.format: phantom | imagefolder | csv | npz")
        String format;

        @Option(names = "--path", description = "data.path")
        String path;

        @Option(names = "--split", description = "data.split (npz)")
        String split;

        @Option(names = "--resolution", description = "data.resolution: 32 | 64 | 128")
        Integer resolution;

        @Option(names = "--channels", description = "data.channels: 1 | 3")
        Integer channels;

        @Option(names = "--phantom-kind", description = "data.phantom_kind")
        String phantomKind;

        @Option(names = "--phantom-count", description = "data.phantom_count")
        Integer phantomCount;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "the evaluator folder to write")
        Path out;

        @Option(names = "--epochs", defaultValue = "3", description = "epochs (default ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "64", description = "batch size (default ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default ${DEFAULT-VALUE})")
        double lr;

        @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws Exception {
            int sources = (run != null ? 1 : 0) + (config != null ? 1 : 0);
            boolean flags = format != null || path != null || split != null || resolution != null || channels != null
                    || phantomKind != null || phantomCount != null;
            if (sources > 1 || (sources == 1 && flags)) {
                throw new ConfigException("give the data by one of --run, --config or the data flags (--format, --path, ...)");
            }
            RunConfig cfg;
            if (run != null) {
                cfg = RunDirectory.readConfig(run);
            } else if (config != null) {
                cfg = ConfigIO.read(config);
            } else {
                cfg = new RunConfig(null, new DataConfig(format, path, phantomKind, phantomCount, split, null, null, null,
                        resolution, channels, null, null, null, null, null, null, null, null, null, null, null), null, null, null,
                        null, null);
            }
            if (Files.exists(out.resolve(DomainEvaluator.INFO_FILE))) {
                throw new ConfigException("--out " + out + " already holds an evaluator; choose another folder or delete it");
            }
            DomainEvaluator.TrainOptions o;
            try {
                o = new DomainEvaluator.TrainOptions(epochs, batchSize, lr, seed);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
            EvalData data = EvalData.load(cfg.data(), cfg.seed());
            System.out.println("data: " + data.rule() + "; fingerprint " + data.fingerprint());
            try (DomainEvaluator ev = DomainEvaluator.train(data.train(), data.test(), data.fingerprint(), data.rule(), o,
                    System.out)) {
                ev.save(out);
            }
            System.out.println("wrote " + out.resolve(DomainEvaluator.INFO_FILE) + " and " + DomainEvaluator.WEIGHTS_FILE);
            return 0;
        }
    }
}
