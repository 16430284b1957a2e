package org.fedsynth.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.fedsynth.util.AtomicFiles;

/**
 * {@code fedsynth report}: one self-contained HTML page over run folders — final sample grids side by
 * side (the paper's Figs. 3–6), per-client losses with flagged rounds, aggregation weights, detection
 * rates, utility (Fig. 7, from {@code eval.json}) and the results tables ({@link ResultsTable}; Tables 3–4).
 * Charts are JFreeChart PNGs and the grids the runs' own PNGs, all inlined as {@code data:} URIs with
 * inline CSS, so the file renders with no network. It is well-formed XML as well as HTML, so tests can
 * parse it strictly. Written atomically.
 *
 * <p>One responsibility, the page: its length is the page's sections, each a short method; the
 * figures come from {@link RunFigures} and the charts from {@link RunCharts}.
 */
public final class Report {

    /** The section ids, in page order. */
    public static final List<String> SECTIONS = List.of("samples", "losses", "weights", "detection", "utility", "privacy",
            "results", "robustness");

    private static final Map<String, String> TITLES = Map.of(
            "samples", "Samples", "losses", "Losses", "weights", "Weights",
            "detection", "Detection", "utility", "Utility", "privacy", "Privacy", "results", "Results",
            "robustness", "Robustness");

    private static final int CHART_W = 460;
    private static final int CHART_H = 290;

    private Report() {}

    /**
     * Options of a report.
     *
     * @param title the page title
     * @param commandLine the command that built it, shown in the header
     * @param log progress lines (one per run)
     */
    public record Options(String title, String commandLine, PrintStream log) {

        /** Default title, no command line, quiet. */
        public static Options defaults() {
            return new Options("FedSynth report", "", new PrintStream(PrintStream.nullOutputStream()));
        }
    }

    /**
     * What was written.
     *
     * @param out the HTML file
     * @param runs how many runs it covers
     * @param bytes its size
     * @param seconds the time it took
     */
    public record Written(Path out, int runs, long bytes, double seconds) {}

    /**
     * Reads the runs ({@code runs}: run folders or sweep folders, see {@link RunFiles#expand}) and
     * writes the report to {@code out} (temp file + rename).
     *
     * @throws org.fedsynth.config.ConfigException for an empty list, a missing folder, or a folder that is no run
     */
    public static Written write(List<Path> runs, Path out, Options options) throws IOException {
        long t0 = System.nanoTime();
        PrintStream log = options.log();
        List<Path> dirs = RunFiles.expand(runs);
        log.println("report: " + dirs.size() + " run" + (dirs.size() == 1 ? "" : "s"));
        List<RunFiles> read = new ArrayList<>();
        for (Path d : dirs) {
            read.add(RunFiles.read(d));
        }
        String html = render(read, options, log);
        AtomicFiles.writeString(out, html);
        long bytes = Files.size(out);
        double s = (System.nanoTime() - t0) / 1e9;
        log.println(String.format(Locale.ROOT, "wrote %s (%.1f MB, %d runs) in %.1f s", out, bytes / 1e6, read.size(), s));
        return new Written(out, read.size(), bytes, s);
    }

    /** The page for runs already read. */
    public static String render(List<RunFiles> runs, Options options, PrintStream log) throws IOException {
        ResultsTable table = ResultsTable.of(runs);
        List<RunFiles> ordered = ResultsTable.grouped(runs).stream().flatMap(List::stream).toList();
        Map<String, List<RunFiles>> byDataset = new LinkedHashMap<>();
        ordered.forEach(r -> byDataset.computeIfAbsent(r.dataset(), k -> new ArrayList<>()).add(r));

        StringBuilder samples = new StringBuilder();
        StringBuilder losses = new StringBuilder();
        StringBuilder weights = new StringBuilder();
        int i = 0;
        for (var e : byDataset.entrySet()) {
            String h3 = "<h3>" + Html.esc(datasetTitle(e.getKey())) + "</h3>\n";
            samples.append(h3).append("<div class=\"cards samples\">\n");
            losses.append(h3).append("<div class=\"cards wide\">\n");
            weights.append(h3).append("<div class=\"cards\">\n");
            for (RunFiles r : e.getValue()) {
                i++;
                log.println("[" + i + "/" + runs.size() + "] " + r.name());
                samples.append(sampleFigure(r));
                losses.append(lossFigure(r));
                weights.append(weightFigure(r));
            }
            samples.append("</div>\n");
            losses.append("</div>\n");
            weights.append("</div>\n");
        }

        StringBuilder b = new StringBuilder(1 << 20);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
                .append("<meta name=\"generator\" content=\"FedSynth ").append(Html.esc(version())).append("\" />\n")
                .append("<title>").append(Html.esc(options.title())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body data-report-check=\"pending\">\n");
        b.append("<header>\n<h1>").append(Html.esc(options.title())).append("</h1>\n<p class=\"meta\">Generated ")
                .append(Html.esc(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))))
                .append(" by FedSynth ").append(Html.esc(version())).append(" · ").append(runs.size()).append(" run")
                .append(runs.size() == 1 ? "" : "s").append(" · ").append(byDataset.size()).append(" dataset")
                .append(byDataset.size() == 1 ? "" : "s").append("</p>\n");
        if (!options.commandLine().isBlank()) {
            b.append("<p class=\"meta\">Command: <code>").append(Html.esc(options.commandLine())).append("</code></p>\n");
        }
        b.append("</header>\n<nav>\n");
        for (String id : SECTIONS) {
            b.append("<a href=\"#").append(id).append("\">").append(TITLES.get(id)).append("</a>\n");
        }
        b.append("</nav>\n<main>\n");

        section(b, "samples", "Sample grids (Figs. 3–6)", "The published generator's samples (the server's moving average of the global generator,"
                + " federation.generator_ema) of the last saved round, one row per"
                + " class, the same noise in every run. Captions give the mean trigger_score of the last five rounds"
                + " (how strongly the trigger appears in the samples; near 0 without a backdoor).", samples.toString());
        section(b, "losses", "Per-client losses", "Mean generator (lossG) and discriminator (lossD) loss of each client's local"
                + " round. The malicious client is the dashed red line; triangles mark rounds in which the server flagged a"
                + " client (filled: its weight was cut; hollow: flagged during warm-up or without effect).", losses.toString());
        section(b, "weights", "Aggregation weights", "Each client's weight in the global model per round, stacked (each round"
                + " sums to 1); the malicious client in red.", weights.toString());
        StringBuilder det = new StringBuilder();
        for (var e : byDataset.entrySet()) {
            det.append("<h3>").append(Html.esc(datasetTitle(e.getKey()))).append("</h3>\n").append(detection(e.getValue()));
        }
        section(b, "detection", "Detection", "Against the ground truth in run.json, over rounds after the detector's"
                + " warm-up: the share of malicious (TPR) and benign (FPR) client-rounds flagged, the first such round that"
                + " flagged a malicious client, and the final weights.", det.toString());
        section(b, "utility", "Utility (Fig. 7)", "Accuracy of a classifier trained on n real images per class with and without"
                + " the run's synthetic images; error bars ± sd over classifier seeds (from eval.json).", utility(byDataset));
        section(b, "privacy", "Privacy audit", "Does the generator reproduce its training images? DCR ratio: the generated"
                + " images' median distance to the nearest training image over the held-out real images' (about 1: as far"
                + " as fresh real images; near 0: copies); p5 ratio: the same for the nearest 5%. Membership AUC: the"
                + " GAN-Leaks attack telling training images from held-out ones by their distance to the nearest generated"
                + " image (0.5: it cannot; 1: it always can), with its 95% interval. The pictures put the training images"
                + " nearest to any generated image beside their nearest generated images (from eval.json and"
                + " privacy-nearest.png).", privacy(byDataset));
        StringBuilder res = new StringBuilder();
        for (String ds : table.datasets()) {
            res.append("<h3>").append(Html.esc(datasetTitle(ds))).append("</h3>\n").append(table.toHtml(ds));
        }
        section(b, "results", "Results (Tables 3–4)", "Mean ± sd over seeds (one value: one seed). Rows: no attack, attack"
                + " without defense, robust aggregators, FedDetect, then defenses without attack. trigger_score and"
                + " backdoor_rate: mean of the last five rounds; TPR/FPR after warm-up; weights and losses of the last round.",
                res.toString());
        section(b, "robustness", "Robustness matrix", "Heat maps of the robustness matrices among these folders"
                + " (fedsynth robustness): rows attacks, columns defenses; backdoor_rate above the same defense without"
                + " attack, and FD over the vanilla run's. Tables and break points are in each folder's robustness.md.",
                robustness(runs));
        b.append("</main>\n<footer>FedSynth ").append(Html.esc(version()))
                .append(" · self-contained page: inline styles and images, no network.</footer>\n");
        b.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    /** The heat maps {@code fedsynth robustness} left beside these runs (the runs' parent folders). */
    static String robustness(List<RunFiles> runs) throws IOException {
        java.util.Set<Path> parents = new java.util.LinkedHashSet<>();
        for (RunFiles r : runs) {
            Path p = r.dir().toAbsolutePath().normalize().getParent();
            if (p != null && Files.isRegularFile(p.resolve(RobustnessMatrix.MARKDOWN))) {
                parents.add(p);
            }
        }
        if (parents.isEmpty()) {
            return "<p>No robustness matrix among these folders (run <code>fedsynth robustness</code> and report its"
                    + " --out folder).</p>\n";
        }
        StringBuilder b = new StringBuilder();
        for (Path p : parents) {
            b.append("<h3>").append(Html.esc(p.getFileName().toString())).append("</h3>\n<div class=\"cards\">\n");
            try (var files = Files.list(p)) {
                for (Path png : files.filter(f -> f.getFileName().toString().matches("robustness-.*\\.png")).sorted()
                        .toList()) {
                    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
                    if (img != null) {
                        b.append("<figure>").append(Html.img(Html.pngUri(Files.readAllBytes(png)),
                                png.getFileName().toString(), null, img.getWidth(), img.getHeight()))
                                .append("</figure>\n");
                    }
                }
            }
            b.append("</div>\n");
        }
        return b.toString();
    }

    private static void section(StringBuilder b, String id, String title, String lead, String body) {
        b.append("<section id=\"").append(id).append("\">\n<h2>").append(Html.esc(title)).append("</h2>\n<p class=\"lead\">")
                .append(Html.esc(lead)).append("</p>\n").append(body).append("</section>\n");
    }

    private static String sampleFigure(RunFiles r) throws IOException {
        StringBuilder f = new StringBuilder("<figure>\n");
        if (r.lastGrid().isPresent()) {
            Path g = r.lastGrid().get();
            byte[] png = Files.readAllBytes(g);
            BufferedImage im = ImageIO.read(new java.io.ByteArrayInputStream(png));
            if (im == null) {
                throw new IOException(g + ": not a readable PNG");
            }
            f.append(Html.img(Html.pngUri(png), "samples of " + r.name() + " (" + g.getFileName() + ")", "grid",
                    im.getWidth(), im.getHeight()));
        } else {
            f.append("<div class=\"placeholder\">no sample grid (expected ").append(Html.esc(r.dir().resolve("samples")
                    .resolve("round-NNNN.png").toString())).append(")</div>");
        }
        f.append("\n<figcaption>").append(caption(r));
        f.append(String.format(Locale.ROOT, " · trigger_score <b>%s</b>", fmt(r.triggerScore(), 3)));
        r.lastGrid().ifPresent(g -> f.append(" · ").append(Html.esc(g.getFileName().toString())));
        f.append("<br />").append(Html.esc(r.strategyNote()));
        f.append(r.attackNote().map(a -> " · <span class=\"bad\">" + Html.esc(a) + "</span>").orElse(" · no attack"));
        f.append("</figcaption>\n</figure>\n");
        return f.toString();
    }

    private static String caption(RunFiles r) {
        StringBuilder c = new StringBuilder("<b>").append(Html.esc(r.variant())).append("</b>");
        r.axes().forEach((k, v) -> c.append(" ").append(Html.esc(k)).append('=').append(Html.esc(v)));
        c.append(" · seed ").append(r.seed());
        return c.toString();
    }

    private static String lossFigure(RunFiles r) {
        StringBuilder f = new StringBuilder("<figure>\n<div class=\"pair\">");
        for (String field : List.of("lossG", "lossD")) {
            f.append(Html.img(Html.pngUri(RunCharts.losses(r, field, CHART_W, CHART_H)), field + " per client of " + r.name(),
                    "chart", CHART_W, CHART_H));
        }
        long flags = r.clients().stream().filter(c -> c.path("flagged").asBoolean()).count();
        f.append("</div>\n<figcaption>").append(caption(r)).append(" · ").append(Html.esc(r.strategyNote())).append(" · ")
                .append(flags).append(" flagged client-round").append(flags == 1 ? "" : "s")
                .append(r.attackNote().map(a -> " · <span class=\"bad\">" + Html.esc(a) + "</span>").orElse(""))
                .append("</figcaption>\n</figure>\n");
        return f.toString();
    }

    private static String weightFigure(RunFiles r) {
        return "<figure>\n" + Html.img(Html.pngUri(RunCharts.weights(r, CHART_W, CHART_H)), "weights per client of " + r.name(),
                "chart", CHART_W, CHART_H) + "\n<figcaption>" + caption(r) + " · " + Html.esc(r.strategyNote())
                + "</figcaption>\n</figure>\n";
    }

    private static String detection(List<RunFiles> runs) {
        StringBuilder h = new StringBuilder("<div class=\"tablewrap\"><table>\n<thead><tr><th>run</th>"
                + "<th class=\"l\">strategy</th><th>malicious</th><th>warm-up</th><th>TPR</th><th>FPR</th><th>first detection</th>"
                + "<th>false flags</th><th>malicious final weight</th><th>min benign final weight</th><th>trigger_score</th>"
                + "</tr></thead>\n<tbody>\n");
        for (RunFiles r : runs) {
            JsonNode d = r.summary().path("detection");
            int first = d.path("first_detection_round").asInt(-1);
            h.append("<tr><td>").append(Html.esc(r.name())).append("</td><td class=\"l\">").append(Html.esc(r.strategyNote())).append("</td><td>")
                    .append(r.malicious().isEmpty() ? "none" : Html.esc(r.malicious().toString())).append("</td><td>")
                    .append(r.warmup()).append("</td><td>").append(fmt(num(d.path("tpr")), 3)).append("</td><td>")
                    .append(fmt(num(d.path("fpr")), 3)).append("</td><td>")
                    .append(r.malicious().isEmpty() ? "–" : first < 0 ? "never" : "round " + first).append("</td><td>")
                    .append(d.path("false_flags").asLong()).append("</td><td>")
                    .append(fmt(num(d.path("malicious_final_weight_share")), 3)).append("</td><td>")
                    .append(fmt(num(d.path("min_benign_final_weight")), 3)).append("</td><td>")
                    .append(fmt(r.triggerScore(), 3)).append("</td></tr>\n");
        }
        return h.append("</tbody></table></div>\n").toString();
    }

    private static String utility(Map<String, List<RunFiles>> byDataset) {
        StringBuilder h = new StringBuilder();
        for (var e : byDataset.entrySet()) {
            h.append("<h3>").append(Html.esc(datasetTitle(e.getKey()))).append("</h3>\n");
            List<RunFiles> evaluated = e.getValue().stream().filter(r -> r.eval().map(v -> v.path("utility").path("rows")
                    .isArray()).orElse(false)).toList();
            List<RunFiles> missing = e.getValue().stream().filter(r -> !evaluated.contains(r)).toList();
            if (!evaluated.isEmpty()) {
                int w = 720;
                int hgt = 420;
                h.append("<figure class=\"single\">").append(Html.img(Html.pngUri(RunCharts.utility(null, evaluated, w, hgt)),
                        "utility of " + e.getKey(), "chart", w, hgt)).append("\n<figcaption>");
                JsonNode u = evaluated.get(0).eval().get().path("utility");
                h.append("m = ").append(Html.esc(u.path("m").asText("?"))).append(" synthetic images per class; classifier seeds ")
                        .append(Html.esc(u.path("seeds").toString())).append("; classes ")
                        .append(Html.esc(u.path("classes").toString())).append("</figcaption>\n</figure>\n");
            }
            if (!missing.isEmpty()) {
                h.append("<div class=\"placeholder not-evaluated\">").append(evaluated.isEmpty() ? "Utility and fidelity: n"
                        : "N").append("ot evaluated — run <code>fedsynth evaluate --run DIR</code> for: ")
                        .append(Html.esc(String.join(", ", missing.stream().map(RunFiles::name).toList()))).append("</div>\n");
            }
        }
        return h.toString();
    }

    private static String privacy(Map<String, List<RunFiles>> byDataset) throws IOException {
        StringBuilder h = new StringBuilder();
        for (var e : byDataset.entrySet()) {
            h.append("<h3>").append(Html.esc(datasetTitle(e.getKey()))).append("</h3>\n");
            List<RunFiles> audited = e.getValue().stream().filter(r -> r.eval().map(v -> v.path("privacy").has("dcr"))
                    .orElse(false)).toList();
            if (!audited.isEmpty()) {
                h.append("<div class=\"tablewrap\"><table>\n<thead><tr><th>run</th><th>training images</th><th>DCR ratio</th>"
                        + "<th>DCR p5 ratio</th><th>DCR ratio (features)</th><th>NNDR ratio</th><th>membership AUC [95%]</th>"
                        + "<th>membership AUC (features)</th><th>most exposed client</th><th class=\"l\">findings</th></tr></thead>\n"
                        + "<tbody>\n");
                StringBuilder pics = new StringBuilder("<div class=\"cards\">\n");
                for (RunFiles r : audited) {
                    JsonNode p = r.eval().get().path("privacy");
                    JsonNode worst = null;
                    for (JsonNode c : p.path("per_client")) {
                        if (c.path("membership_auc").isNumber() && (worst == null
                                || c.path("membership_auc").asDouble() > worst.path("membership_auc").asDouble())) {
                            worst = c;
                        }
                    }
                    JsonNode f = p.path("findings");
                    h.append("<tr><td>").append(Html.esc(r.name())).append("</td><td>").append(p.path("members").asInt())
                            .append("</td><td>").append(fmt(num(p.path("dcr").path("pixel").path("ratio")), 3))
                            .append("</td><td>").append(fmt(num(p.path("dcr").path("pixel").path("ratio_p5")), 3))
                            .append("</td><td>").append(fmt(num(p.path("dcr").path("feature").path("ratio")), 3))
                            .append("</td><td>").append(fmt(num(p.path("nndr").path("pixel").path("ratio")), 3))
                            .append("</td><td>").append(fmt(num(p.path("membership_auc")), 3)).append(" [")
                            .append(fmt(num(p.path("membership_auc_ci").path(0)), 3)).append(", ")
                            .append(fmt(num(p.path("membership_auc_ci").path(1)), 3)).append("]</td><td>")
                            .append(fmt(num(p.path("membership_auc_feature")), 3)).append("</td><td>")
                            .append(worst == null ? "–" : "client " + worst.path("client").asInt() + ": "
                                    + fmt(num(worst.path("membership_auc")), 3))
                            .append("</td><td class=\"l\">");
                    if (f.isEmpty()) {
                        h.append("none");
                    }
                    for (JsonNode x : f) {
                        h.append("<span class=\"bad\">").append(Html.esc(x.asText())).append("</span><br />");
                    }
                    h.append("</td></tr>\n");
                    Path strip = r.dir().resolve(p.path("nearest_copies").path("image").asText("privacy-nearest.png"));
                    if (Files.isRegularFile(strip)) {
                        byte[] png = Files.readAllBytes(strip);
                        BufferedImage im = ImageIO.read(new java.io.ByteArrayInputStream(png));
                        if (im != null) {
                            pics.append("<figure>\n").append(Html.img(Html.pngUri(png), "nearest copies of " + r.name(), "grid",
                                    im.getWidth(), im.getHeight())).append("\n<figcaption>").append(caption(r))
                                    .append(" · nearest copies</figcaption>\n</figure>\n");
                        }
                    }
                }
                h.append("</tbody></table></div>\n").append(pics).append("</div>\n");
            }
            List<RunFiles> missing = e.getValue().stream().filter(r -> !audited.contains(r)).toList();
            if (!missing.isEmpty()) {
                h.append("<div class=\"placeholder not-evaluated\">No privacy audit — run <code>fedsynth evaluate --run DIR</code>"
                        + " (npz or phantom data) for: ").append(Html.esc(String.join(", ", missing.stream().map(RunFiles::name)
                        .toList()))).append("</div>\n");
            }
        }
        return h.toString();
    }

    private static String datasetTitle(String dataset) {
        return "Data: " + dataset;
    }

    private static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static String fmt(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "–";
    }

    /** FedSynth's version from the jar manifest ("dev" when run from classes). */
    public static String version() {
        String v = Report.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static final String CSS = """
            :root { --fg: #1d2433; --muted: #5b6475; --line: #d9dee7; --bg: #f3f5f8; --accent: #1f5fa8; --bad: #d62728; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 14px/1.45 "DejaVu Sans", "Segoe UI", Roboto, Arial, sans-serif; color: var(--fg); background: var(--bg); }
            header { background: #1d2433; color: #fff; padding: 18px 28px 14px; }
            header h1 { margin: 0 0 6px; font-size: 22px; }
            header .meta { margin: 2px 0; color: #c9d1e0; font-size: 12.5px; }
            header code { color: #fff; background: rgba(255,255,255,0.10); padding: 1px 5px; border-radius: 3px; word-break: break-all; }
            nav { position: sticky; top: 0; z-index: 10; background: #fff; border-bottom: 1px solid var(--line); padding: 9px 28px; display: flex; gap: 22px; flex-wrap: wrap; }
            nav a { color: var(--accent); text-decoration: none; font-weight: 600; }
            main { padding: 4px 28px 30px; max-width: 1700px; }
            section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 20px 18px; margin: 18px 0; scroll-margin-top: 48px; }
            h2 { margin: 0 0 4px; font-size: 19px; }
            h3 { margin: 18px 0 8px; font-size: 14px; color: var(--muted); font-weight: 600; }
            p.lead { margin: 0 0 6px; color: var(--muted); max-width: 1100px; }
            .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(430px, 1fr)); gap: 14px; }
            .cards.wide { grid-template-columns: repeat(auto-fill, minmax(700px, 1fr)); }
            figure { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: 8px; background: #fff; }
            figure.single { max-width: 740px; }
            figure img { display: block; width: 100%; height: auto; }
            .pair { display: flex; gap: 6px; }
            .pair img { width: 50%; min-width: 0; }
            img.grid { image-rendering: pixelated; background: #202020; }
            figcaption { font-size: 12.5px; margin-top: 6px; color: var(--fg); }
            .bad { color: var(--bad); font-weight: 600; }
            .tablewrap { overflow-x: auto; }
            table { border-collapse: collapse; font-size: 12.5px; margin: 4px 0; font-variant-numeric: tabular-nums; }
            th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: right; white-space: nowrap; }
            th { background: #eef1f5; font-weight: 600; white-space: normal; vertical-align: bottom; }
            td.l { white-space: normal; min-width: 150px; }
            td:first-child, th:first-child, th.l, td.l { text-align: left; }
            tbody tr:nth-child(even) { background: #fafbfc; }
            .placeholder { margin-top: 10px; border: 1px dashed #aab2c0; background: #fafbfc; padding: 14px; color: var(--muted); border-radius: 4px; }
            p.note { color: var(--muted); font-size: 12.5px; margin: 4px 0 0; }
            code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12px; }
            footer { color: var(--muted); font-size: 12px; padding: 0 28px 24px; }
            """;

    /**
     * After load: marks the body with how many images decoded and the page height, for
     * {@code scripts/check-report.sh} (uses no {@code <} or {@code &}, so the page stays valid XML).
     */
    private static final String SCRIPT = """
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.images);
              var ok = imgs.filter(function (i) { return i.complete ? i.naturalWidth > 0 : false; }).length;
              var missing = ['samples', 'losses', 'weights', 'detection', 'utility', 'results'].filter(function (id) {
                return !document.getElementById(id);
              });
              document.body.setAttribute('data-images-loaded', ok + '/' + imgs.length);
              document.body.setAttribute('data-page-height', String(document.documentElement.scrollHeight));
              document.body.setAttribute('data-report-check',
                  ok === imgs.length ? (missing.length === 0 ? 'ok' : 'missing-sections:' + missing.join(',')) : 'broken-images');
            });
            """;
}
