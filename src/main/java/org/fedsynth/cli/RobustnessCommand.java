package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.experiment.Robustness;
import org.fedsynth.run.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth robustness}: the attacks-by-defenses matrix. */
@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = {"Run the robustness matrix: every attack against every defense, per federation and seed; each cell",
            "is a run folder (finished ones are skipped, so a killed matrix resumes), trained and evaluated. Writes",
            "robustness.md (tables and break points), robustness.csv (one row per run) and robustness.html (heat maps).",
            "Grid file keys: base (a run config), federations (name -> overrides), attacks (name -> attack section),",
            "defenses (name -> strategy section), seeds, evaluate. See experiments/robustness.yaml."})
final class RobustnessCommand implements Callable<Integer> {

    @Option(names = "--grid", required = true, paramLabel = "FILE", description = "robustness grid file (YAML/JSON)")
    Path grid;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--dry-run", description = "list the cells and validate their configs, run nothing")
    boolean dryRun;

    @Option(names = "--tabulate-only", description = "train and evaluate nothing: write the matrix of the cells done so"
            + " far (for a look at a matrix that is still running)")
    boolean tabulateOnly;

    @Override
    public Integer call() throws Exception {
        if (dryRun) {
            for (Robustness.Cell c : Robustness.plan(grid)) {
                System.out.println(c.name() + (c.extra() ? "  (vanilla anchor for FD)" : ""));
            }
            return 0;
        }
        Robustness.run(grid, out, System.out, Progress.isTerminal(), tabulateOnly);
        return 0;
    }
}
