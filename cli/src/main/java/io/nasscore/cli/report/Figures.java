package io.nasscore.cli.report;

import io.nasscore.cli.report.ReportModel.Column;
import io.nasscore.cli.report.ReportModel.Family;
import io.nasscore.cli.report.ReportModel.Kind;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.MeanStd;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.metrics.Slope;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.DefaultXYDataset;

/** The paper's figures 2 to 5 built from a {@link ReportModel}. */
final class Figures {
    private Figures() {}

    static List<Figure> all(ReportModel m) {
        return List.of(figure2(m), figure3(m), figure4(m), figure5(m));
    }

    // ------------------------------------------------------------------------------------------ labels

    /** The name shown for a column: the paper's score names as they are, the baselines spelled out. */
    static String label(Column c) {
        return switch (c.name()) {
            case "params" -> c.baseline() ? "#params" : c.name();
            case "flops" -> c.baseline() ? "FLOPs" : c.name();
            default -> c.name();
        };
    }

    static String datasetName(Dataset d) {
        return switch (d) {
            case CIFAR10 -> "CIFAR-10";
            case CIFAR100 -> "CIFAR-100";
            case IMAGENET16_120 -> "ImageNet16-120";
        };
    }

    /** The configuration line drawn under every figure title. */
    static String configLine(ReportModel m) {
        return datasetName(m.dataset()) + " · " + m.input().config().describe() + " · "
                + m.indices().length + " architectures · " + m.runs() + " runs of " + m.runSize() + " (sampling seed " + m.seed() + ")";
    }

    static String fmt(double v, String pattern) {
        if (Double.isNaN(v)) return "n/a";
        return new DecimalFormat(pattern, java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    /** A few significant digits, whatever the magnitude (slopes range over orders of magnitude). */
    static String sig(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 100) return fmt(v, "0");
        if (a >= 1) return fmt(v, "0.00");
        if (a >= 0.001) return fmt(v, "0.0000");
        return String.format(Locale.ROOT, "%.2e", v);
    }

    // ------------------------------------------------------------------------------------------ figure 2

    static Figure figure2(ReportModel m) {
        List<JFreeChart> panels = new ArrayList<>();
        double[] xr = accuracyRange(m);
        for (Column c : m.columns()) panels.add(scatter(m, c, xr));
        int cols = Math.min(4, panels.size());
        boolean anyLog = m.columns().stream().anyMatch(c -> c.kind() == Kind.POSITIVE);
        boolean anyRank = m.columns().stream().anyMatch(c -> c.kind() == Kind.OTHER);
        StringBuilder cap = new StringBuilder();
        cap.append("<b>Figure 2.</b> Each panel is one score against the ").append(m.accuracyLabel().replace(" (%)", ""))
                .append(" of every architecture (light grey dots). The architectures whose score is above the median score "
                        + "are drawn in vermillion, and the blue line is the ordinary-least-squares fit of those points. For "
                        + "scores in [0, 1] (the paper's twelve) the vertical axis is ln(1 − score) (score capped at 1 − 10<sup>−15</sup>), "
                        + "as in the paper: a good score rises towards 1 with accuracy, so its points fall from left to right, "
                        + "and a steep, tight cloud of the highlighted points means the score separates the good architectures. "
                        + "The panel subtitles give the monotonicity (|Kendall τ-a|) of all and of the above-median "
                        + "architectures, and the |slope| of the fit with its R².");
        if (anyLog) {
            cap.append(" Panels marked <i>log axis</i> (the baselines: parameter count in millions and FLOPs in millions, "
                    + "and proxies whose values exceed 1) plot the value itself on a logarithmic axis; ln(1 − score) is "
                    + "not defined for them, so they have no slope and no fitted line.");
        }
        if (anyRank) {
            cap.append(" Panels marked <i>rank axis</i> (proxies that take values of any sign) plot the score's rank as a "
                    + "percentile (100 = highest score).");
        }
        List<Figure.LegendItem> legend = new ArrayList<>(List.of(
                new Figure.LegendItem("every architecture", Style.GREY, false),
                new Figure.LegendItem("score above the median", Style.ABOVE, false)));
        if (m.columns().stream().anyMatch(Column::slopeMeaningful)) {
            legend.add(new Figure.LegendItem("OLS fit of the above-median points", Style.FIT, true));
        }
        return new Figure("figure2", "Figure 2 · each score against " + m.accuracyLabel().replace(" (%)", ""),
                configLine(m), cap.toString(), panels, cols, 420, 400, legend);
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
        ValueAxis y = switch (c.kind()) {
            case UNIT -> {
                NumberAxis a = new NumberAxis("ln(1 − " + label(c) + ")");
                a.setAutoRangeIncludesZero(false);
                yield a;
            }
            case POSITIVE -> {
                LogAxis a = new NiceLogAxis(c.baseline() ? (c.name().equals("params") ? "parameters (millions, log axis)"
                        : "FLOPs (millions, log axis)") : "score (log axis)");
                yield a;
            }
            case OTHER -> {
                NumberAxis a = new NumberAxis("rank of the score (percentile)");
                a.setRange(-2, 102);
                yield a;
            }
        };
        plot.setRangeAxis(y);
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
        styleXY(plot);
        JFreeChart chart = new JFreeChart(null, Style.PANEL_TITLE, plot, false);
        chart.setTitle(title(label(c) + (c.baseline() ? "  (baseline)" : "")));
        QualityMetrics a = c.all().metrics();
        QualityMetrics b = c.aboveMedian().metrics();
        chart.addSubtitle(sub("monotonicity  " + fmt(a.monotonicity(), "0.000") + " all · "
                + fmt(b.monotonicity(), "0.000") + " above median"));
        String second = switch (c.kind()) {
            case UNIT -> "|slope| above median  " + sig(b.slope()) + "  (R² " + fmt(b.r2(), "0.00") + ", n " + b.n() + ")";
            case POSITIVE -> "log axis · no slope (values > 1) · n " + a.n();
            case OTHER -> "rank axis · no slope (values outside [0, 1]) · n " + a.n();
        };
        chart.addSubtitle(sub(second));
        finish(chart);
        return chart;
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

    /** 100 · (average rank - 1) / (n - 1): 0 for the lowest score, 100 for the highest; ties share a rank. */
    static double[] rankPercentile(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> Double.compare(v[p], v[q]));
        double[] out = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) j++;
            double rank = (i + j) / 2.0;
            for (int k = i; k <= j; k++) out[order[k]] = n == 1 ? 50 : 100 * rank / (n - 1);
            i = j + 1;
        }
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

    // ------------------------------------------------------------------------------------------ figure 3

    static Figure figure3(ReportModel m) {
        JFreeChart best = bestAccuracy(m);
        boolean anyTime = m.columns().stream().anyMatch(c -> c.cost() != null);
        List<JFreeChart> panels = anyTime ? List.of(best, timePerArch(m)) : List.of(best);
        for (JFreeChart c : panels) {
            AxisSpace left = new AxisSpace();
            left.setLeft(84);
            c.getCategoryPlot().setFixedRangeAxisSpace(left); // the two panels' categories line up
        }
        String cap = "<b>Figure 3.</b> <i>Left:</i> best accuracy retrieved. In each of " + m.runs() + " runs, "
                + m.runSize() + " architectures are drawn at random (seed " + m.seed() + "), and the one with the highest "
                + "score is taken (ties go to the lower index). The dot is the mean of its " + m.accuracyLabel().replace(" (%)", "")
                + " over the runs, and the bar spans ± one standard deviation (population). The dashed line is the best "
                + "accuracy in NAS-Bench-201 (" + fmt(m.optimum(), "0.00") + " %): the closer a score's dot is to the line, "
                + "the better the architecture it picks. <i>Right:</i> the mean wall time per architecture to compute "
                + "each score. A score needs the clean forward/backward pass, plus one noisy pass for SNS/SNSC (noise 0.1) "
                + "and LNS/LNSC (noise 10), and three for MNJS/MNJSC. The dark part is the passes the score needs, and the "
                + "light part is the similarity arithmetic of the whole record (shared by all its scores, so an upper bound). "
                + "The baselines (parameter count, FLOPs) are closed-form and need no pass, so they have no bar.";
        if (!anyTime) {
            cap = cap.substring(0, cap.indexOf(" <i>Right:</i>")).replace("<i>Left:</i> best", "Best")
                    + " The input has no per-pass times (published proxies, for example), so the time panel is left out.";
        } else {
            cap = cap.replace("<i>Left:</i>", "<i>Top:</i>").replace("<i>Right:</i>", "<i>Bottom:</i>");
        }
        return new Figure("figure3", anyTime ? "Figure 3 · best accuracy retrieved and time per architecture"
                : "Figure 3 · best accuracy retrieved", configLine(m), cap, panels, 1, 1400, 560, List.of());
    }

    private static JFreeChart bestAccuracy(ReportModel m) {
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        Map<Family, Integer> series = new EnumMap<>(Family.class);
        double lo = m.optimum();
        double hi = m.optimum();
        for (Family f : Family.values()) {
            if (m.columns().stream().anyMatch(c -> c.family() == f)) series.put(f, series.size());
        }
        for (Column c : m.columns()) {
            MeanStd b = c.all().bestAccuracy();
            for (Family f : series.keySet()) {
                boolean mine = f == c.family();
                ds.add(mine && b != null && Double.isFinite(b.mean()) ? b.mean() : null,
                        mine && b != null && Double.isFinite(b.std()) ? b.std() : null, f.label(), label(c));
            }
            if (b != null && Double.isFinite(b.mean())) {
                lo = Math.min(lo, b.mean() - (Double.isFinite(b.std()) ? b.std() : 0));
                hi = Math.max(hi, b.mean() + (Double.isFinite(b.std()) ? b.std() : 0));
            }
        }
        StatisticalLineAndShapeRenderer r = new StatisticalLineAndShapeRenderer(false, true);
        for (Map.Entry<Family, Integer> e : series.entrySet()) {
            r.setSeriesPaint(e.getValue(), familyColour(e.getKey()));
            r.setSeriesShape(e.getValue(), new Ellipse2D.Double(-6, -6, 12, 12));
        }
        r.setErrorIndicatorStroke(new java.awt.BasicStroke(2f));
        CategoryPlot plot = new CategoryPlot(ds, categoryAxis(m), new NumberAxis("best " + m.accuracyLabel().replace(" (%)", "")
                + " retrieved (%)"), r);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        double pad = Math.max(0.3, (hi - lo) * 0.08);
        y.setRange(lo - pad, hi + 2.5 * pad);
        ValueMarker opt = new ValueMarker(m.optimum(), Style.BLACK, Style.MARKER_STROKE);
        opt.setLabel("NAS-Bench-201 optimum " + fmt(m.optimum(), "0.00") + " %");
        opt.setLabelFont(Style.ITEM_LABEL);
        opt.setLabelPaint(Style.TEXT);
        opt.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        opt.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        opt.setLabelOffset(new RectangleInsets(2, 4, 4, 8));
        opt.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        plot.addRangeMarker(opt);
        styleCategory(plot);
        JFreeChart chart = new JFreeChart(null, Style.PANEL_TITLE, plot, true);
        chart.setTitle(title("Best accuracy retrieved (mean ± std over " + m.runs() + " runs)"));
        finish(chart);
        return chart;
    }

    private static JFreeChart timePerArch(ReportModel m) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        List<String> noPass = new ArrayList<>();
        boolean anyTime = m.columns().stream().anyMatch(c -> c.cost() != null);
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
        CategoryPlot plot = new CategoryPlot(ds, categoryAxis(m), new NumberAxis("mean time per architecture (ms)"), r);
        plot.setNoDataMessage("no per-pass times in this input (e.g. published proxies)");
        for (String cat : noPass) {
            CategoryTextAnnotation a = new CategoryTextAnnotation(
                    m.columns().stream().anyMatch(c -> label(c).equals(cat) && c.baseline()) ? "closed form" : "no times",
                    cat, 0);
            a.setFont(Style.ITEM_LABEL);
            a.setPaint(Style.MUTED);
            a.setTextAnchor(TextAnchor.BOTTOM_CENTER);
            a.setCategoryAnchor(org.jfree.chart.axis.CategoryAnchor.MIDDLE);
            plot.addAnnotation(a);
        }
        plot.setNoDataMessageFont(Style.NOTE);
        styleCategory(plot);
        JFreeChart chart = new JFreeChart(null, Style.PANEL_TITLE, plot, ds.getColumnCount() > 0);
        chart.setTitle(title("Time per architecture (mean)"));
        finish(chart);
        return chart;
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

    static Color familyColour(Family f) {
        return switch (f) {
            case INPUT -> Style.BLUE;
            case PARAMETER -> Style.GREEN;
            case BASELINE -> Style.BLACK;
            case PROXY -> Style.PURPLE;
            case COMBINED -> Style.ORANGE;
        };
    }

    // ------------------------------------------------------------------------------------------ figures 4 and 5

    static Figure figure4(ReportModel m) {
        JFreeChart chart = groupedBars(m, m.columns(), c -> c.all().metrics().monotonicity(),
                c -> c.aboveMedian().metrics().monotonicity(), "monotonicity = |Kendall τ-a|", "0.00", true);
        chart.setTitle(title("Monotonicity of each score with accuracy"));
        finish(chart);
        String cap = "<b>Figure 4.</b> Monotonicity (the paper's metric, |Kendall τ-a| between score and "
                + m.accuracyLabel().replace(" (%)", "") + "): 1 means the score orders the architectures exactly as "
                + "their accuracy does, and 0 means no relation. Grey bars use every architecture, and vermillion bars "
                + "use only those whose score is above the median score. A score that stays high on the vermillion "
                + "bar still ranks the good architectures well, which is what a search needs. The baselines "
                + "(parameter count, FLOPs) show what a free cost measure already achieves.";
        return new Figure("figure4", "Figure 4 · monotonicity, all architectures vs above the median score", configLine(m),
                cap, List.of(chart), 1, 1400, 640, List.of());
    }

    static Figure figure5(ReportModel m) {
        List<Column> cols = m.columns().stream().filter(Column::slopeMeaningful).toList();
        JFreeChart chart = groupedBars(m, cols, c -> c.all().metrics().slope(), c -> c.aboveMedian().metrics().slope(),
                "|slope| of ln(1 − score) per accuracy point", null, false);
        chart.setTitle(title("|Slope| of ln(1 − score) against accuracy"));
        finish(chart);
        List<String> left = m.columns().stream().filter(c -> !c.slopeMeaningful()).map(Figures::label).toList();
        String cap = "<b>Figure 5.</b> |Slope| of the ordinary-least-squares line of ln(1 − score) against "
                + m.accuracyLabel().replace(" (%)", "") + " (the lines of figure 2), over every architecture (grey) "
                + "and over those whose score is above the median (vermillion). A steeper slope means the score "
                + "changes more per accuracy point, so it separates good from mediocre architectures more sharply. "
                + "Compare the slope with the R² in the table: a steep slope with a low R² is a noisy score."
                + (left.isEmpty() ? "" : " Not shown: " + String.join(", ", left)
                        + ". Their values are not in [0, 1], so ln(1 − score) and its slope do not apply.");
        if (cols.isEmpty()) {
            chart.getCategoryPlot().getRangeAxis().setVisible(false);
            chart.getCategoryPlot().setRangeGridlinesVisible(false);
        }
        return new Figure("figure5", "Figure 5 · |slope|, all architectures vs above the median score", configLine(m),
                cap, List.of(chart), 1, 1400, cols.isEmpty() ? 200 : 640, List.of());
    }

    private static JFreeChart groupedBars(ReportModel m, List<Column> cols, ToDoubleFunction<Column> all,
                                          ToDoubleFunction<Column> above, String yLabel, String pattern, boolean unitRange) {
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
        NumberFormat nf = pattern == null ? new SigFormat() : new DecimalFormat(pattern, java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
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
        double step = niceStep(top / 8);
        y.setTickUnit(new NumberTickUnit(step, tickFormat(step)));
        CategoryPlot plot = new CategoryPlot(ds, categoryAxis(m, cols), y, r);
        plot.setNoDataMessage("no score with values in [0, 1]: the slope of ln(1 − score) does not apply");
        plot.setNoDataMessageFont(Style.NOTE);
        styleCategory(plot);
        return new JFreeChart(null, Style.PANEL_TITLE, plot, !cols.isEmpty());
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
        return new DecimalFormat(decimals == 0 ? "0" : "0." + "0".repeat(decimals), java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /** Tick and item labels with a few significant digits whatever the magnitude. */
    private static final class SigFormat extends NumberFormat {
        @Override public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
            return toAppendTo.append(sig(number));
        }

        @Override public StringBuffer format(long number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
            return toAppendTo.append(number);
        }

        @Override public Number parse(String source, java.text.ParsePosition parsePosition) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------ styling

    private static CategoryAxis categoryAxis(ReportModel m) { return categoryAxis(m, m.columns()); }

    private static CategoryAxis categoryAxis(ReportModel m, List<Column> cols) {
        CategoryAxis a = new CategoryAxis(null);
        int longest = cols.stream().mapToInt(c -> label(c).length()).max().orElse(0);
        if (longest > 8 || cols.size() > 16) a.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        a.setMaximumCategoryLabelLines(1);
        a.setMaximumCategoryLabelWidthRatio(1.6f);
        a.setCategoryMargin(0.25);
        a.setLowerMargin(0.02);
        a.setUpperMargin(0.02);
        return a;
    }

    private static TextTitle title(String text) {
        TextTitle t = new TextTitle(text, Style.PANEL_TITLE);
        t.setPaint(Style.TEXT);
        t.setPadding(new RectangleInsets(6, 4, 2, 4));
        return t;
    }

    private static TextTitle sub(String text) {
        TextTitle t = new TextTitle(text, Style.PANEL_SUBTITLE);
        t.setPaint(Style.MUTED);
        t.setPadding(new RectangleInsets(1, 4, 3, 4));
        return t;
    }

    private static void styleXY(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Style.GRID);
        plot.setRangeGridlinePaint(Style.GRID);
        plot.setDomainGridlineStroke(Style.GRID_STROKE);
        plot.setRangeGridlineStroke(Style.GRID_STROKE);
        plot.setOutlinePaint(new Color(0xBBBBBB));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        axis(plot.getDomainAxis());
        axis(plot.getRangeAxis());
        noData(plot);
    }

    private static void styleCategory(CategoryPlot plot) {
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Style.GRID);
        plot.setRangeGridlineStroke(Style.GRID_STROKE);
        plot.setDomainGridlinesVisible(false);
        plot.setOutlinePaint(new Color(0xBBBBBB));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        CategoryAxis x = plot.getDomainAxis();
        x.setTickLabelFont(Style.AXIS_LABEL);
        x.setTickLabelPaint(Style.TEXT);
        axis(plot.getRangeAxis());
        noData(plot);
    }

    private static void noData(Plot plot) {
        if (plot.getNoDataMessage() == null) plot.setNoDataMessage("no data");
        plot.setNoDataMessageFont(Style.NOTE);
        plot.setNoDataMessagePaint(Style.MUTED);
    }

    private static void axis(ValueAxis a) {
        a.setLabelFont(Style.AXIS_LABEL);
        a.setLabelPaint(Style.TEXT);
        a.setTickLabelFont(Style.TICK);
        a.setTickLabelPaint(Style.TEXT);
    }

    private static void finish(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(4, 6, 10, 14));
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(Style.LEGEND);
            legend.setItemPaint(Style.TEXT);
            legend.setFrame(BlockBorder.NONE);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setPosition(RectangleEdge.TOP);
            legend.setHorizontalAlignment(HorizontalAlignment.CENTER);
            legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 18));
        }
    }
}
