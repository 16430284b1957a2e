/**
 * Outlier detection for FedDetect (Jin and Li, Medical Image Analysis 2023): a plain-Java isolation
 * forest (Liu, Ting and Zhou 2008) whose scores match scikit-learn's, and the contamination rules
 * that turn scores into flags.
 */
package org.fedsynth.fl.detect;
