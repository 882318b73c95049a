package io.nasscore.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * One figure of the report: a title, the configuration line, an optional legend shared by every panel, and
 * one or more charts laid out on a grid. Drawn once per output format onto a Graphics2D: the PNG and the SVG
 * are the same drawing.
 *
 * @param id       the file name stem (figure2 ...)
 * @param title    the figure's title (drawn)
 * @param subtitle the configuration line (drawn)
 * @param caption  what the figure shows and how to read it (HTML; the page shows it under the image)
 * @param panels   the charts, row by row
 * @param cols     panels per row
 * @param panelW   width of a panel (px)
 * @param panelH   height of a panel (px)
 * @param legend   the shared legend, drawn under the subtitle (may be empty: then the charts carry theirs)
 */
record Figure(String id, String title, String subtitle, String caption, List<JFreeChart> panels, int cols, int panelW,
              int panelH, List<LegendItem> legend) {

    /** An entry of the shared legend: a dot or a line in a colour, and its text. */
    record LegendItem(String text, Paint paint, boolean line) {}

    private static final int MARGIN = 16;

    int rows() { return (panels.size() + cols - 1) / cols; }

    private static final java.awt.font.FontRenderContext FRC = new java.awt.font.FontRenderContext(null, true, true);
    private static final int LINE = 24;

    /** The subtitle wrapped at its " · " separators to the figure's width. */
    List<String> subtitleLines() {
        double max = width() - 2 * MARGIN - 12;
        List<String> lines = new java.util.ArrayList<>();
        String current = "";
        for (String part : subtitle.split(" · ")) {
            String next = current.isEmpty() ? part : current + " · " + part;
            if (!current.isEmpty() && Style.FIGURE_SUBTITLE.getStringBounds(next, FRC).getWidth() > max) {
                lines.add(current + " ·");
                current = part;
            } else {
                current = next;
            }
        }
        if (!current.isEmpty()) lines.add(current);
        return lines;
    }

    int headerHeight() { return 60 + LINE * subtitleLines().size() + (legend.isEmpty() ? 0 : 34); }

    int width() { return 2 * MARGIN + cols * panelW; }

    int height() { return headerHeight() + rows() * panelH + MARGIN; }

    void draw(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setPaint(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, width(), height()));
        g.setPaint(Style.TEXT);
        g.setFont(Style.FIGURE_TITLE);
        g.drawString(title, MARGIN + 6, 38);
        g.setFont(Style.FIGURE_SUBTITLE);
        g.setPaint(Style.MUTED);
        int y = 68;
        for (String line : subtitleLines()) {
            g.drawString(line, MARGIN + 6, y);
            y += LINE;
        }
        if (!legend.isEmpty()) drawLegend(g, MARGIN + 6, y + 8);
        for (int i = 0; i < panels.size(); i++) {
            int r = i / cols;
            int c = i % cols;
            Rectangle2D area = new Rectangle2D.Double(MARGIN + c * panelW, headerHeight() + r * panelH, panelW, panelH);
            panels.get(i).draw(g, area);
        }
    }

    private void drawLegend(Graphics2D g, int x, int baseline) {
        g.setFont(Style.LEGEND);
        FontMetrics fm = g.getFontMetrics();
        double at = x;
        for (LegendItem item : legend) {
            g.setPaint(item.paint());
            double cy = baseline - fm.getAscent() / 2.0 + 2;
            if (item.line()) {
                Stroke old = g.getStroke();
                g.setStroke(Style.FIT_STROKE);
                g.draw(new Line2D.Double(at, cy, at + 28, cy));
                g.setStroke(old);
                at += 36;
            } else {
                Shape dot = new Ellipse2D.Double(at + 4, cy - 6, 12, 12);
                g.fill(dot);
                at += 24;
            }
            g.setPaint(Style.TEXT);
            g.drawString(item.text(), (float) at, baseline);
            at += fm.stringWidth(item.text()) + 34;
        }
    }

    /** Writes {@code <dir>/<id>.png}. */
    Path writePng(Path dir) throws IOException {
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(g);
        } finally {
            g.dispose();
        }
        Path file = dir.resolve(id + ".png");
        Files.createDirectories(dir);
        if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer for " + file);
        return file;
    }

    /** Writes {@code <dir>/<id>.svg} (coordinates rounded to 2 decimals to keep scatter plots small). */
    Path writeSvg(Path dir) throws IOException {
        SVGGraphics2D g = new SVGGraphics2D(width(), height());
        g.setGeomDoubleConverter(SVGUtils.createDoubleConverter(2));
        g.setTransformDoubleConverter(SVGUtils.createDoubleConverter(3));
        // the ids of clip paths and gradients would start with the clock's nanoseconds: the same report would be
        // another file each time it is written
        g.setDefsKeyPrefix(id + "-");
        draw(g);
        Path file = dir.resolve(id + ".svg");
        Files.createDirectories(dir);
        SVGUtils.writeToSVG(file.toFile(), g.getSVGElement());
        return file;
    }
}
