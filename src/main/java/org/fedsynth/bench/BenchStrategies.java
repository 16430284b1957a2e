package org.fedsynth.bench;

import java.util.Map;
import org.fedsynth.fl.strategy.FedDetect;
import org.fedsynth.fl.strategy.FedDetectSettings;
import org.fedsynth.fl.strategy.Strategies;

/** The FedDetect configurations the workloads time, built in this one place. */
final class BenchStrategies {

    private BenchStrategies() {}

    /** FedDetect with its defaults and no warm-up, so that its detector runs from the first round. */
    static FedDetect fedDetect() {
        return new FedDetect(FedDetectSettings.defaults().withWarmup(0));
    }

    /**
     * The configuration the project ships ({@code strategy: {name: feddetect, preset: recommended}}, the
     * demo's), read through the same preset expansion a config goes through.
     */
    static FedDetect shipped() {
        return (FedDetect) Strategies.create(Map.of("name", "feddetect", "preset", "recommended"));
    }
}
