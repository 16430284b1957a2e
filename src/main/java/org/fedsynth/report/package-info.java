/** Plots (JFreeChart) and, later, the HTML report, built only from a run's files. */
package org.fedsynth.report;
