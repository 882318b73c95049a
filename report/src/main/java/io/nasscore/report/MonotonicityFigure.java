package io.nasscore.report;

import java.util.List;
import org.jfree.chart.JFreeChart;

/** Figure 4: the monotonicity (|Kendall τ-a|) of each column, over every architecture and above the median. */
final class MonotonicityFigure {
    private MonotonicityFigure() {}

    static Figure of(ReportModel m) {
        JFreeChart chart = GroupedBars.chart(m.columns(), c -> c.all().metrics().monotonicity(),
                c -> c.aboveMedian().metrics().monotonicity(), "monotonicity = |Kendall τ-a|", "0.00", true);
        chart.setTitle(Style.title("Monotonicity of each score with accuracy"));
        Style.finish(chart);
        return new Figure("figure4", "Figure 4 · monotonicity, all architectures vs above the median score",
                Labels.configLine(m), caption(m), List.of(chart), 1, 1400, 640, List.of());
    }

    static String caption(ReportModel m) {
        return "<b>Figure 4.</b> Monotonicity (the paper's metric, |Kendall τ-a| between score and "
                + m.accuracyName() + "): 1 means the score orders the architectures exactly as "
                + "their accuracy does, and 0 means no relation. Grey bars use every architecture, and vermillion bars "
                + "use only those whose score is above the median score. A score that stays high on the vermillion "
                + "bar still ranks the good architectures well, which is what a search needs. The baselines "
                + "(parameter count, FLOPs) show what a free cost measure already achieves.";
    }
}
