package io.nasscore.report;

import static io.nasscore.report.Labels.fmt;
import static io.nasscore.report.Labels.label;
import static io.nasscore.report.Labels.sig;

import io.nasscore.core.metrics.PoolRanks;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.metrics.Slope;
import io.nasscore.report.ReportModel.Column;
import io.nasscore.report.ReportModel.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;

/** Figure 2: one panel per column, the score against accuracy, the above-median points and their OLS line. */
final class ScatterFigure {
    private ScatterFigure() {}

    static Figure of(ReportModel m) {
        List<JFreeChart> panels = new ArrayList<>();
        double[] xr = accuracyRange(m);
        for (Column c : m.columns()) panels.add(scatter(m, c, xr));
        int cols = Math.min(4, panels.size());
        List<Figure.LegendItem> legend = new ArrayList<>(List.of(
                new Figure.LegendItem("every architecture", Style.GREY, false),
                new Figure.LegendItem("score above the median", Style.ABOVE, false)));
        if (m.columns().stream().anyMatch(Column::slopeMeaningful)) {
            legend.add(new Figure.LegendItem("OLS fit of the above-median points", Style.FIT, true));
        }
        return new Figure("figure2", "Figure 2 · each score against " + m.accuracyName(),
                Labels.configLine(m), caption(m), panels, cols, 420, 400, legend);
    }

    /** The caption: the panels' reading, then a sentence for each kind of axis the panels use besides ln(1 − score). */
    static String caption(ReportModel m) {
        StringBuilder cap = new StringBuilder();
        cap.append("<b>Figure 2.</b> Each panel is one score against the ").append(m.accuracyName())
                .append(" of every architecture (light grey dots). The architectures whose score is above the median score "
                        + "are drawn in vermillion, and the blue line is the ordinary-least-squares fit of those points. For "
                        + "scores in [0, 1] (the paper's twelve) the vertical axis is ln(1 − score) (score capped at 1 − 10<sup>−15</sup>), "
                        + "as in the paper: a good score rises towards 1 with accuracy, so its points fall from left to right, "
                        + "and a steep, tight cloud of the highlighted points means the score separates the good architectures. "
                        + "The panel subtitles give the monotonicity (|Kendall τ-a|) of all and of the above-median "
                        + "architectures, and the |slope| of the fit with its R².");
        if (m.columns().stream().anyMatch(c -> c.kind() == Kind.POSITIVE)) {
            cap.append(" Panels marked <i>log axis</i> (the baselines: parameter count in millions and FLOPs in millions, "
                    + "and proxies whose values exceed 1) plot the value itself on a logarithmic axis; ln(1 − score) is "
                    + "not defined for them, so they have no slope and no fitted line.");
        }
        if (m.columns().stream().anyMatch(c -> c.kind() == Kind.OTHER)) {
            cap.append(" Panels marked <i>rank axis</i> (proxies that take values of any sign) plot the score's rank as a "
                    + "percentile (100 = highest score).");
        }
        return cap.toString();
    }

    /** One accuracy range for every panel (so that panels compare), with a small margin. */
    private static double[] accuracyRange(ReportModel m) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[] acc = m.accuracy();
        for (Column c : m.columns()) {
            for (int p : c.usable()) {
                lo = Math.min(lo, acc[p]);
                hi = Math.max(hi, acc[p]);
            }
        }
        if (!(hi >= lo)) return null;
        double pad = Math.max(0.5, (hi - lo) * 0.03);
        return new double[] {lo - pad, hi + pad};
    }

    private static JFreeChart scatter(ReportModel m, Column c, double[] xRange) {
        double[] acc = m.accuracy();
        double[] yAll = yValues(c, c.usable());
        double[][] all = new double[2][c.usable().length];
        for (int i = 0; i < c.usable().length; i++) {
            all[0][i] = acc[c.usable()[i]];
            all[1][i] = yAll[i];
        }
        double[][] above = new double[2][c.above().length];
        int[] posInUsable = positionsIn(c.usable(), c.above());
        for (int i = 0; i < c.above().length; i++) {
            above[0][i] = acc[c.above()[i]];
            above[1][i] = yAll[posInUsable[i]];
        }
        XYPlot plot = new XYPlot();
        NumberAxis x = new NumberAxis(m.accuracyLabel());
        x.setAutoRangeIncludesZero(false);
        if (xRange != null) x.setRange(xRange[0], xRange[1]);
        plot.setDomainAxis(x);
        plot.setRangeAxis(yAxis(c));
        DefaultXYDataset dsAll = new DefaultXYDataset();
        dsAll.addSeries("every architecture", all);
        DefaultXYDataset dsAbove = new DefaultXYDataset();
        dsAbove.addSeries("above the median", above);
        plot.setDataset(0, dsAll);
        plot.setRenderer(0, new PointCloudRenderer(Style.ALL_POINTS, 4.5));
        plot.setDataset(1, dsAbove);
        plot.setRenderer(1, new PointCloudRenderer(Style.ABOVE_POINTS, 4.5));
        Slope.SlopeFit fit = c.fitAbove();
        if (c.slopeMeaningful() && Double.isFinite(fit.slope()) && above[0].length >= 2) {
            double lo = Arrays.stream(above[0]).min().orElse(0);
            double hi = Arrays.stream(above[0]).max().orElse(0);
            DefaultXYDataset line = new DefaultXYDataset();
            line.addSeries("OLS fit", new double[][] {{lo, hi},
                    {fit.intercept() + fit.slope() * lo, fit.intercept() + fit.slope() * hi}});
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            r.setSeriesPaint(0, Style.FIT);
            r.setSeriesStroke(0, Style.FIT_STROKE);
            plot.setDataset(2, line);
            plot.setRenderer(2, r);
        }
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        Style.styleXY(plot);
        JFreeChart chart = new JFreeChart(null, Style.PANEL_TITLE, plot, false);
        chart.setTitle(Style.title(label(c) + (c.baseline() ? "  (baseline)" : "")));
        QualityMetrics a = c.all().metrics();
        QualityMetrics b = c.aboveMedian().metrics();
        chart.addSubtitle(Style.sub("monotonicity  " + fmt(a.monotonicity(), "0.000") + " all · "
                + fmt(b.monotonicity(), "0.000") + " above median"));
        String second = switch (c.kind()) {
            case UNIT -> "|slope| above median  " + sig(b.slope()) + "  (R² " + fmt(b.r2(), "0.00") + ", n " + b.n() + ")";
            case POSITIVE -> "log axis · no slope (values > 1) · n " + a.n();
            case OTHER -> "rank axis · no slope (values outside [0, 1]) · n " + a.n();
        };
        chart.addSubtitle(Style.sub(second));
        Style.finish(chart);
        return chart;
    }

    private static ValueAxis yAxis(Column c) {
        return switch (c.kind()) {
            case UNIT -> {
                NumberAxis a = new NumberAxis("ln(1 − " + label(c) + ")");
                a.setAutoRangeIncludesZero(false);
                yield a;
            }
            case POSITIVE -> new NiceLogAxis(c.baseline() ? (c.name().equals("params") ? "parameters (millions, log axis)"
                    : "FLOPs (millions, log axis)") : "score (log axis)");
            case OTHER -> {
                NumberAxis a = new NumberAxis("rank of the score (percentile)");
                a.setRange(-2, 102);
                yield a;
            }
        };
    }

    /** y of each usable point: ln(1 - s), the value itself (params in millions) or the rank percentile. */
    private static double[] yValues(Column c, int[] positions) {
        double[] v = new double[positions.length];
        for (int i = 0; i < positions.length; i++) v[i] = c.values()[positions[i]];
        switch (c.kind()) {
            case UNIT -> {
                for (int i = 0; i < v.length; i++) v[i] = Slope.transform(v[i]);
            }
            case POSITIVE -> {
                if (c.baseline() && c.name().equals("params")) {
                    for (int i = 0; i < v.length; i++) v[i] /= 1e6;
                }
            }
            case OTHER -> v = rankPercentile(v);
        }
        return v;
    }

    /**
     * 100 · (average rank - 1) / (n - 1) of each (finite) value: 0 for the lowest score, 100 for the highest; ties
     * share a rank (the pool ranks of core).
     */
    static double[] rankPercentile(double[] v) {
        int n = v.length;
        double[] rank = PoolRanks.averageRanks(v);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = n == 1 ? 50 : 100 * (rank[i] - 1) / (n - 1);
        return out;
    }

    /** For each of {@code sub} (ascending, a subset of {@code of}, also ascending), its position in {@code of}. */
    private static int[] positionsIn(int[] of, int[] sub) {
        int[] out = new int[sub.length];
        int j = 0;
        for (int i = 0; i < sub.length; i++) {
            while (of[j] != sub[i]) j++;
            out[i] = j;
        }
        return out;
    }
}
