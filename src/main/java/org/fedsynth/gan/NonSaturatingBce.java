package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;

/**
 * The non-saturating GAN loss with binary cross-entropy on logits (Goodfellow et al. 2014):
 * {@code L_D = softplus(-D(x)) + softplus(D(G(z)))} and {@code L_G = softplus(-D(G(z)))}, batch means.
 */
public final class NonSaturatingBce implements GanObjective {

    @Override
    public boolean discriminatorBatchNorm() {
        return true;
    }

    @Override
    public NDArray discriminatorLoss(PhaseTensors t) {
        return t.dReal().neg().getNDArrayInternal().softPlus().mean()
                .add(t.dFake().getNDArrayInternal().softPlus().mean());
    }

    @Override
    public NDArray generatorLoss(PhaseTensors t) {
        return t.dFake().neg().getNDArrayInternal().softPlus().mean();
    }
}
