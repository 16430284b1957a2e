package org.fedsynth.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedsynth.bench.Bench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedsynth bench}: the fixed benchmark workloads. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark: the engine's matrix-multiply peak, local steps, rounds, aggregation, memory, contention",
            "and throughput workloads (see docs/PERFORMANCE.md).",
            "Prints one JSON line per figure and writes bench.json. Run on an otherwise idle machine."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "few repetitions and small sizes: a smoke test, not a measurement")
    boolean quick;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR", description = "where bench.json goes (default: here)")
    Path out;

    @Option(names = "--only", split = ",", paramLabel = "WORKLOAD",
            description = "run only these: sgemm, step64, step32, recipes, round, aggregate, defense, memory, growth, scale, "
                    + "contention, throughput (default all)")
    java.util.Set<String> only = new java.util.LinkedHashSet<>();

    @Option(names = "--pytorch", paramLabel = "PYTHON",
            description = "also time the PyTorch eager reference of step64/step32 with this Python (e.g. /usr/bin/python3 "
                    + "with python3-torch) right after FedSynth's, and print the ratios")
    String pytorch;

    @Override
    public Integer call() throws Exception {
        Bench.run(quick, only, out, System.out, pytorch);
        return 0;
    }
}
