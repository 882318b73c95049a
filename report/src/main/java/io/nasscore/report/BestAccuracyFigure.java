package io.nasscore.report;

import static io.nasscore.report.Labels.fmt;
import static io.nasscore.report.Labels.label;

import io.nasscore.core.metrics.MeanStd;
import io.nasscore.report.ReportModel.Column;
import io.nasscore.report.ReportModel.Family;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.CategoryAnchor;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Figure 3: the best accuracy retrieved per score (mean ± std over the runs) and, when the input has per-pass
 * times, the time per architecture of each score below it.
 */
final class BestAccuracyFigure {
    private BestAccuracyFigure() {}

    static Figure of(ReportModel m) {
        JFreeChart best = bestAccuracy(m);
        boolean withTime = hasTimes(m);
        List<JFreeChart> panels = withTime ? List.of(best, timePerArch(m)) : List.of(best);
        for (JFreeChart c : panels) {
            AxisSpace left = new AxisSpace();
            left.setLeft(84);
            c.getCategoryPlot().setFixedRangeAxisSpace(left); // the two panels' categories line up
        }
        return new Figure("figure3", withTime ? "Figure 3 · best accuracy retrieved and time per architecture"
                : "Figure 3 · best accuracy retrieved", Labels.configLine(m), caption(m), panels, 1, 1400, 560, List.of());
    }

    /** The caption: the best-accuracy panel, then the time panel below it, or why there is none. */
    static String caption(ReportModel m) {
        boolean withTime = hasTimes(m);
        String best = (withTime ? "<i>Top:</i> best" : "Best") + " accuracy retrieved. In each of " + m.runs() + " runs, "
                + m.runSize() + " architectures are drawn at random (seed " + m.seed() + "), and the one with the highest "
                + "score is taken (ties go to the lower index). The dot is the mean of its " + m.accuracyName()
                + " over the runs, and the bar spans ± one standard deviation (population). The dashed line is the best "
                + "accuracy in NAS-Bench-201 (" + fmt(m.optimum(), "0.00") + " %): the closer a score's dot is to the line, "
                + "the better the architecture it picks.";
        String time = withTime
                ? " <i>Bottom:</i> the mean wall time per architecture to compute "
                + "each score. A score needs the clean forward/backward pass, plus one noisy pass for SNS/SNSC (noise 0.1) "
                + "and LNS/LNSC (noise 10), and three for MNJS/MNJSC. The dark part is the passes the score needs, and the "
                + "light part is the similarity arithmetic of the whole record (shared by all its scores, so an upper bound). "
                + "The baselines (parameter count, FLOPs) are closed-form and need no pass, so they have no bar; "
                + "nor has a combined score, which ranks its members over the pool: its time is its members' passes."
                : " The input has no per-pass times (published proxies, for example), so the time panel is left out.";
        return "<b>Figure 3.</b> " + best + time;
    }

    private static boolean hasTimes(ReportModel m) {
        return m.columns().stream().anyMatch(c -> c.cost() != null);
    }

    private static JFreeChart bestAccuracy(ReportModel m) {
        DefaultStatisticalCategoryDataset ds = FamilyDots.dataset(m.columns());
        double lo = m.optimum();
        double hi = m.optimum();
        for (Column c : m.columns()) {
            MeanStd b = c.all().bestAccuracy();
            if (b != null && Double.isFinite(b.mean())) {
                lo = Math.min(lo, b.mean() - (Double.isFinite(b.std()) ? b.std() : 0));
                hi = Math.max(hi, b.mean() + (Double.isFinite(b.std()) ? b.std() : 0));
            }
        }
        StatisticalLineAndShapeRenderer r = FamilyDots.renderer(m.columns());
        CategoryPlot plot = new CategoryPlot(ds, Style.categoryAxis(m.columns()),
                new NumberAxis("best " + m.accuracyName() + " retrieved (%)"), r);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        double pad = Math.max(0.3, (hi - lo) * 0.08);
        y.setRange(lo - pad, hi + 2.5 * pad);
        plot.addRangeMarker(Style.optimumMarker(m.optimum(), true));
        Style.styleCategory(plot);
        JFreeChart chart = new JFreeChart(null, Style.PANEL_TITLE, plot, true);
        chart.setTitle(Style.title("Best accuracy retrieved (mean ± std over " + m.runs() + " runs)"));
        Style.finish(chart);
        return chart;
    }

    private static JFreeChart timePerArch(ReportModel m) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        List<String> noPass = new ArrayList<>();
        boolean anyTime = hasTimes(m);
        for (Column c : m.columns()) {
            if (c.cost() == null) {
                // keep the category (the panels above and below line up); say why it has no bar
                if (anyTime) {
                    ds.addValue(null, "passes the score needs", label(c));
                    ds.addValue(null, "similarity arithmetic of the record", label(c));
                    noPass.add(label(c));
                }
                continue;
            }
            double passes = mean(c.passMillis(), c.millis());
            ds.addValue(passes, "passes the score needs", label(c));
            ds.addValue(c.cost().mean() - passes, "similarity arithmetic of the record", label(c));
        }
        StackedBarRenderer r = new StackedBarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, Style.BLUE);
        r.setSeriesPaint(1, Style.SKY_BLUE);
        r.setMaximumBarWidth(0.09);
        r.setItemMargin(0);
        CategoryPlot plot = new CategoryPlot(ds, Style.categoryAxis(m.columns()), new NumberAxis("mean time per architecture (ms)"), r);
        plot.setNoDataMessage("no per-pass times in this input (e.g. published proxies)");
        for (String cat : noPass) {
            CategoryTextAnnotation a = new CategoryTextAnnotation(whyNoBar(m, cat), cat, 0);
            a.setFont(Style.ITEM_LABEL);
            a.setPaint(Style.MUTED);
            // upright, reading upwards from the axis: side by side, level labels run into each other
            a.setTextAnchor(TextAnchor.CENTER_LEFT);
            a.setRotationAnchor(TextAnchor.CENTER_LEFT);
            a.setRotationAngle(-Math.PI / 2);
            a.setCategoryAnchor(CategoryAnchor.MIDDLE);
            plot.addAnnotation(a);
        }
        plot.setNoDataMessageFont(Style.NOTE);
        Style.styleCategory(plot);
        JFreeChart chart = new JFreeChart(null, Style.PANEL_TITLE, plot, ds.getColumnCount() > 0);
        chart.setTitle(Style.title("Time per architecture (mean)"));
        Style.finish(chart);
        return chart;
    }

    /** Why a column has no time bar: a baseline is a closed form, a combined score ranks its members over the pool. */
    private static String whyNoBar(ReportModel m, String category) {
        for (Column c : m.columns()) {
            if (!label(c).equals(category)) continue;
            if (c.baseline()) return "closed form";
            if (c.family() == Family.COMBINED) return "its members' passes";
        }
        return "no times";
    }

    /** Mean of {@code part} over the architectures where {@code whole} is finite (so the stack adds up). */
    private static double mean(double[] part, double[] whole) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < part.length; i++) {
            if (Double.isFinite(whole[i]) && Double.isFinite(part[i])) {
                s += part[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
