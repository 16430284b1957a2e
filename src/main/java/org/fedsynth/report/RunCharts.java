package org.fedsynth.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's charts (JFreeChart, rendered headless to images): per-client losses with flagged
 * rounds marked, aggregation weights over rounds, and utility (accuracy vs n) with sd error bars.
 * The malicious client is always drawn in red with a dashed line.
 */
public final class RunCharts {

    /** Colour of malicious clients. */
    static final Color MALICIOUS = new Color(214, 39, 40);
    private static final Color[] BENIGN = {
        new Color(31, 119, 180), new Color(44, 160, 44), new Color(255, 127, 14), new Color(148, 103, 189),
        new Color(23, 190, 207), new Color(140, 86, 75), new Color(188, 189, 34), new Color(127, 127, 127)};
    private static final int MAX_LEGEND = 10;

    private RunCharts() {}

    /** The colour of a client in every chart of a run. */
    static Color clientColor(RunFiles run, int client, int benignIndex) {
        return run.malicious().contains(client) ? MALICIOUS : BENIGN[benignIndex % BENIGN.length];
    }

    /**
     * One client line per client of {@code field} ({@code lossG} or {@code lossD}) over rounds; a
     * filled triangle where the server flagged the client and the flag took effect, a hollow one
     * where it flagged it without effect (warm-up).
     */
    public static BufferedImage losses(RunFiles run, String field, int width, int height) {
        List<Integer> ids = run.clientIds();
        XYSeriesCollection data = new XYSeriesCollection();
        Map<Integer, XYSeries> byClient = new TreeMap<>();
        for (int id : ids) {
            XYSeries s = new XYSeries("client " + id + (run.malicious().contains(id) ? " (malicious)" : ""), true, false);
            byClient.put(id, s);
            data.addSeries(s);
        }
        XYSeries applied = new XYSeries("flagged, weight cut", true, true);
        XYSeries notApplied = new XYSeries("flagged, not applied", true, true);
        for (JsonNode r : run.clients()) {
            double y = r.path(field).asDouble(Double.NaN);
            if (!Double.isFinite(y)) {
                continue;
            }
            int round = r.path("round").asInt();
            byClient.get(r.path("client").asInt()).addOrUpdate(round, y);
            if (r.path("flagged").asBoolean()) {
                (r.path("applied").asBoolean() ? applied : notApplied).add(round, y);
            }
        }
        data.addSeries(applied);
        data.addSeries(notApplied);
        JFreeChart chart = ChartFactory.createXYLineChart(null, "round", field, data, PlotOrientation.VERTICAL,
                ids.size() <= MAX_LEGEND, false, false);
        XYPlot plot = style(chart);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        int benign = 0;
        for (int i = 0; i < ids.size(); i++) {
            boolean bad = run.malicious().contains(ids.get(i));
            r.setSeriesPaint(i, clientColor(run, ids.get(i), bad ? 0 : benign++));
            r.setSeriesStroke(i, bad
                    ? new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 4f}, 0f)
                    : new BasicStroke(1.6f));
        }
        Shape tri = triangle(5.5);
        for (int k = 0; k < 2; k++) {
            int i = ids.size() + k;
            r.setSeriesLinesVisible(i, false);
            r.setSeriesShapesVisible(i, true);
            r.setSeriesShape(i, tri);
            r.setSeriesPaint(i, Color.BLACK);
            r.setSeriesShapesFilled(i, k == 0);
            r.setSeriesStroke(i, new BasicStroke(1.3f));
            r.setSeriesVisibleInLegend(i, (k == 0 ? applied : notApplied).getItemCount() > 0);
        }
        plot.setRenderer(r);
        integerRounds(plot);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        legendBottom(chart);
        return chart.createBufferedImage(width, height);
    }

    /** Each client's aggregation weight per round, stacked (the weights of a round sum to 1). */
    public static BufferedImage weights(RunFiles run, int width, int height) {
        List<Integer> ids = run.clientIds();
        TreeMap<Integer, Map<Integer, Double>> byRound = new TreeMap<>();
        for (JsonNode r : run.clients()) {
            byRound.computeIfAbsent(r.path("round").asInt(), k -> new TreeMap<>())
                    .put(r.path("client").asInt(), r.path("weight").asDouble(0));
        }
        DefaultTableXYDataset data = new DefaultTableXYDataset();
        for (int id : ids) {
            XYSeries s = new XYSeries("client " + id + (run.malicious().contains(id) ? " (malicious)" : ""), true, false);
            for (var e : byRound.entrySet()) {
                s.add(e.getKey(), e.getValue().getOrDefault(id, 0.0));
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createStackedXYAreaChart(null, "round", "weight", data, PlotOrientation.VERTICAL,
                ids.size() <= MAX_LEGEND, false, false);
        XYPlot plot = style(chart);
        StackedXYAreaRenderer2 r = new StackedXYAreaRenderer2();
        int benign = 0;
        for (int i = 0; i < ids.size(); i++) {
            boolean bad = run.malicious().contains(ids.get(i));
            Color c = clientColor(run, ids.get(i), bad ? 0 : benign++);
            r.setSeriesPaint(i, bad ? c : new Color(c.getRed(), c.getGreen(), c.getBlue(), 170));
        }
        plot.setRenderer(r);
        integerRounds(plot);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setRange(0, 1.0001);
        legendBottom(chart);
        return chart.createBufferedImage(width, height);
    }

    /**
     * Fig. 7: downstream accuracy against the number of real training images n, with synthetic images
     * (one line per run) and without (real only: one line when all runs agree, otherwise one dashed
     * line per run); error bars are ± sd over the classifier seeds.
     */
    public static BufferedImage utility(String title, List<RunFiles> runs, int width, int height) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        List<Color> colors = new ArrayList<>();
        List<Boolean> dashed = new ArrayList<>();
        List<YIntervalSeries> realOnly = new ArrayList<>();
        double minN = Double.POSITIVE_INFINITY;
        double maxN = 0;
        int k = 0;
        for (RunFiles run : runs) {
            JsonNode rows = run.eval().map(e -> e.path("utility").path("rows")).orElse(null);
            if (rows == null || !rows.isArray()) {
                continue;
            }
            YIntervalSeries syn = new YIntervalSeries(run.name() + " (real + synthetic)", true, false);
            YIntervalSeries real = new YIntervalSeries(run.name() + " (real only)", true, false);
            for (JsonNode row : rows) {
                if (row.path("rebalanced").asBoolean()) {
                    continue; // the rebalancing pair is a table, not a point on the n axis
                }
                double n = row.path("n").asDouble(Double.NaN);
                double m = row.path("accuracy_mean").asDouble(Double.NaN);
                double sd = row.path("accuracy_sd").asDouble(0);
                if (!(n > 0) || !Double.isFinite(m)) {
                    continue;
                }
                minN = Math.min(minN, n);
                maxN = Math.max(maxN, n);
                (row.path("synthetic").asBoolean() ? syn : real).add(n, m, m - sd, m + sd);
            }
            if (syn.getItemCount() > 0) {
                data.addSeries(syn);
                colors.add(k < BENIGN.length ? BENIGN[k] : BENIGN[k % BENIGN.length]);
                dashed.add(false);
            }
            realOnly.add(real);
            k++;
        }
        boolean same = realOnly.size() > 0 && realOnly.stream().allMatch(s -> sameSeries(s, realOnly.get(0)));
        if (same && realOnly.get(0).getItemCount() > 0) {
            YIntervalSeries s = new YIntervalSeries("real only", true, false);
            for (int i = 0; i < realOnly.get(0).getItemCount(); i++) {
                s.add(realOnly.get(0).getX(i).doubleValue(), realOnly.get(0).getYValue(i),
                        realOnly.get(0).getYLowValue(i), realOnly.get(0).getYHighValue(i));
            }
            data.addSeries(s);
            colors.add(Color.BLACK);
            dashed.add(true);
        } else {
            for (int i = 0; i < realOnly.size(); i++) {
                if (realOnly.get(i).getItemCount() > 0) {
                    data.addSeries(realOnly.get(i));
                    colors.add(BENIGN[i % BENIGN.length]);
                    dashed.add(true);
                }
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "real training images n", "accuracy", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = style(chart);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setCapLength(6);
        for (int i = 0; i < colors.size(); i++) {
            r.setSeriesPaint(i, colors.get(i));
            r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            r.setSeriesStroke(i, dashed.get(i)
                    ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        plot.setRenderer(r);
        if (maxN / minN >= 20) {
            LogAxis x = new LogAxis("real training images n (log scale)");
            x.setBase(10);
            x.setSmallestValue(1);
            x.setTickUnit(new NumberTickUnit(1)); // in log space: 10, 100, 1000
            x.setNumberFormatOverride(new java.text.DecimalFormat("0"));
            x.setMinorTickMarksVisible(true);
            x.setTickLabelFont(plot.getDomainAxis().getTickLabelFont());
            x.setLabelFont(plot.getDomainAxis().getLabelFont());
            plot.setDomainAxis(x);
        }
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        legendBottom(chart);
        return chart.createBufferedImage(width, height);
    }

    private static boolean sameSeries(YIntervalSeries a, YIntervalSeries b) {
        if (a.getItemCount() != b.getItemCount()) {
            return false;
        }
        for (int i = 0; i < a.getItemCount(); i++) {
            if (a.getX(i).doubleValue() != b.getX(i).doubleValue() || Math.abs(a.getYValue(i) - b.getYValue(i)) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    private static XYPlot style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(225, 225, 225));
        plot.setRangeGridlinePaint(new Color(225, 225, 225));
        plot.setOutlineVisible(false);
        return plot;
    }

    private static void integerRounds(XYPlot plot) {
        NumberAxis x = (NumberAxis) plot.getDomainAxis();
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        if (x.getUpperBound() - x.getLowerBound() <= 10) {
            x.setTickUnit(new NumberTickUnit(1));
        }
    }

    private static void legendBottom(JFreeChart chart) {
        LegendTitle l = chart.getLegend();
        if (l != null) {
            l.setPosition(RectangleEdge.BOTTOM);
            l.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            l.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
    }

    private static Shape triangle(double s) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -s);
        p.lineTo(s, s * 0.8);
        p.lineTo(-s, s * 0.8);
        p.closePath();
        return p;
    }
}
