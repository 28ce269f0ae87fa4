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
import java.util.List;
import java.util.Locale;

/** What the PNG charts share: a white headless canvas with a title, a y axis with grid lines, a legend. */
final class ChartCanvas {
    static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    final Graphics2D g;
    final int left = 80;
    final int right;
    final int top = 40;
    final int bottom;
    private final BufferedImage image;

    ChartCanvas(int width, int height, String title) {
        System.setProperty("java.awt.headless", "true");
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        right = width - 20;
        bottom = height - 50;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
    }

    /** Five grid lines up to {@code max}, labelled, and the y label. */
    void yAxis(double max, String label) {
        for (int i = 0; i <= 5; i++) {
            int y = bottom - (bottom - top) * i / 5;
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.BLACK);
            g.drawString(format(max * i / 5), 5, y + 4);
        }
        g.drawString(label, left + 5, top - 6);
    }

    /** A label under the x axis, centred. */
    void xLabel(String label) {
        g.setColor(Color.BLACK);
        g.drawString(label, (left + right) / 2 - 40, bottom + 38);
    }

    /** The series names with their colours, top right. */
    void legend(List<String> names) {
        for (int s = 0; s < names.size(); s++) {
            g.setColor(COLORS[s % COLORS.length]);
            g.fillRect(right - 230, top + 8 + 18 * s, 14, 10);
            g.drawString(names.get(s), right - 210, top + 18 + 18 * s);
        }
    }

    /** Sets the colour and a line stroke for series {@code s}. */
    void series(int s) {
        g.setColor(COLORS[s % COLORS.length]);
        g.setStroke(new BasicStroke(1.6f));
    }

    void write(Path file) throws IOException {
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    static String format(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", value / 1e6);
        }
        if (value >= 1e3) {
            return String.format(Locale.ROOT, "%.0fk", value / 1e3);
        }
        return String.format(Locale.ROOT, value < 10 && value != Math.rint(value) ? "%.2f" : "%.0f", value);
    }
}
