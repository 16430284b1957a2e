package org.fedsynth.fl;

/**
 * Scalar statistics of one client's local training in one round: the only numbers besides
 * parameters that leave a client.
 *
 * @param lossGMean mean generator loss over the round's local steps
 * @param lossGLast generator loss of the last local step (what the authors' released code reports)
 * @param lossDMean mean discriminator loss over the round's local steps
 * @param lossDLast discriminator loss of the last local step
 * @param steps number of local steps taken
 */
public record LocalStats(double lossGMean, double lossGLast, double lossDMean, double lossDLast, int steps) {}
