package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.experiment.Sweep;
import org.fedsynth.run.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth sweep}: a grid of runs, resumable, tabulated. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a grid of experiments (variants x axes x seeds); finished runs are skipped, so a killed",
            "sweep resumes. Writes results.csv (one row per run) and results.md (mean ± sd over seeds).",
            "Grid file keys: base (a run config), variants (name -> overrides), axes (dotted.key -> values), seeds."})
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--grid", required = true, paramLabel = "FILE", description = "grid file (YAML/JSON)")
    Path grid;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--dry-run", description = "list the runs and validate their configs, run nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (dryRun) {
            for (Sweep.Planned p : Sweep.plan(grid)) {
                System.out.println(p.name());
            }
            System.out.println(Sweep.evaluation(grid) == null ? "(no evaluation)" : "(each run evaluated: evaluate section)");
            return 0;
        }
        Sweep.run(grid, out, System.out, Progress.isTerminal());
        return 0;
    }
}
