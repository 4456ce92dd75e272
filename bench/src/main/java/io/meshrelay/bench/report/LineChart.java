package io.meshrelay.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small line chart rendered headless with Java2D into a PNG: linear x axis, linear or log10 y
 * axis, one polyline with point markers per series (solid or dashed), an optional y = x reference
 * line, a legend. No dependency beyond the JDK. One instance per chart, one thread.
 */
public final class LineChart {
    static final int WIDTH = 960;
    static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private String note;
    private boolean diagonal;

    private record Series(String name, Color color, boolean dashed, double[] xs, double[] ys) {
    }

    public LineChart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    /** Adds a series; points with a non-finite or (log axis) non-positive y are left out. */
    public LineChart series(String name, Color color, boolean dashed, double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException(name + ": " + xs.length + " x values for " + ys.length + " y values");
        }
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i]) && (!logY || ys[i] > 0)) {
                pts.add(new double[] {xs[i], ys[i]});
            }
        }
        pts.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        series.add(new Series(name, color, dashed, x, y));
        return this;
    }

    /** Draws y = x (e.g. "delivered = offered"). */
    public LineChart diagonal() {
        this.diagonal = true;
        return this;
    }

    /** A line of small print under the title (machine, noise). */
    public LineChart note(String text) {
        this.note = text;
        return this;
    }

    public boolean isEmpty() {
        for (Series s : series) {
            if (s.xs.length > 0) {
                return false;
            }
        }
        return true;
    }

    public void write(Path png) throws IOException {
        BufferedImage img = render();
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    BufferedImage render() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void draw(Graphics2D g) {
        double xMin = 0;
        double xMax = 0;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.xs.length; i++) {
                xMax = Math.max(xMax, s.xs[i]);
                yMin = Math.min(yMin, s.ys[i]);
                yMax = Math.max(yMax, s.ys[i]);
            }
        }
        if (xMax <= 0) {
            xMax = 1;
        }
        if (!Double.isFinite(yMin)) {
            yMin = logY ? 1 : 0;
            yMax = logY ? 10 : 1;
        }
        if (diagonal) {
            yMax = Math.max(yMax, xMax);
        }
        double[] xTicks = niceTicks(xMin, xMax);
        xMax = xTicks[xTicks.length - 1];
        double[] yTicks;
        if (logY) {
            double lo = Math.pow(10, Math.floor(Math.log10(yMin)));
            double hi = Math.pow(10, Math.ceil(Math.log10(yMax)));
            if (hi <= lo) {
                hi = lo * 10;
            }
            int n = (int) Math.round(Math.log10(hi / lo)) + 1;
            yTicks = new double[n];
            for (int i = 0; i < n; i++) {
                yTicks[i] = lo * Math.pow(10, i);
            }
        } else {
            yTicks = niceTicks(diagonal ? 0 : Math.min(0, yMin), yMax);
        }
        double y0 = yTicks[0];
        double y1 = yTicks[yTicks.length - 1];
        int pw = WIDTH - LEFT - RIGHT;
        int ph = HEIGHT - TOP - BOTTOM;
        Mapper m = new Mapper(xMin, xMax, y0, y1, pw, ph, logY);

        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 16);
        g.setFont(bold);
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 24);
        g.setFont(small);
        if (note != null) {
            g.setColor(Color.DARK_GRAY);
            g.drawString(note, LEFT, 42);
        }
        FontMetrics fm = g.getFontMetrics();
        // grid and ticks
        for (double t : xTicks) {
            int x = LEFT + (int) Math.round(m.x(t));
            g.setColor(new Color(0xE6E6E6));
            g.drawLine(x, TOP, x, TOP + ph);
            g.setColor(Color.BLACK);
            String s = fmtRate(t);
            g.drawString(s, x - fm.stringWidth(s) / 2, TOP + ph + 18);
        }
        for (double t : yTicks) {
            int y = TOP + ph - (int) Math.round(m.y(t));
            g.setColor(new Color(0xE6E6E6));
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.setColor(Color.BLACK);
            String s = logY ? fmtNum(t) : fmtRate(t);
            g.drawString(s, LEFT - 8 - fm.stringWidth(s), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.drawString(xLabel, LEFT + pw / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 22);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        gy.drawString(yLabel, -(TOP + ph / 2 + fm.stringWidth(yLabel) / 2), 20);
        gy.dispose();

        // a margin around the plot area so markers on its edge are drawn whole
        Graphics2D plot = (Graphics2D) g.create(LEFT - 5, TOP - 5, pw + 11, ph + 11);
        plot.translate(5, 5);
        try {
            if (diagonal) {
                plot.setColor(new Color(0xAAAAAA));
                plot.setStroke(dashes(1f));
                plot.draw(new Line2D.Double(m.x(0), ph - m.y(Math.max(y0, logY ? y0 : 0)), m.x(xMax),
                        ph - m.y(Math.min(xMax, y1))));
            }
            for (Series s : series) {
                plot.setColor(s.color);
                plot.setStroke(s.dashed ? dashes(2f) : new BasicStroke(2f));
                Path2D.Double path = new Path2D.Double();
                for (int i = 0; i < s.xs.length; i++) {
                    double px = m.x(s.xs[i]);
                    double py = ph - m.y(s.ys[i]);
                    if (i == 0) {
                        path.moveTo(px, py);
                    } else {
                        path.lineTo(px, py);
                    }
                }
                plot.draw(path);
                plot.setStroke(new BasicStroke(1.5f));
                for (int i = 0; i < s.xs.length; i++) {
                    int px = (int) Math.round(m.x(s.xs[i]));
                    int py = (int) Math.round(ph - m.y(s.ys[i]));
                    if (s.dashed) {
                        plot.drawRect(px - 3, py - 3, 6, 6);
                    } else {
                        plot.fillOval(px - 3, py - 3, 7, 7);
                    }
                }
            }
        } finally {
            plot.dispose();
        }
        // legend
        int lx = LEFT + 12;
        int ly = TOP + 12;
        int lw = 0;
        for (Series s : series) {
            lw = Math.max(lw, fm.stringWidth(s.name));
        }
        if (diagonal) {
            lw = Math.max(lw, fm.stringWidth("delivered = offered"));
        }
        int rows = series.size() + (diagonal ? 1 : 0);
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(lx - 6, ly - 4, lw + 52, rows * 18 + 6);
        g.setColor(Color.GRAY);
        g.drawRect(lx - 6, ly - 4, lw + 52, rows * 18 + 6);
        int row = 0;
        for (Series s : series) {
            int y = ly + row * 18 + 9;
            g.setColor(s.color);
            g.setStroke(s.dashed ? dashes(2f) : new BasicStroke(2f));
            g.drawLine(lx, y, lx + 30, y);
            g.setColor(Color.BLACK);
            g.drawString(s.name, lx + 38, y + 4);
            row++;
        }
        if (diagonal) {
            int y = ly + row * 18 + 9;
            g.setColor(new Color(0xAAAAAA));
            g.setStroke(dashes(1f));
            g.drawLine(lx, y, lx + 30, y);
            g.setColor(Color.BLACK);
            g.drawString("delivered = offered", lx + 38, y + 4);
        }
    }

    private static Stroke dashes(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);
    }

    /** Data to pixel offsets inside the plot area. */
    private record Mapper(double x0, double x1, double y0, double y1, int w, int h, boolean log) {
        double x(double v) {
            return (v - x0) / (x1 - x0) * w;
        }

        double y(double v) {
            if (log) {
                return (Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) * h;
            }
            return (v - y0) / (y1 - y0) * h;
        }
    }

    /** Ticks at 1, 2 or 5 times a power of ten covering [lo, hi], 4 to 10 of them. */
    static double[] niceTicks(double lo, double hi) {
        if (hi <= lo) {
            hi = lo + 1;
        }
        double span = hi - lo;
        double raw = span / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            step = f * mag;
            if (span / step <= 8) {
                break;
            }
        }
        double start = Math.floor(lo / step) * step;
        double end = Math.ceil(hi / step) * step;
        int n = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i * step;
        }
        return t;
    }

    /** 250000 -> "250k", 1500000 -> "1.5M". */
    static String fmtRate(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    static String fmtNum(double v) {
        return v >= 1 ? fmtRate(v) : trim(v);
    }

    private static String trim(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
