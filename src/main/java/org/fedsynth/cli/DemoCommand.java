package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.experiment.Demo;
import org.fedsynth.run.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth demo}: the mission in miniature, on the built-in phantom data. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the mission in miniature on built-in phantom chest X-rays (no download):",
            "4 simulated hospitals train a conditional GAN: vanilla, under a backdoor attack, and with FedDetect."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--rounds", defaultValue = "25", description = "rounds per run (default ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Demo.run(out, rounds, System.out, Progress.isTerminal());
        return 0;
    }
}
