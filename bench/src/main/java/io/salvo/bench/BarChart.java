package io.salvo.bench;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small PNG grouped bar chart (Java2D, headless): categories along x, one bar per series. */
public final class BarChart {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd)};

    private final String title;
    private final String yLabel;
    private final List<String> categories;
    private final List<String> names = new ArrayList<>();
    private final List<double[]> series = new ArrayList<>();

    /** A chart of {@code categories}. */
    public BarChart(String title, String yLabel, List<String> categories) {
        this.title = title;
        this.yLabel = yLabel;
        this.categories = categories;
    }

    /** Adds a series: one value per category ({@code NaN} for none). */
    public BarChart add(String name, double[] values) {
        names.add(name);
        series.add(values);
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
        double max = 0;
        for (double[] values : series) {
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = max <= 0 ? 1 : max * 1.15;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (int i = 0; i <= 5; i++) {
            int y = bottom - (bottom - top) * i / 5;
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.BLACK);
            g.drawString(format(max * i / 5), 5, y + 4);
        }
        g.drawString(yLabel, left + 5, top - 6);
        int groupWidth = (right - left) / Math.max(1, categories.size());
        int barWidth = Math.max(4, (groupWidth - 20) / Math.max(1, series.size()));
        for (int c = 0; c < categories.size(); c++) {
            int groupLeft = left + c * groupWidth + 10;
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s)[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                int h = (int) ((bottom - top) * v / max);
                int x = groupLeft + s * barWidth;
                g.setColor(COLORS[s % COLORS.length]);
                g.fillRect(x, bottom - h, barWidth - 4, h);
                g.setColor(Color.BLACK);
                g.drawString(format(v), x, bottom - h - 4);
            }
            g.drawString(categories.get(c), groupLeft, bottom + 16);
        }
        for (int s = 0; s < names.size(); s++) {
            g.setColor(COLORS[s % COLORS.length]);
            g.fillRect(right - 230, top + 8 + 18 * s, 14, 10);
            g.drawString(names.get(s), right - 210, top + 18 + 18 * s);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static String format(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", value / 1e6);
        }
        if (value >= 1e3) {
            return String.format(Locale.ROOT, "%.0fk", value / 1e3);
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.0f", value);
    }
}
