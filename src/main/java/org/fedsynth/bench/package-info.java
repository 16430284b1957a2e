/**
 * {@code fedsynth bench}: the fixed benchmark workloads (one local step at 64px and 32px, a whole
 * round, aggregation at many clients, memory over many rounds), timed with warm-up and repeated
 * measurements. Speed is measured here, never asserted in unit tests.
 */
package org.fedsynth.bench;
