package org.fedsynth.bench;

import java.util.List;
import org.fedsynth.fl.strategy.FedDetect;
import org.fedsynth.fl.strategy.FedDetectSettings;

/** The FedDetect configurations the workloads time, built in this one place. */
final class BenchStrategies {

    private BenchStrategies() {}

    /** FedDetect with its defaults and no warm-up, so that its detector runs from the first round. */
    static FedDetect fedDetect() {
        return new FedDetect(FedDetectSettings.defaults().withWarmup(0));
    }

    /**
     * The configuration the project ships (the demo's): the output-space detector with memory, upper
     * tail and a ratio test, warm-up 1, decay 0.8; it renders every client's generator through the probe.
     */
    static FedDetect shipped() {
        return new FedDetect(FedDetectSettings.defaults().withWarmup(1).withDecay(0.8)
                .withFeatures(List.of("output_deviation")).withUpperTail(true).withMemory(0.5)
                .withMinRatio(2.5));
    }
}
