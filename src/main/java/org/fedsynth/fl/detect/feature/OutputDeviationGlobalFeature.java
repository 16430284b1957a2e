package org.fedsynth.fl.detect.feature;

/**
 * {@code output_deviation_global} (not in the paper): the same consistent difference from the clients'
 * pixel-wise median as {@code output_deviation}, from the same maps, averaged over the whole image
 * instead of its strongest small window. A full-image trigger (an alpha-blended pattern, a frequency
 * pattern) moves every pixel a little and no window much; this scale sees it. Sampling noise cancels in
 * the signed mean over the probe batch and, with {@code probe: fresh}, across the remembered rounds; what
 * stays for an honest client is its own consistent drift, which changes from round to round, while a
 * trigger stays in place.
 */
public final class OutputDeviationGlobalFeature extends ProbeMapFeature {

    /** The feature. */
    public OutputDeviationGlobalFeature() {
        super("output_deviation_global", false, true);
    }
}
