/**
 * The utility of synthetic data (Jin and Li 2023, Fig. 7): {@link org.fedsynth.eval.utility.UtilityStudy}
 * trains a diagnostic classifier on n real images per class with and without synthetic ones;
 * {@link org.fedsynth.eval.utility.ClassificationScores} scores it.
 */
package org.fedsynth.eval.utility;
