package org.fedsynth.attack;

import java.util.Random;

/**
 * The whole-image {@code frequency} trigger (FIBA, see {@link Trigger}): the amplitude spectrum of
 * each channel over a low-frequency window is blended towards a donor image's, the image's phase
 * kept. It has no patch and no placement.
 */
public final class FrequencyTrigger implements Trigger {

    private final TriggerSpec spec;
    private final int resolution;
    private final int channels;
    /** The {@code C*res*res} donor image in [-1, 1]. */
    private final float[] donor;
    private final LowFrequencyDft dft;
    /** {@code C} arrays of window amplitudes of the donor ([0, 1] domain). */
    private final double[][] donorAmplitude;

    private FrequencyTrigger(TriggerSpec spec, int resolution, int channels, float[] donor, LowFrequencyDft dft,
            double[][] donorAmplitude) {
        this.spec = spec;
        this.resolution = resolution;
        this.channels = channels;
        this.donor = donor;
        this.dft = dft;
        this.donorAmplitude = donorAmplitude;
    }

    /** Builds a frequency trigger (checked arguments; see {@link Trigger#build}). */
    static FrequencyTrigger build(TriggerSpec spec, int res, int channels) {
        double[][] rgb = new double[3][res * res];
        if (spec.imagePath() != null) {
            TriggerContent.loadPng(spec.imagePath(), res, rgb, new float[res * res]);
        } else {
            TriggerContent.smoothDonor(rgb, res, spec.seed());
        }
        float[] donor = TriggerContent.toModelRange(rgb, channels);
        int half = Math.max(1, (int) Math.floor(spec.beta() * res / 2.0));
        half = Math.min(half, (res - 1) / 2);
        LowFrequencyDft dft = new LowFrequencyDft(res, half);
        int plane = res * res;
        double[][] amp = new double[channels][];
        double[] u = new double[plane];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                u[i] = (donor[c * plane + i] + 1.0) * 0.5;
            }
            double[] f = dft.forward(u);
            amp[c] = new double[f.length / 2];
            for (int k = 0; k < amp[c].length; k++) {
                amp[c][k] = Math.hypot(f[2 * k], f[2 * k + 1]);
            }
        }
        return new FrequencyTrigger(spec, res, channels, donor, dft, amp);
    }

    @Override
    public TriggerSpec spec() {
        return spec;
    }

    @Override
    public int resolution() {
        return resolution;
    }

    @Override
    public int channels() {
        return channels;
    }

    /** The whole image: {@code resolution}. */
    @Override
    public int size() {
        return resolution;
    }

    /** A copy of the spectrum donor image, {@code C*res*res} in [-1, 1], CHW. */
    public float[] donor() {
        return donor.clone();
    }

    /** The frequency window side {@code 2h + 1}. */
    public int frequencyWindow() {
        return dft.windowSide();
    }

    @Override
    public Placement apply(float[] images, int offset, int channels, int res, Random rng) {
        checkImage(images, offset, channels, res);
        applyFrequency(images, offset);
        return new Placement(0, 0);
    }

    private void applyFrequency(float[] images, int offset) {
        double al = spec.alpha();
        if (al == 0) {
            return;
        }
        int plane = resolution * resolution;
        double[] u = new double[plane];
        for (int c = 0; c < channels; c++) {
            int base = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                u[i] = (images[base + i] + 1.0) * 0.5;
            }
            double[] f = dft.forward(u);
            double[] amp = donorAmplitude[c];
            double[] delta = new double[f.length];
            for (int k = 0; k < amp.length; k++) {
                double re = f[2 * k];
                double im = f[2 * k + 1];
                double a = Math.hypot(re, im);
                double target = (1 - al) * a + al * amp[k];
                if (a > 0) {
                    double scale = (target - a) / a;
                    delta[2 * k] = re * scale;
                    delta[2 * k + 1] = im * scale;
                } else {
                    delta[2 * k] = target; // phase of a zero coefficient is taken as 0, as numpy's angle(0)
                }
            }
            double[] du = dft.inverseReal(delta);
            for (int i = 0; i < plane; i++) {
                double v = images[base + i] + 2.0 * du[i];
                images[base + i] = (float) Math.max(-1.0, Math.min(1.0, v));
            }
        }
    }

    @Override
    public String toString() {
        return "Trigger[" + spec.type() + ", alpha " + spec.alpha() + ", window " + frequencyWindow() + ", " + channels
                + "x" + resolution + "x" + resolution + "]";
    }
}
