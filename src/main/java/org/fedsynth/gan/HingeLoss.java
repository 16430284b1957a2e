package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;

/**
 * The hinge loss (Lim and Ye 2017, as in SNGAN, Miyato et al. 2018):
 * {@code L_D = E[relu(1 - D(x))] + E[relu(1 + D(G(z)))]} and {@code L_G = -E[D(G(z))]}, batch means.
 * It stops pushing D once a real image scores above 1 or a fake below -1, which keeps a
 * discriminator on a few hundred images from driving its logits without bound.
 */
public final class HingeLoss implements GanObjective {

    @Override
    public boolean discriminatorBatchNorm() {
        return true;
    }

    @Override
    public NDArray discriminatorLoss(PhaseTensors t) {
        return Scalars.maximum(Scalars.add(t.dReal().neg(), 1f), 0f).mean().add(Scalars.maximum(Scalars.add(t.dFake(), 1f), 0f).mean());
    }

    @Override
    public NDArray generatorLoss(PhaseTensors t) {
        return t.dFake().mean().neg();
    }
}
