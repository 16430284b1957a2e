package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedsynth.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth report}: one self-contained HTML page over run folders. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML report (inline images and styles, renders with no network) over runs:",
            "sample grids side by side, per-client losses with flagged rounds, weights over rounds, detection rates,",
            "utility (Fig. 7, from eval.json) and the results tables (mean ± sd over seeds, one table per dataset).",
            "--runs takes run folders and sweep folders (expanded to their runs)."})
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--runs", required = true, arity = "1..*", paramLabel = "DIR",
            description = "run folders, or sweep folders holding runs")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the HTML file to write, e.g. report.html")
    Path out;

    @Option(names = "--title", defaultValue = "FedSynth report", paramLabel = "T", description = "page title (default ${DEFAULT-VALUE})")
    String title;

    @Override
    public Integer call() throws Exception {
        StringBuilder cmd = new StringBuilder("fedsynth report --runs");
        runs.forEach(r -> cmd.append(' ').append(r));
        cmd.append(" --out ").append(out);
        if (!"FedSynth report".equals(title)) {
            cmd.append(" --title '").append(title).append('\'');
        }
        Report.write(runs, out, new Report.Options(title, cmd.toString(), System.out));
        return 0;
    }
}
