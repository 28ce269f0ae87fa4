package io.salvo.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small PNG line chart (Java2D, headless) for benchmark results: named series of (x, y) points. */
public final class LineChart {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

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
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int left = 80;
        int right = width - 20;
        int top = 40;
        int bottom = height - 50;
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
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (int i = 0; i <= 5; i++) {
            double value = maxY * i / 5;
            int y = bottom - (int) ((bottom - top) * (double) i / 5);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.BLACK);
            g.drawString(format(value), 5, y + 4);
            double xv = minX + (maxX - minX) * i / 5;
            int x = left + (int) ((right - left) * (double) i / 5);
            g.drawString(format(logX ? Math.pow(2, xv) : xv), x - 10, bottom + 16);
        }
        g.drawString(xLabel, (left + right) / 2 - 40, height - 12);
        g.drawString(yLabel, left + 5, top - 6);
        for (int s = 0; s < series.size(); s++) {
            double[] xs = series.get(s)[0];
            double[] ys = series.get(s)[1];
            g.setColor(COLORS[s % COLORS.length]);
            g.setStroke(new BasicStroke(1.6f));
            int px = -1;
            int py = -1;
            for (int i = 0; i < xs.length; i++) {
                int cx = left + (int) ((right - left) * (x(xs[i]) - minX) / (maxX - minX));
                int cy = bottom - (int) ((bottom - top) * ys[i] / maxY);
                if (px >= 0) {
                    g.drawLine(px, py, cx, cy);
                }
                if (xs.length <= 40) {
                    g.fillOval(cx - 3, cy - 3, 6, 6);
                }
                px = cx;
                py = cy;
            }
            g.fillRect(right - 230, top + 8 + 18 * s, 14, 10);
            g.drawString(names.get(s), right - 210, top + 18 + 18 * s);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private double x(double value) {
        return logX ? Math.log(value) / Math.log(2) : value;
    }

    private static String format(double value) {
        if (value >= 1e6) {
            return String.format("%.1fM", value / 1e6);
        }
        if (value >= 1e3) {
            return String.format("%.0fk", value / 1e3);
        }
        return String.format("%.0f", value);
    }
}
