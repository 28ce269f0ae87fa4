package io.salvo.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small PNG grouped bar chart (Java2D, headless): categories along x, one bar per series. */
public final class BarChart {
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
        ChartCanvas c = new ChartCanvas(width, height, title);
        double max = 0;
        for (double[] values : series) {
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = max <= 0 ? 1 : max * 1.15;
        c.yAxis(max, yLabel);
        int groupWidth = (c.right - c.left) / Math.max(1, categories.size());
        int barWidth = Math.max(4, (groupWidth - 20) / Math.max(1, series.size()));
        for (int k = 0; k < categories.size(); k++) {
            int groupLeft = c.left + k * groupWidth + 10;
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s)[k];
                if (Double.isNaN(v)) {
                    continue;
                }
                int h = (int) ((c.bottom - c.top) * v / max);
                int x = groupLeft + s * barWidth;
                c.series(s);
                c.g.fillRect(x, c.bottom - h, barWidth - 4, h);
                c.g.setColor(Color.BLACK);
                c.g.drawString(ChartCanvas.format(v), x, c.bottom - h - 4);
            }
            c.g.drawString(categories.get(k), groupLeft, c.bottom + 16);
        }
        c.legend(names);
        c.write(file);
    }
}
