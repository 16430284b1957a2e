/**
 * How much of a backdoor a generator draws, for any trigger: {@link
 * org.fedsynth.eval.backdoor.TriggerClassifier} (a per-run CNN that tells poisoned real images from
 * clean ones, and the share of generated images it calls poisoned). The patch-only
 * {@code trigger_score} stays in {@link org.fedsynth.attack.TriggerScore}.
 */
package org.fedsynth.eval.backdoor;
