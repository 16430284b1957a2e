/**
 * FedDetect's detector features, one class each behind
 * {@link org.fedsynth.fl.detect.feature.DetectorFeature}, registered by name (kind {@code feature})
 * in {@link org.fedsynth.plugin.PluginRegistry}.
 */
package org.fedsynth.fl.detect.feature;
