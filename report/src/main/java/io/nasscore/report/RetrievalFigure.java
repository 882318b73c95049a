package io.nasscore.report;

import static io.nasscore.report.Labels.label;

import io.nasscore.core.metrics.MeanStd;
import io.nasscore.report.ReportModel.Column;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Figure 6 (not the paper's): the scores in the order of how well they order every architecture (Kendall τ-b, bars)
 * beside the best accuracy each retrieves in figure 3's runs (dots). It shows at a glance whether ordering the whole
 * pool better also picks a better top, which is what a search keeps.
 */
final class RetrievalFigure {
    private RetrievalFigure() {}

    static final String TAU_SERIES = "Kendall τ-b with accuracy, all architectures";

    static Figure of(ReportModel m) {
        List<Column> cols = byTauB(m.columns());
        DefaultCategoryDataset tau = new DefaultCategoryDataset();
        for (Column c : cols) tau.addValue(c.all().metrics().tauB(), TAU_SERIES, label(c));
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setSeriesPaint(0, Style.GREY);
        bars.setMaximumBarWidth(0.05);
        double lowTau = Math.min(0, cols.stream().mapToDouble(c -> c.all().metrics().tauB()).min().orElse(0));
        NumberAxis tauAxis = new NumberAxis("Kendall τ-b (bars)");
        tauAxis.setRange(lowTau, 1);
        tauAxis.setTickUnit(new NumberTickUnit(0.1, Style.tickFormat(0.1)));

        DefaultStatisticalCategoryDataset best = FamilyDots.dataset(cols);
        double lo = m.optimum();
        for (Column c : cols) {
            MeanStd b = c.all().bestAccuracy();
            // from the means alone: one erratic score's error bar (plain: ± 14) would squeeze every other dot
            // into the top of the axis; its bar runs off the plot instead
            if (b != null && Double.isFinite(b.mean())) lo = Math.min(lo, b.mean());
        }
        StatisticalLineAndShapeRenderer dots = FamilyDots.renderer(cols);
        NumberAxis bestAxis = new NumberAxis("best " + m.accuracyName() + " retrieved (%, dots)");
        double pad = Math.max(0.3, (m.optimum() - lo) * 0.08);
        bestAxis.setRange(lo - pad, m.optimum() + 2.5 * pad);

        CategoryPlot plot = new CategoryPlot(tau, Style.categoryAxis(cols), tauAxis, bars);
        plot.setDataset(1, best);
        plot.setRenderer(1, dots);
        plot.setRangeAxis(1, bestAxis);
        plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.addRangeMarker(1, Style.optimumMarker(m.optimum(), false), Layer.FOREGROUND);
        plot.setNoDataMessage("no score has a τ-b");
        Style.styleCategory(plot);
        Style.styleAxis(bestAxis);
        JFreeChart chart = new JFreeChart(null, Style.PANEL_TITLE, plot, !cols.isEmpty());
        chart.setTitle(Style.title("Ordering every architecture vs picking the best (mean ± std over " + m.runs() + " runs)"));
        Style.finish(chart);
        return new Figure("figure6", "Figure 6 · ordering every architecture vs picking the best one", Labels.configLine(m),
                caption(m), List.of(chart), 1, 1400, 640, List.of());
    }

    /** The columns with a τ-b, lowest first (ties in the table's order). */
    static List<Column> byTauB(List<Column> columns) {
        List<Column> out = new ArrayList<>();
        for (Column c : columns) if (Double.isFinite(c.all().metrics().tauB())) out.add(c);
        out.sort(Comparator.comparingDouble(c -> c.all().metrics().tauB()));
        return out;
    }

    static String caption(ReportModel m) {
        return "<b>Figure 6.</b> Not one of the paper's figures: the scores of the table in the order of their Kendall τ-b "
                + "with " + m.accuracyName() + " over every architecture (grey bars, left axis), each with the best "
                + "accuracy it retrieves in figure 3's " + m.runs() + " runs of " + m.runSize() + " (dots, mean ± one "
                + "standard deviation, right axis; the dashed line is the best accuracy in NAS-Bench-201). A search keeps "
                + "only the top of a ranking, while τ-b weighs every pair alike, most of them pairs of mediocre "
                + "architectures: where the dots do not rise with the bars, ordering the whole pool better has not "
                + "picked a better architecture.";
    }
}
