package org.fedsynth.report;

import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fedsynth.util.AtomicFiles;
import org.fedsynth.util.Csv;

/**
 * The results tables of the paper's Tables 3 and 4, from run folders only: one table per dataset,
 * one row per variant (runs whose configs differ only by seed), mean ± sd over seeds of fidelity
 * (FD, KID, precision, recall, density, coverage from {@code eval.json}), utility (accuracy of a
 * classifier trained on real + synthetic images at the largest n, and its gain over real only),
 * detection (TPR, FPR after warm-up, the malicious clients' final weight share) and the backdoor
 * ({@code trigger_score}), privacy (the DCR ratio and the membership AUC of {@code eval.json}'s
 * {@code privacy} section); each run's figures come from {@link RunFigures}. Rows run vanilla, attack,
 * robust aggregators, FedDetect, honest controls. It is one responsibility, the tables, kept with
 * their three renderings (CSV, Markdown, HTML) so that the three stay in step. Used by {@code fedsynth report} (HTML) and {@code fedsynth sweep} ({@code results.csv}, {@code results.md}).
 */
public final class ResultsTable {

    /** Hint printed where a run has no {@code eval.json}. */
    public static final String NOT_EVALUATED = "not evaluated — run `fedsynth evaluate --run DIR`";

    /**
     * One figure of a run.
     *
     * @param key the CSV column name
     * @param header the table heading
     * @param evaluation whether it comes from {@code eval.json}
     * @param decimals decimals shown in tables
     * @param inTables whether the Markdown/HTML tables show it (the CSV has every column)
     */
    public record Column(String key, String header, boolean evaluation, int decimals, boolean inTables) {}

    /** Every figure, in table order. */
    public static final List<Column> COLUMNS = List.of(
            new Column("trigger_score", "trigger_score", false, 3, true),
            new Column("backdoor_rate", "backdoor_rate", false, 3, true),
            new Column("tpr", "TPR", false, 3, true),
            new Column("fpr", "FPR", false, 3, true),
            new Column("first_detection_round", "first detection", false, 1, false),
            new Column("malicious_weight", "malicious weight", false, 3, true),
            new Column("min_benign_weight", "min benign weight", false, 3, true),
            new Column("lossG", "lossG", false, 3, true),
            new Column("lossD", "lossD", false, 3, true),
            new Column("fd", "FD", true, 2, true),
            new Column("kid", "KID", true, 4, true),
            new Column("precision", "precision", true, 3, true),
            new Column("recall", "recall", true, 3, true),
            new Column("density", "density", true, 3, true),
            new Column("coverage", "coverage", true, 3, true),
            new Column("diversity_feature", "diversity", true, 3, true),
            new Column("diversity_pixel", "diversity (pixels)", true, 3, false),
            new Column("dcr_ratio_pixel", "DCR ratio", true, 3, true),
            new Column("dcr_ratio_p5_pixel", "DCR p5 ratio", true, 3, false),
            new Column("dcr_ratio_feature", "DCR ratio (features)", true, 3, false),
            new Column("membership_auc", "membership AUC", true, 3, true),
            new Column("membership_auc_feature", "membership AUC (features)", true, 3, false),
            new Column("membership_auc_max_client", "max client membership AUC", true, 3, false),
            new Column("utility_accuracy", "utility acc.", true, 3, true),
            new Column("utility_delta", "Δ acc. vs real", true, 3, true),
            new Column("rebalanced_balanced_accuracy", "bal. acc. rebalanced", true, 3, false),
            new Column("rebalanced_delta", "Δ bal. acc. rebalanced", true, 3, true));

    /**
     * One run's figures (NaN where not defined).
     *
     * @param run the folder name
     * @param variant the variant name
     * @param axes swept settings
     * @param seed the seed
     * @param dataset the data label
     * @param evaluated whether the run has {@code eval.json}
     * @param values column key to value
     */
    public record RunRow(String run, String variant, Map<String, String> axes, long seed, String dataset,
            boolean evaluated, Map<String, Double> values) {

        /** Defensive copies. */
        public RunRow {
            axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /**
     * Runs that differ only by seed.
     *
     * @param dataset the data label
     * @param label the variant name plus its axis values
     * @param runs the runs, in input order
     */
    public record Group(String dataset, String label, List<RunRow> runs) {

        /** Defensive copy. */
        public Group {
            runs = List.copyOf(runs);
        }

        /** Finite values of a column over the seeds. */
        public List<Double> values(String key) {
            return runs.stream().map(r -> r.values().getOrDefault(key, Double.NaN)).filter(Double::isFinite).toList();
        }

        /** Mean over the seeds with a finite value (NaN if none). */
        public double mean(String key) {
            return values(key).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /** Sample standard deviation over the seeds (NaN with fewer than two values). */
        public double sd(String key) {
            List<Double> v = values(key);
            if (v.size() < 2) {
                return Double.NaN;
            }
            double m = mean(key);
            return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
        }

        /** "mean ± sd", "mean" for one seed, "–" for none. */
        public String cell(Column c) {
            List<Double> v = values(c.key());
            if (v.isEmpty()) {
                return "–";
            }
            String f = "%." + c.decimals() + "f";
            String m = String.format(Locale.ROOT, f, mean(c.key()));
            return v.size() == 1 ? m : m + " ± " + String.format(Locale.ROOT, f, sd(c.key()));
        }

        /** Whether any run of the group has {@code eval.json}. */
        public boolean evaluated() {
            return runs.stream().anyMatch(RunRow::evaluated);
        }
    }

    private final List<String> axisKeys;
    private final List<RunRow> rows;
    private final List<Group> groups;

    private ResultsTable(List<String> axisKeys, List<RunRow> rows, List<Group> groups) {
        this.axisKeys = List.copyOf(axisKeys);
        this.rows = List.copyOf(rows);
        this.groups = List.copyOf(groups);
    }

    /** Reads run folders (or sweep folders, expanded to their runs) and tabulates them. */
    public static ResultsTable fromRuns(List<Path> dirs) throws IOException {
        List<RunFiles> runs = new ArrayList<>();
        for (Path d : RunFiles.expand(dirs)) {
            runs.add(RunFiles.read(d));
        }
        return of(runs);
    }

    /** Tabulates runs already read. */
    public static ResultsTable of(List<RunFiles> runs) {
        List<String> axisKeys = new ArrayList<>(new LinkedHashSet<>(runs.stream().flatMap(r -> r.axes().keySet().stream()).toList()));
        List<List<RunFiles>> ordered = grouped(runs);
        List<RunRow> rows = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        Map<String, Integer> labelsUsed = new LinkedHashMap<>();
        for (List<RunFiles> g : ordered) {
            List<RunRow> gr = new ArrayList<>();
            for (RunFiles r : g) {
                RunRow row = new RunRow(r.name(), r.variant(), r.axes(), r.seed(), r.dataset(), r.eval().isPresent(), RunFigures.of(r));
                gr.add(row);
                rows.add(row);
            }
            RunFiles first = g.get(0);
            StringBuilder label = new StringBuilder(first.variant());
            first.axes().forEach((k, v) -> label.append(", ").append(k).append('=').append(v));
            // the same name with another config (e.g. two sweeps): name the parent folder too
            String l = label.toString();
            int seen = labelsUsed.merge(first.dataset() + "\n" + l, 1, Integer::sum);
            if (seen > 1) {
                Path parent = first.dir().toAbsolutePath().getParent();
                l = l + " (" + (parent == null ? "#" + seen : parent.getFileName()) + ")";
            }
            groups.add(new Group(first.dataset(), l, gr));
        }
        return new ResultsTable(axisKeys, rows, groups);
    }

    /**
     * Runs grouped by dataset and config-without-seed, ordered by dataset (first seen), then the
     * paper's row order ({@link RunFiles#rank}), then first appearance; runs keep their input order.
     */
    public static List<List<RunFiles>> grouped(List<RunFiles> runs) {
        Map<String, Integer> datasetOrder = new LinkedHashMap<>();
        Map<String, List<RunFiles>> byKey = new LinkedHashMap<>();
        for (RunFiles r : runs) {
            datasetOrder.putIfAbsent(r.dataset(), datasetOrder.size());
            byKey.computeIfAbsent(r.dataset() + "\n" + r.groupKey(), k -> new ArrayList<>()).add(r);
        }
        List<List<RunFiles>> ordered = new ArrayList<>(byKey.values());
        List<List<RunFiles>> firstSeen = List.copyOf(ordered);
        ordered.sort(Comparator.<List<RunFiles>>comparingInt(g -> datasetOrder.get(g.get(0).dataset()))
                .thenComparingInt(g -> g.get(0).rank())
                .thenComparingInt(firstSeen::indexOf));
        return ordered;
    }

    /** Every run's row, in table order. */
    public List<RunRow> rows() {
        return rows;
    }

    /** Every group, in table order (datasets in first-seen order, then the paper's row order). */
    public List<Group> groups() {
        return groups;
    }

    /** The datasets, in first-seen order. */
    public List<String> datasets() {
        return groups.stream().map(Group::dataset).distinct().toList();
    }

    /** The groups of one dataset. */
    public List<Group> groups(String dataset) {
        return groups.stream().filter(g -> g.dataset().equals(dataset)).toList();
    }

    /** The columns a dataset's table shows: evaluation columns only when some run there is evaluated. */
    public List<Column> tableColumns(String dataset) {
        boolean any = groups(dataset).stream().anyMatch(Group::evaluated);
        return COLUMNS.stream().filter(c -> c.inTables() && (any || !c.evaluation())).toList();
    }

    /** Runs of a dataset without {@code eval.json}. */
    public List<String> notEvaluated(String dataset) {
        return rows.stream().filter(r -> r.dataset().equals(dataset) && !r.evaluated()).map(RunRow::run).toList();
    }

    /**
     * One line per run: {@code run,variant,<axes...>,seed,<every column>,dataset}; empty cells where
     * undefined, figures with 5 decimals (written with {@link Csv}).
     */
    public String toCsv() {
        List<String> header = new ArrayList<>(List.of("run", "variant"));
        header.addAll(axisKeys);
        header.add("seed");
        COLUMNS.forEach(c -> header.add(c.key()));
        header.add("dataset");
        StringWriter csv = new StringWriter();
        try (SequenceWriter w = Csv.writer(csv, header)) {
            for (RunRow r : rows) {
                List<Object> line = new ArrayList<>(List.of(r.run(), r.variant()));
                axisKeys.forEach(k -> line.add(r.axes().getOrDefault(k, "")));
                line.add(r.seed());
                for (Column c : COLUMNS) {
                    double v = r.values().getOrDefault(c.key(), Double.NaN);
                    line.add(Double.isFinite(v) ? String.format(Locale.ROOT, "%.5f", v) : "");
                }
                line.add(r.dataset());
                w.write(line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return csv.toString();
    }

    /** One Markdown table per dataset (under a {@code ### dataset} heading), mean ± sd over seeds. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        for (String ds : datasets()) {
            if (md.length() > 0) {
                md.append('\n');
            }
            md.append("### ").append(ds).append("\n\n");
            List<Column> cols = tableColumns(ds);
            md.append("| variant");
            axisKeys.forEach(k -> md.append(" | ").append(k));
            md.append(" | seeds");
            cols.forEach(c -> md.append(" | ").append(c.header()));
            md.append(" |\n|---");
            md.append("|---".repeat(axisKeys.size() + cols.size() + 1));
            md.append("|\n");
            for (Group g : groups(ds)) {
                md.append("| ").append(mdCell(g.runs().get(0).variant()));
                for (String k : axisKeys) {
                    md.append(" | ").append(mdCell(g.runs().get(0).axes().getOrDefault(k, "")));
                }
                md.append(" | ").append(g.runs().size());
                cols.forEach(c -> md.append(" | ").append(g.cell(c)));
                md.append(" |\n");
            }
            centralizedAnchor(ds).ifPresent(line -> md.append('\n').append(line).append('\n'));
            List<String> missing = notEvaluated(ds);
            if (!missing.isEmpty()) {
                long all = rows.stream().filter(r -> r.dataset().equals(ds)).count();
                md.append("\nFidelity and utility: not evaluated for ").append(missing.size()).append(" of ").append(all)
                        .append(" runs (no eval.json) — run `fedsynth evaluate --run DIR`.\n");
            }
        }
        return md.toString();
    }

    /** A dataset's table as an HTML fragment (a {@code <table>} and, where runs lack eval.json, a note). */
    public String toHtml(String dataset) {
        List<Column> cols = tableColumns(dataset);
        StringBuilder h = new StringBuilder("<div class=\"tablewrap\"><table class=\"results\">\n<thead><tr><th>variant</th>");
        axisKeys.forEach(k -> h.append("<th>").append(Html.esc(k)).append("</th>"));
        h.append("<th>seeds</th>");
        cols.forEach(c -> h.append("<th>").append(Html.esc(c.header())).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (Group g : groups(dataset)) {
            h.append("<tr><td>").append(Html.esc(g.runs().get(0).variant())).append("</td>");
            axisKeys.forEach(k -> h.append("<td>").append(Html.esc(g.runs().get(0).axes().getOrDefault(k, ""))).append("</td>"));
            h.append("<td>").append(g.runs().size()).append("</td>");
            cols.forEach(c -> h.append("<td>").append(Html.esc(g.cell(c))).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
        centralizedAnchor(dataset).ifPresent(line -> h.append("<p class=\"note\">").append(Html.esc(line)).append("</p>\n"));
        List<String> missing = notEvaluated(dataset);
        if (!missing.isEmpty()) {
            long all = rows.stream().filter(r -> r.dataset().equals(dataset)).count();
            h.append("<p class=\"note not-evaluated\">Fidelity (FD, KID, precision, recall, density, coverage) and utility: ")
                    .append("not evaluated for ").append(missing.size()).append(" of ").append(all)
                    .append(" runs (no eval.json) — run <code>fedsynth evaluate --run DIR</code>.</p>\n");
        }
        return h.toString();
    }

    /** The variant name whose runs are the anchor of the federated results: one client with all the data. */
    public static final String CENTRALIZED = "centralized";

    /**
     * Each variant's FD as a ratio to the {@value #CENTRALIZED} variant's mean FD in the same table
     * ("FD ÷ centralized FD: vanilla 1.12, attack 1.40"), when the table has that variant evaluated.
     */
    public Optional<String> centralizedAnchor(String dataset) {
        List<Group> gs = groups(dataset);
        Optional<Group> anchor = gs.stream().filter(g -> g.runs().get(0).variant().equals(CENTRALIZED)).findFirst();
        double ref = anchor.map(g -> g.mean("fd")).orElse(Double.NaN);
        if (!(ref > 0)) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (Group g : gs) {
            String v = g.runs().get(0).variant();
            double fd = g.mean("fd");
            if (!v.equals(CENTRALIZED) && Double.isFinite(fd)) {
                parts.add(v + " " + String.format(java.util.Locale.ROOT, "%.2f", fd / ref));
            }
        }
        return parts.isEmpty() ? Optional.empty()
                : Optional.of("FD ÷ centralized FD (" + String.format(java.util.Locale.ROOT, "%.2f", ref) + "): "
                        + String.join(", ", parts));
    }

    /** Writes {@code results.csv} and {@code results.md} into {@code dir}, atomically. */
    public void writeTo(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve("results.csv"), toCsv());
        AtomicFiles.writeString(dir.resolve("results.md"), toMarkdown());
    }

    /** The row of a run by folder name. */
    public Optional<RunRow> row(String run) {
        return rows.stream().filter(r -> r.run().equals(run)).findFirst();
    }

    private static String mdCell(String s) {
        return s.replace("|", "\\|");
    }
}
