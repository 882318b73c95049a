package io.nasscore.report;

import static io.nasscore.report.Labels.label;

import io.nasscore.report.ReportModel.Column;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/** The chart of figures 4 and 5: per column, a grey bar over every architecture and a vermillion one above the median. */
final class GroupedBars {
    private GroupedBars() {}

    /**
     * @param all       the metric over every architecture
     * @param above     the metric over the above-median architectures
     * @param pattern   the value labels' format, or null for a few significant digits
     * @param unitRange the metric is at most 1: the axis stops there
     */
    static JFreeChart chart(List<Column> cols, ToDoubleFunction<Column> all, ToDoubleFunction<Column> above,
                            String yLabel, String pattern, boolean unitRange) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        double max = 0;
        for (Column c : cols) {
            double a = all.applyAsDouble(c);
            double b = above.applyAsDouble(c);
            ds.addValue(Double.isFinite(a) ? a : null, "all architectures", label(c));
            ds.addValue(Double.isFinite(b) ? b : null, "above the median score", label(c));
            if (Double.isFinite(a)) max = Math.max(max, a);
            if (Double.isFinite(b)) max = Math.max(max, b);
        }
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setSeriesPaint(0, Style.ALL);
        r.setSeriesPaint(1, Style.ABOVE);
        r.setItemMargin(0.04);
        r.setMaximumBarWidth(0.05);
        NumberFormat nf = pattern == null ? new Style.SigFormat() : new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", nf));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(Style.ITEM_LABEL);
        r.setDefaultItemLabelPaint(Style.TEXT);
        r.setDefaultPositiveItemLabelPosition(cols.size() > 8
                ? new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.CENTER_LEFT, TextAnchor.CENTER_LEFT, -Math.PI / 2)
                : new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        r.setItemLabelAnchorOffset(4);
        NumberAxis y = new NumberAxis(yLabel);
        double top = max <= 0 ? 1 : max * (cols.size() > 8 ? 1.22 : 1.12);
        top = unitRange ? Math.min(1.0, top) : top;
        y.setRange(0, top);
        double step = Style.niceStep(top / 8);
        y.setTickUnit(new NumberTickUnit(step, Style.tickFormat(step)));
        CategoryPlot plot = new CategoryPlot(ds, Style.categoryAxis(cols), y, r);
        plot.setNoDataMessage("no score with values in [0, 1]: the slope of ln(1 − score) does not apply");
        plot.setNoDataMessageFont(Style.NOTE);
        Style.styleCategory(plot);
        return new JFreeChart(null, Style.PANEL_TITLE, plot, !cols.isEmpty());
    }
}
