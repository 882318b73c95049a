package io.nasscore.report;

import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.LegendItem;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * Thousands of translucent dots, drawn in one go per series (each dot filled on its own, so overlaps darken and
 * show density). On an SVG target the dots are rasterised at {@value #SVG_SCALE}x into one embedded image, as
 * matplotlib's {@code rasterized=True} does: 15,625 architectures times 14 panels would otherwise be a
 * 50 MB SVG. Axes, text and fitted lines stay vector.
 */
final class PointCloudRenderer extends AbstractXYItemRenderer {
    static final int SVG_SCALE = 2;

    private final double diameter;

    PointCloudRenderer(Paint paint, double diameter) {
        this.diameter = diameter;
        setSeriesPaint(0, paint);
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                         XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
                         CrosshairState crosshairState, int pass) {
        if (item != 0) return; // the whole series is drawn with its first item
        boolean raster = g2 instanceof SVGGraphics2D;
        BufferedImage img = null;
        Graphics2D g = g2;
        if (raster) {
            int w = (int) Math.ceil(dataArea.getWidth() * SVG_SCALE);
            int h = (int) Math.ceil(dataArea.getHeight() * SVG_SCALE);
            if (w <= 0 || h <= 0) return;
            img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(SVG_SCALE, SVG_SCALE);
            g.translate(-dataArea.getX(), -dataArea.getY());
        }
        g.setPaint(lookupSeriesPaint(series));
        RectangleEdge xEdge = plot.getDomainAxisEdge();
        RectangleEdge yEdge = plot.getRangeAxisEdge();
        double r = diameter / 2;
        Ellipse2D.Double dot = new Ellipse2D.Double(0, 0, diameter, diameter);
        int n = dataset.getItemCount(series);
        for (int i = 0; i < n; i++) {
            double x = dataset.getXValue(series, i);
            double y = dataset.getYValue(series, i);
            if (!Double.isFinite(x) || !Double.isFinite(y)) continue;
            double px = domainAxis.valueToJava2D(x, dataArea, xEdge);
            double py = rangeAxis.valueToJava2D(y, dataArea, yEdge);
            if (!Double.isFinite(px) || !Double.isFinite(py)) continue;
            if (px < dataArea.getMinX() - r || px > dataArea.getMaxX() + r
                    || py < dataArea.getMinY() - r || py > dataArea.getMaxY() + r) continue;
            dot.x = px - r;
            dot.y = py - r;
            g.fill(dot);
        }
        if (raster) {
            g.dispose();
            AffineTransform at = AffineTransform.getTranslateInstance(dataArea.getX(), dataArea.getY());
            at.scale(1.0 / SVG_SCALE, 1.0 / SVG_SCALE);
            g2.drawImage(img, at, null);
        }
    }

    @Override public LegendItem getLegendItem(int datasetIndex, int series) { return null; }
}
