/**
 * {@code fedsynth evaluate}: {@link org.fedsynth.eval.pipeline.Evaluation#run} evaluates a finished run
 * (fidelity per class, trigger score, utility) and writes {@code eval.json}
 * ({@link org.fedsynth.eval.pipeline.EvalResult}); {@link org.fedsynth.eval.pipeline.EvalData} fixes the
 * real train/test split and the data fingerprint.
 */
package org.fedsynth.eval.pipeline;
