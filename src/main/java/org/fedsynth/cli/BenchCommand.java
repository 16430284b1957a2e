package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.bench.Bench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth bench}: the fixed benchmark workloads. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark: step64, step32, round, aggregate and memory workloads (see docs/PERFORMANCE.md).",
            "Prints one JSON line per figure and writes bench.json. Run on an otherwise idle machine."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "few repetitions and small sizes: a smoke test, not a measurement")
    boolean quick;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR", description = "where bench.json goes (default: here)")
    Path out;

    @Option(names = "--only", split = ",", paramLabel = "WORKLOAD",
            description = "run only these: step64, step32, round, aggregate, memory, growth, scale (default all)")
    java.util.Set<String> only = new java.util.LinkedHashSet<>();

    @Override
    public Integer call() throws Exception {
        Bench.run(quick, only, out, System.out);
        return 0;
    }
}
