package org.fedsynth.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;
import org.fedsynth.experiment.Robustness;
import org.fedsynth.util.AtomicFiles;

/**
 * The robustness matrix of {@code fedsynth robustness}: attacks (rows) by defenses (columns), one
 * table per federation, each cell the mean (± sd over seeds) of
 * <ul>
 *   <li>{@code backdoor_excess}: {@code backdoor_rate} less the rate of the same defense's run without attack
 *       under the same attack's trigger classifier (the measure's false-positive floor; {@code vanilla_rate}): what
 *       the attack adds;
 *   <li>{@code backdoor_rate}: the trigger classifier's share of generated images called poisoned (eval.json);
 *   <li>{@code tpr} and {@code fpr}: detection after warm-up (summary.json); for strategies that flag nobody
 *       TPR is 0;
 *   <li>{@code malicious_weight}: the attackers' share of the last round's weights;
 *   <li>{@code fd_ratio}: FD over the vanilla run's FD (no attack, FedAvg, same federation and seed);
 *   <li>{@code min_honest_weight}: the smallest honest client's last-round weight, times the number of clients
 *       (1 = its equal share).
 * </ul>
 * Written as {@code robustness.csv} (one row per run), {@code robustness.md} (the tables and each defense's
 * break points), {@code robustness.html} with heat maps of {@code backdoor_rate} and FD cost, and the heat maps
 * as PNGs. The heat maps are drawn with Java2D: a grid of labelled, annotated cells is a few lines there and
 * awkward in JFreeChart's XY block renderer.
 */
public final class RobustnessMatrix {

    /** The per-run table. */
    public static final String CSV = "robustness.csv";
    /** The tables. */
    public static final String MARKDOWN = "robustness.md";
    /** The page with the heat maps. */
    public static final String HTML = "robustness.html";
    /** Below this held-out accuracy of its trigger classifier an attack's backdoor rates are marked unreliable. */
    public static final double UNRELIABLE_ACCURACY = 0.75;
    /** Where a defense counts as broken: a mean backdoor_excess above this. */
    public static final double BROKEN_BACKDOOR = 0.05;

    /** The figures of one run. */
    public record Run(String name, String federation, String attack, String defense, long seed, String refused,
            Map<String, Double> values) {}

    /** The metrics of a cell, in table order, with their headings. */
    public static final Map<String, String> METRICS = metrics();

    private static Map<String, String> metrics() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("backdoor_excess", "backdoor_excess: backdoor_rate minus the same defense's no-attack rate under the same"
                + " classifier");
        m.put("backdoor_rate", "backdoor_rate (trigger classifier; share of generated images called poisoned)");
        m.put("vanilla_rate", "the same defense without attack under this attack's classifier (the false-positive floor)");
        m.put("tpr", "TPR after warm-up");
        m.put("fpr", "FPR after warm-up");
        m.put("malicious_weight", "attackers' weight share, last round");
        m.put("fd_ratio", "FD / vanilla FD (same federation and seed)");
        m.put("min_honest_weight", "smallest honest weight x n (1 = equal share), last round");
        m.put("classifier_accuracy", "trigger classifier's held-out accuracy");
        return m;
    }

    private final List<Run> runs;
    private final List<String> federations;
    private final List<String> attacks;
    private final List<String> defenses;

    private RobustnessMatrix(List<Run> runs) {
        this.runs = List.copyOf(runs);
        LinkedHashSet<String> f = new LinkedHashSet<>();
        LinkedHashSet<String> a = new LinkedHashSet<>();
        LinkedHashSet<String> d = new LinkedHashSet<>();
        for (Run r : runs) {
            f.add(r.federation());
            a.add(r.attack());
            d.add(r.defense());
        }
        this.federations = List.copyOf(f);
        this.attacks = List.copyOf(a);
        this.defenses = List.copyOf(d);
    }

    /** The runs, as read. */
    public List<Run> runs() {
        return runs;
    }

    /** Reads every cell's run folder under {@code out} (a missing or refused run gives NaN figures). */
    public static RobustnessMatrix read(List<Robustness.Cell> cells, Path out) throws IOException {
        Map<String, Double> vanillaFd = new LinkedHashMap<>();
        Map<String, Double> vanillaRate = new LinkedHashMap<>();
        List<Run> raw = new ArrayList<>();
        for (Robustness.Cell c : cells) {
            Path dir = out.resolve(c.name());
            String refused = Files.isRegularFile(dir.resolve(Robustness.REFUSED))
                    ? Files.readString(dir.resolve(Robustness.REFUSED)).strip()
                    : Files.isRegularFile(dir.resolve(Robustness.FAILED))
                    ? "failed: " + Files.readString(dir.resolve(Robustness.FAILED)).strip() : null;
            Map<String, Double> v = new LinkedHashMap<>();
            for (String k : METRICS.keySet()) {
                v.put(k, Double.NaN);
            }
            double fd = Double.NaN;
            if (refused == null && RunFiles.isRun(dir) && Files.isRegularFile(dir.resolve("summary.json"))) {
                RunFiles r = RunFiles.read(dir, c.name(), Map.of(), c.seed());
                Map<String, Double> f = RunFigures.of(r);
                JsonNode eval = r.eval().orElse(null);
                v.put("backdoor_rate", eval == null ? Double.NaN : num(eval.path("backdoor_rate")));
                v.put("classifier_accuracy", eval == null ? Double.NaN : num(eval.path("backdoor").path("classifier_accuracy")));
                boolean attacked = !c.attack().equals(Robustness.NONE);
                v.put("tpr", attacked ? zeroIfNaN(f.get("tpr")) : Double.NaN);
                v.put("fpr", zeroIfNaN(f.get("fpr")));
                v.put("malicious_weight", attacked ? f.get("malicious_weight") : Double.NaN);
                v.put("min_honest_weight", f.get("min_benign_weight") * c.config().federation().clients());
                fd = f.get("fd");
            }
            v.put("fd", fd);
            if (c.attack().equals(Robustness.NONE) && c.defense().equals(Robustness.VANILLA)) {
                vanillaFd.put(c.federation() + "#" + c.seed(), fd);
            }
            if (c.attack().equals(Robustness.NONE)) {
                String key = c.federation() + "#" + c.seed() + "#" + c.defense() + "#";
                vanillaRate.put(key + Robustness.NONE, v.get("backdoor_rate"));
                Path refs = dir.resolve(Robustness.REFERENCE_DIR);
                if (Files.isDirectory(refs)) {
                    try (var files = Files.list(refs)) {
                        for (Path f : (Iterable<Path>) files::iterator) {
                            String a = f.getFileName().toString().replaceFirst("\\.json$", "");
                            vanillaRate.put(key + a, num(new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile())
                                    .path("rate")));
                        }
                    }
                }
            }
            raw.add(new Run(c.name(), c.federation(), c.attack(), c.defense(), c.seed(), refused, v));
        }
        List<Run> runs = new ArrayList<>();
        for (Run r : raw) {
            Double base = vanillaFd.get(r.federation() + "#" + r.seed());
            r.values().put("fd_ratio", base == null ? Double.NaN : r.values().get("fd") / base);
            Double floor = vanillaRate.get(r.federation() + "#" + r.seed() + "#" + r.defense() + "#" + r.attack());
            r.values().put("vanilla_rate", floor == null ? Double.NaN : floor);
            r.values().put("backdoor_excess", floor == null ? Double.NaN : r.values().get("backdoor_rate") - floor);
            runs.add(r);
        }
        // the added vanilla runs (not in the grid's defenses) only anchor FD
        List<Run> shown = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            if (!cells.get(i).extra()) {
                shown.add(runs.get(i));
            }
        }
        return new RobustnessMatrix(shown);
    }

    private static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static double zeroIfNaN(Double v) {
        return v == null || Double.isNaN(v) ? 0.0 : v;
    }

    /** Mean and sd over seeds of {@code metric} in one cell; NaN mean when no seed has a value. */
    public double[] cell(String federation, String attack, String defense, String metric) {
        List<Double> xs = new ArrayList<>();
        for (Run r : runs) {
            if (r.federation().equals(federation) && r.attack().equals(attack) && r.defense().equals(defense)) {
                double v = r.values().getOrDefault(metric, Double.NaN);
                if (!Double.isNaN(v)) {
                    xs.add(v);
                }
            }
        }
        if (xs.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, 0};
        }
        double m = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        return new double[] {m, xs.size() > 1 ? Math.sqrt(ss / (xs.size() - 1)) : Double.NaN, xs.size()};
    }

    /** Why a cell was refused (the first seed's reason), or {@code null}. */
    public String refusal(String federation, String attack, String defense) {
        for (Run r : runs) {
            if (r.federation().equals(federation) && r.attack().equals(attack) && r.defense().equals(defense)
                    && r.refused() != null) {
                return r.refused();
            }
        }
        return null;
    }

    /** The mean {@code backdoor_excess} of a defense over the attacked rows that ran. */
    public double meanBackdoor(String federation, String defense) {
        double s = 0;
        int n = 0;
        for (String a : attacks) {
            double v = cell(federation, a, defense, "backdoor_excess")[0];
            if (!a.equals(Robustness.NONE) && !Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * The attacks under which {@code defense} lets more than {@link #BROKEN_BACKDOOR} of the images carry the trigger
     * beyond the vanilla floor ({@code backdoor_excess}).
     */
    public List<String> breaks(String federation, String defense) {
        List<String> out = new ArrayList<>();
        for (String a : attacks) {
            double v = cell(federation, a, defense, "backdoor_excess")[0];
            if (!a.equals(Robustness.NONE) && v > BROKEN_BACKDOOR) {
                out.add(a);
            }
        }
        return out;
    }

    /** The attacks whose trigger classifier sees the trigger in fewer than 75% of held-out images. */
    public List<String> unmeasured(String federation) {
        List<String> out = new ArrayList<>();
        for (String a : attacks) {
            double acc = Double.NaN;
            for (String d : defenses) {
                double v = cell(federation, a, d, "classifier_accuracy")[0];
                if (!Double.isNaN(v)) {
                    acc = v;
                    break;
                }
            }
            if (!a.equals(Robustness.NONE) && acc < UNRELIABLE_ACCURACY) {
                out.add(a);
            }
        }
        return out;
    }

    /** Writes the CSV, the Markdown, the heat maps and the page into {@code dir}. */
    public void writeTo(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(CSV), csv());
        AtomicFiles.writeString(dir.resolve(MARKDOWN), markdown());
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>Robustness"
                + " matrix</title><style>body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}"
                + "th{background:#f4f4f4}</style></head><body>\n<h1>Robustness matrix</h1>\n<p>Rows: attacks; columns:"
                + " defenses. Cells: mean over seeds. backdoor_rate: share of generated images that the per-run trigger"
                + " classifier calls poisoned; the heat map shows it above the rate of the same defense without attack under"
                + " the same classifier. FD cost: FD over the vanilla run's (no attack, FedAvg, same seed).</p>\n");
        for (String f : federations) {
            BufferedImage bd = heatMap("backdoor_rate above no attack, " + f + " (?: classifier unreliable)", "backdoor_excess", f, v -> heat(v, 0, 0.5),
                    v -> String.format(Locale.ROOT, "%.2f", v));
            BufferedImage fd = heatMap("FD / vanilla FD, " + f, "fd_ratio", f, v -> heat(v, 1.0, 2.0),
                    v -> String.format(Locale.ROOT, "%.2f", v));
            Path bdPng = dir.resolve("robustness-backdoor-" + f + ".png");
            Path fdPng = dir.resolve("robustness-fd-" + f + ".png");
            AtomicFiles.write(bdPng, o -> ImageIO.write(bd, "png", o));
            AtomicFiles.write(fdPng, o -> ImageIO.write(fd, "png", o));
            html.append("<h2>").append(Html.esc(f)).append("</h2>\n")
                    .append(Html.img(Html.pngUri(bd), "backdoor_rate heat map", null, bd.getWidth(), bd.getHeight()))
                    .append("\n").append(Html.img(Html.pngUri(fd), "FD cost heat map", null, fd.getWidth(), fd.getHeight()))
                    .append("\n");
            for (Map.Entry<String, String> m : METRICS.entrySet()) {
                html.append("<h3>").append(Html.esc(m.getValue())).append("</h3>\n<table><tr><th>attack</th>");
                for (String d : defenses) {
                    html.append("<th>").append(Html.esc(d)).append("</th>");
                }
                html.append("</tr>\n");
                for (String a : attacks) {
                    html.append("<tr><th>").append(Html.esc(a)).append("</th>");
                    for (String d : defenses) {
                        html.append("<td>").append(Html.esc(text(f, a, d, m.getKey()))).append("</td>");
                    }
                    html.append("</tr>\n");
                }
                html.append("</table>\n");
            }
        }
        html.append("</body></html>\n");
        AtomicFiles.writeString(dir.resolve(HTML), html.toString());
    }

    /** One row per run. */
    String csv() {
        StringBuilder b = new StringBuilder("run,federation,attack,defense,seed,refused");
        for (String k : METRICS.keySet()) {
            b.append(',').append(k);
        }
        b.append(",fd\n");
        for (Run r : runs) {
            b.append(r.name()).append(',').append(r.federation()).append(',').append(r.attack()).append(',')
                    .append(r.defense()).append(',').append(r.seed()).append(',')
                    .append(r.refused() == null ? "" : '"' + r.refused().replace("\"", "'") + '"');
            for (String k : METRICS.keySet()) {
                b.append(',').append(fmt(r.values().get(k)));
            }
            b.append(',').append(fmt(r.values().get("fd"))).append('\n');
        }
        return b.toString();
    }

    private static String fmt(Double v) {
        return v == null || Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** The tables, one per federation and metric, and the break points. */
    public String markdown() {
        StringBuilder b = new StringBuilder("# Robustness matrix\n\nRows: attacks; columns: defenses; mean ± sd over seeds"
                + " (one value: one seed). `refused`: the run refused the combination (reason in the run folder's "
                + Robustness.REFUSED + "); `failed`: its training diverged (" + Robustness.FAILED + ").\n");
        for (String f : federations) {
            b.append("\n## ").append(f).append("\n");
            for (Map.Entry<String, String> m : METRICS.entrySet()) {
                b.append("\n### ").append(m.getValue()).append("\n\n| attack |");
                defenses.forEach(d -> b.append(' ').append(d).append(" |"));
                b.append("\n|---|");
                defenses.forEach(d -> b.append("---|"));
                b.append('\n');
                for (String a : attacks) {
                    b.append("| ").append(a).append(" |");
                    for (String d : defenses) {
                        b.append(' ').append(text(f, a, d, m.getKey())).append(" |");
                    }
                    b.append('\n');
                }
                if (m.getKey().equals("backdoor_excess")) {
                    b.append("| **mean over attacks** |");
                    for (String d : defenses) {
                        b.append(' ').append(fmtCell(meanBackdoor(f, d), Double.NaN)).append(" |");
                    }
                    b.append('\n');
                    List<String> weak = unmeasured(f);
                    if (!weak.isEmpty()) {
                        b.append("\nUnreliable rows (the trigger classifier's held-out accuracy is below ")
                                .append(UNRELIABLE_ACCURACY).append("): ").append(String.join(", ", weak)).append(".\n");
                    }
                }
            }
            b.append("\n### Break points (mean backdoor_excess > ").append(BROKEN_BACKDOOR).append(")\n\n");
            for (String d : defenses) {
                List<String> br = breaks(f, d);
                b.append("- **").append(d).append("**: ").append(br.isEmpty() ? "holds against every attack that ran"
                        : "breaks under " + String.join(", ", br)).append('\n');
            }
        }
        return b.toString();
    }

    private String text(String f, String a, String d, String metric) {
        String why = refusal(f, a, d);
        if (why != null) {
            return why.startsWith("failed: ") ? "failed" : "refused";
        }
        double[] c = cell(f, a, d, metric);
        return fmtCell(c[0], c[1]);
    }

    private static String fmtCell(double mean, double sd) {
        if (Double.isNaN(mean)) {
            return "–";
        }
        return Double.isNaN(sd) ? String.format(Locale.ROOT, "%.3f", mean)
                : String.format(Locale.ROOT, "%.3f ± %.3f", mean, sd);
    }

    /** White at {@code good}, deepening red towards {@code bad} and beyond. */
    static Color heat(double v, double good, double bad) {
        if (Double.isNaN(v)) {
            return new Color(0xE8E8E8);
        }
        double t = Math.max(0, Math.min(1, (v - good) / (bad - good)));
        int g = (int) Math.round(255 - 190 * t);
        int bl = (int) Math.round(255 - 215 * t);
        return new Color(255, g, bl);
    }

    /** A labelled grid: rows attacks, columns defenses, each cell coloured and annotated. */
    BufferedImage heatMap(String title, String metric, String federation, DoubleFunction<Color> colour,
            DoubleFunction<String> label) {
        int cw = 92;
        int ch = 28;
        int left = 150;
        int top = 70;
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        int titleWidth = pg.getFontMetrics(titleFont).stringWidth(title);
        pg.dispose();
        // wide enough for the title as well as the grid (a matrix of two or three defenses is narrower than its title)
        int w = Math.max(left + cw * defenses.size() + 10, titleWidth + 16);
        int h = top + ch * attacks.size() + 10;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        g.drawString(title, 8, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int j = 0; j < defenses.size(); j++) {
            String d = defenses.get(j);
            String s = fm.stringWidth(d) > cw - 4 ? d.substring(0, Math.min(d.length(), 12)) + "…" : d;
            g.drawString(s, left + j * cw + (cw - fm.stringWidth(s)) / 2, top - 8);
        }
        for (int i = 0; i < attacks.size(); i++) {
            String a = attacks.get(i);
            g.setColor(Color.BLACK);
            g.drawString(a, 8, top + i * ch + ch / 2 + fm.getAscent() / 2 - 2);
            for (int j = 0; j < defenses.size(); j++) {
                String d = defenses.get(j);
                int x = left + j * cw;
                int y = top + i * ch;
                boolean refused = refusal(federation, a, d) != null;
                double v = cell(federation, a, d, metric)[0];
                g.setColor(refused ? new Color(0xD0D0D0) : colour.apply(v));
                g.fillRect(x, y, cw, ch);
                g.setColor(new Color(0x999999));
                g.setStroke(new BasicStroke(1f));
                g.drawRect(x, y, cw, ch);
                g.setColor(Color.BLACK);
                String why = refusal(federation, a, d);
                String s = refused ? (why.startsWith("failed: ") ? "failed" : "refused") : Double.isNaN(v) ? "–" : label.apply(v);
                if (!refused && metric.startsWith("backdoor") && unmeasured(federation).contains(a)) {
                    s += " ?";
                    g.setColor(new Color(0x777777));
                }
                g.drawString(s, x + (cw - fm.stringWidth(s)) / 2, y + ch / 2 + fm.getAscent() / 2 - 2);
            }
        }
        g.dispose();
        return img;
    }
}
