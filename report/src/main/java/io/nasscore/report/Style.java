package io.nasscore.report;

import io.nasscore.report.ReportModel.Column;
import io.nasscore.report.ReportModel.Family;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The look of every figure: white background, the Okabe-Ito colour-blind-safe palette, one sans-serif family at
 * sizes readable when the figure is shown at its natural size; and how every chart applies it (axes, titles,
 * legends, ticks), so that the figure classes hold only what they draw.
 */
final class Style {
    private Style() {}

    // Okabe & Ito (2008), "Color universal design": distinguishable under the common colour-vision deficiencies.
    static final Color BLACK = new Color(0x000000);
    static final Color ORANGE = new Color(0xE69F00);
    static final Color SKY_BLUE = new Color(0x56B4E9);
    static final Color GREEN = new Color(0x009E73);
    static final Color BLUE = new Color(0x0072B2);
    static final Color VERMILLION = new Color(0xD55E00);
    static final Color PURPLE = new Color(0xCC79A7);
    static final Color GREY = new Color(0x8C8C8C);

    /** "every architecture": light grey points, grey bars. */
    static final Color ALL_POINTS = new Color(0x8C, 0x8C, 0x8C, 80);
    static final Color ALL = GREY;
    /** "above the median score": vermillion points and bars. */
    static final Color ABOVE_POINTS = new Color(0xD5, 0x5E, 0x00, 150);
    static final Color ABOVE = VERMILLION;
    /** the OLS fit of the above-median points. */
    static final Color FIT = BLUE;

    static final Color GRID = new Color(0xDDDDDD);
    static final Color TEXT = new Color(0x222222);
    static final Color MUTED = new Color(0x555555);

    static final BasicStroke FIT_STROKE = new BasicStroke(2.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke GRID_STROKE = new BasicStroke(0.8f);
    static final BasicStroke MARKER_STROKE = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 5f}, 0f);

    static final String FAMILY = pickFamily();

    static Font font(int style, float size) { return new Font(FAMILY, style, 1).deriveFont(size); }

    static final Font FIGURE_TITLE = font(Font.BOLD, 24f);
    static final Font FIGURE_SUBTITLE = font(Font.PLAIN, 16f);
    static final Font PANEL_TITLE = font(Font.BOLD, 19f);
    static final Font PANEL_SUBTITLE = font(Font.PLAIN, 14f);
    static final Font AXIS_LABEL = font(Font.PLAIN, 16f);
    static final Font TICK = font(Font.PLAIN, 14f);
    static final Font LEGEND = font(Font.PLAIN, 16f);
    static final Font ITEM_LABEL = font(Font.PLAIN, 13f);
    static final Font NOTE = font(Font.ITALIC, 15f);

    static Color familyColour(Family f) {
        return switch (f) {
            case INPUT -> BLUE;
            case PARAMETER -> GREEN;
            case BASELINE -> BLACK;
            case PROXY -> PURPLE;
            case COMBINED -> ORANGE;
        };
    }

    /** The score axis of a bar chart: one category per column, tilted when the labels are long or many. */
    static CategoryAxis categoryAxis(List<Column> cols) {
        CategoryAxis a = new CategoryAxis(null);
        int longest = cols.stream().mapToInt(c -> Labels.label(c).length()).max().orElse(0);
        if (longest > 8 || cols.size() > 16) a.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        a.setMaximumCategoryLabelLines(1);
        a.setMaximumCategoryLabelWidthRatio(1.6f);
        a.setCategoryMargin(0.25);
        a.setLowerMargin(0.02);
        a.setUpperMargin(0.02);
        return a;
    }

    static TextTitle title(String text) {
        TextTitle t = new TextTitle(text, PANEL_TITLE);
        t.setPaint(TEXT);
        t.setPadding(new RectangleInsets(6, 4, 2, 4));
        return t;
    }

    static TextTitle sub(String text) {
        TextTitle t = new TextTitle(text, PANEL_SUBTITLE);
        t.setPaint(MUTED);
        t.setPadding(new RectangleInsets(1, 4, 3, 4));
        return t;
    }

    static void styleXY(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(GRID_STROKE);
        plot.setRangeGridlineStroke(GRID_STROKE);
        plot.setOutlinePaint(new Color(0xBBBBBB));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        axis(plot.getDomainAxis());
        axis(plot.getRangeAxis());
        noData(plot);
    }

    static void styleCategory(CategoryPlot plot) {
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(GRID_STROKE);
        plot.setDomainGridlinesVisible(false);
        plot.setOutlinePaint(new Color(0xBBBBBB));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        CategoryAxis x = plot.getDomainAxis();
        x.setTickLabelFont(AXIS_LABEL);
        x.setTickLabelPaint(TEXT);
        axis(plot.getRangeAxis());
        noData(plot);
    }

    private static void noData(Plot plot) {
        if (plot.getNoDataMessage() == null) plot.setNoDataMessage("no data");
        plot.setNoDataMessageFont(NOTE);
        plot.setNoDataMessagePaint(MUTED);
    }

    /**
     * The dashed line at the best accuracy in NAS-Bench-201 (figures 3 and 6), labelled above it at the plot's
     * right ({@code right}) or left edge.
     */
    static ValueMarker optimumMarker(double optimum, boolean right) {
        ValueMarker opt = new ValueMarker(optimum, BLACK, MARKER_STROKE);
        opt.setLabel("NAS-Bench-201 optimum " + Labels.fmt(optimum, "0.00") + " %");
        opt.setLabelFont(ITEM_LABEL);
        opt.setLabelPaint(TEXT);
        opt.setLabelAnchor(right ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
        opt.setLabelTextAnchor(right ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
        opt.setLabelOffset(right ? new RectangleInsets(2, 4, 4, 8) : new RectangleInsets(2, 8, 4, 4));
        opt.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        return opt;
    }

    /** The fonts and colours of a value axis a plot does not style itself (a second range axis). */
    static void styleAxis(ValueAxis a) { axis(a); }

    private static void axis(ValueAxis a) {
        a.setLabelFont(AXIS_LABEL);
        a.setLabelPaint(TEXT);
        a.setTickLabelFont(TICK);
        a.setTickLabelPaint(TEXT);
    }

    /** White background, anti-aliasing, padding and the legend on top: the last step of every chart. */
    static void finish(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(4, 6, 10, 14));
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(LEGEND);
            legend.setItemPaint(TEXT);
            legend.setFrame(BlockBorder.NONE);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setPosition(RectangleEdge.TOP);
            legend.setHorizontalAlignment(HorizontalAlignment.CENTER);
            legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 18));
        }
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) return m * p;
        }
        return 10 * p;
    }

    /** Just enough decimals for multiples of {@code step}. */
    static NumberFormat tickFormat(double step) {
        int decimals = 0;
        while (decimals < 12 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-9) decimals++;
        return new DecimalFormat(decimals == 0 ? "0" : "0." + "0".repeat(decimals), DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /** Tick and item labels with a few significant digits whatever the magnitude ({@link Labels#sig}). */
    static final class SigFormat extends NumberFormat {
        @Override public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(Labels.sig(number));
        }

        @Override public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(number);
        }

        @Override public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }

    private static String pickFamily() {
        String[] have = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
        for (String want : new String[] {"DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"}) {
            if (Arrays.asList(have).contains(want)) return want;
        }
        return Font.SANS_SERIF;
    }
}
