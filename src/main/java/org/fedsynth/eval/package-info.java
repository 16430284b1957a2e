/**
 * Fidelity metrics of generated images, as pure functions over feature matrices
 * ({@code double[][]}, rows = samples, columns = feature dimensions, for example Inception pool3
 * features of real and generated images).
 *
 * <ul>
 *   <li>{@link org.fedsynth.eval.FrechetDistance}: Fréchet distance of fitted Gaussians (FID; Heusel et
 *       al., NeurIPS 2017), with a symmetric-eigendecomposition matrix square root (EJML).</li>
 *   <li>{@link org.fedsynth.eval.KernelInceptionDistance}: KID, unbiased MMD^2 with the cubic polynomial
 *       kernel averaged over seeded random subsets (Bińkowski et al., ICLR 2018).</li>
 *   <li>{@link org.fedsynth.eval.ManifoldMetrics}: k-NN precision and recall (Kynkäänniemi et al.,
 *       NeurIPS 2019) and density and coverage (Naeem et al., ICML 2020), with the conventions of the
 *       {@code prdc} reference package (strict {@code <} against the k-th neighbour radius excluding
 *       self).</li>
 *   <li>{@link org.fedsynth.eval.FidelityMetrics} bundles them into a {@link org.fedsynth.eval.MetricSet},
 *       overall or per class.</li>
 *   <li>{@link org.fedsynth.eval.FeatureIO}: feature matrices as CSV, for cross-checks with other
 *       tools.</li>
 * </ul>
 *
 * <p>Nothing here touches images or networks: feature extraction is in {@code eval.features}, the
 * utility study in {@code eval.utility}, and the {@code evaluate} command in {@code eval.pipeline}. Work is
 * single-threaded; pairwise metrics stream rows and store no distance matrix.
 */
package org.fedsynth.eval;
