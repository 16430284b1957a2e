/**
 * The privacy audit of a generator from its samples: distance to closest record (DCR), the
 * nearest-neighbour distance ratio (NNDR), the GAN-Leaks membership-inference attack with DeLong's
 * interval, per client, and the nearest-copies picture ({@link org.fedsynth.eval.privacy.PrivacyAudit}).
 * Pure functions over pixel and feature matrices, as the fidelity metrics in {@code org.fedsynth.eval};
 * {@code eval.pipeline} gathers the sets and writes {@code eval.json}'s {@code privacy} section.
 */
package org.fedsynth.eval.privacy;
