package org.fedsynth.bench;

import java.io.IOException;

/** One benchmark workload of {@code fedsynth bench}: it measures and emits its figures into the context. */
@FunctionalInterface
interface Workload {

    /** Runs the workload, emitting one or more figures with {@link BenchContext#emit}. */
    void run(BenchContext ctx) throws IOException;
}
