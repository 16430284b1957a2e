package org.fedsynth.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.fedsynth.util.AtomicFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Line charts rendered with JFreeChart to PNG (headless). */
public final class Charts {

    private Charts() {}

    /** One line: a name and its (x, y) points. */
    public record Line(String name, double[] x, double[] y) {}

    /** Renders a line chart to an image. */
    public static BufferedImage line(String title, String xLabel, String yLabel, List<Line> lines, int width, int height) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Line l : lines) {
            XYSeries s = new XYSeries(l.name(), false, true);
            for (int i = 0; i < l.x().length; i++) {
                if (Double.isFinite(l.y()[i])) {
                    s.add(l.x()[i], l.y()[i]);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                lines.size() > 1, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < lines.size(); i++) {
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
        return chart.createBufferedImage(width, height);
    }

    /** Writes charts side by side into one PNG, atomically. */
    public static void writeRow(Path png, List<BufferedImage> charts) throws IOException {
        int w = charts.stream().mapToInt(BufferedImage::getWidth).sum();
        int h = charts.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage c : charts) {
            g.drawImage(c, x, 0, null);
            x += c.getWidth();
        }
        g.dispose();
        AtomicFiles.write(png, o -> ImageIO.write(out, "png", o));
    }

    /** Convenience for a map of name to points. */
    public static List<Line> lines(Map<String, double[][]> series) {
        return series.entrySet().stream().map(e -> new Line(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }
}
