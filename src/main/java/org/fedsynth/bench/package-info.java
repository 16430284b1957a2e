/**
 * {@code fedsynth bench}: the fixed benchmark workloads (one local step at 64px and 32px, a whole
 * round, aggregation at many clients, memory over many rounds), timed with warm-up and repeated
 * measurements. {@link org.fedsynth.bench.Bench} selects and orders the workloads; each workload is
 * one class ({@code StepWorkload}, {@code RoundWorkload}, {@code AggregateWorkload},
 * {@code MemoryWorkload}, {@code GrowthWorkload}, {@code ScaleWorkload}) that emits its figures into
 * a {@code BenchContext}, which prints them and writes {@code bench.json}. Speed is measured here,
 * never asserted in unit tests.
 */
package org.fedsynth.bench;
