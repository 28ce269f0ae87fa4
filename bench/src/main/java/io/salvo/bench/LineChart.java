package io.salvo.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small PNG line chart (Java2D, headless) for benchmark results: named series of (x, y) points. */
public final class LineChart {
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final List<String> names = new ArrayList<>();
    private final List<double[][]> series = new ArrayList<>();

    /** A chart with a title and axis labels; {@code logX} plots x on a log2 scale. */
    public LineChart(String title, String xLabel, String yLabel, boolean logX) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
    }

    /** Adds a series of points {@code xs[i], ys[i]}. */
    public LineChart add(String name, double[] xs, double[] ys) {
        names.add(name);
        series.add(new double[][]{xs, ys});
        return this;
    }

    /** Renders the chart to a PNG file. */
    public void write(Path file, int width, int height) throws IOException {
        ChartCanvas c = new ChartCanvas(width, height, title);
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (double[][] s : series) {
            for (int i = 0; i < s[0].length; i++) {
                minX = Math.min(minX, x(s[0][i]));
                maxX = Math.max(maxX, x(s[0][i]));
                maxY = Math.max(maxY, s[1][i]);
            }
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        maxY = maxY <= 0 ? 1 : maxY * 1.08;
        c.yAxis(maxY, yLabel);
        for (int i = 0; i <= 5; i++) {
            double xv = minX + (maxX - minX) * i / 5;
            c.g.setColor(Color.BLACK);
            c.g.drawString(ChartCanvas.format(logX ? Math.pow(2, xv) : xv), c.left + (c.right - c.left) * i / 5 - 10,
                    c.bottom + 16);
        }
        c.xLabel(xLabel);
        for (int s = 0; s < series.size(); s++) {
            double[] xs = series.get(s)[0];
            double[] ys = series.get(s)[1];
            c.series(s);
            int px = -1;
            int py = -1;
            for (int i = 0; i < xs.length; i++) {
                int cx = c.left + (int) ((c.right - c.left) * (x(xs[i]) - minX) / (maxX - minX));
                int cy = c.bottom - (int) ((c.bottom - c.top) * ys[i] / maxY);
                if (px >= 0) {
                    c.g.drawLine(px, py, cx, cy);
                }
                if (xs.length <= 40) {
                    c.g.fillOval(cx - 3, cy - 3, 6, 6);
                }
                px = cx;
                py = cy;
            }
        }
        c.legend(names);
        c.write(file);
    }

    private double x(double value) {
        return logX ? Math.log(value) / Math.log(2) : value;
    }
}
