package org.fedsynth.gan;

import org.fedsynth.fl.ModelWeights;

/**
 * The portable state of one Adam optimizer (Kingma and Ba 2015): the step count and the first and
 * second moment of every trainable parameter. Kept per client across rounds and stored in
 * checkpoints, so a resumed run continues exactly.
 *
 * @param step number of updates taken so far
 * @param firstMoment first moments, one tensor per trainable parameter, named like the parameter
 * @param secondMoment second moments, same layout
 */
public record AdamState(long step, ModelWeights firstMoment, ModelWeights secondMoment) {}
