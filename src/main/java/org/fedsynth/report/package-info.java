/**
 * Reports built only from run folders: {@link org.fedsynth.report.ResultsTable} (the paper's Tables 3–4,
 * also behind {@code fedsynth sweep}'s results files), JFreeChart plots ({@link org.fedsynth.report.Charts},
 * {@link org.fedsynth.report.RunCharts}) and the self-contained HTML page of {@code fedsynth report}
 * ({@link org.fedsynth.report.Report}).
 */
package org.fedsynth.report;
