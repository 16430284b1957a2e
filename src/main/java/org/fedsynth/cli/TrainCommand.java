package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.sim.Simulations;
import org.fedsynth.plugin.PluginDocs;
import org.fedsynth.run.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth train}: runs a federated simulation from a config file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a conditional GAN across simulated clients (in-process federation).",
            "Writes config.resolved.yaml, metrics.jsonl, samples/round-NNNN.png and checkpoints/ into --out.",
            "Config keys and every plug-in's keys are listed below; docs/CONFIG.md explains them."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "run config, YAML or JSON")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run output folder")
    Path out;

    @Option(names = "--resume", description = "continue from the last complete round in --out")
    boolean resume;

    /**
     * The help footer: the core config keys, then every plug-in's keys (name, type, default,
     * description) read from the settings records in the plug-in registry.
     */
    static String footer() {
        return ("%nConfig keys (YAML/JSON; every key optional, defaults shown):%n"
                + ConfigIO.describeKeys().replace("%", "%%")
                + "%n%nPlug-ins (strategy: {name: <strategy>, <its keys>, <wrapper keys>}; attack: docs/CONFIG.md):%n"
                + PluginDocs.text().replace("%", "%%"));
    }

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = ConfigIO.read(config);
        Simulations.train(cfg, out, resume, System.out, Progress.isTerminal());
        return 0;
    }
}
