package io.nasscore.report;

import io.nasscore.report.ReportModel.Column;
import java.util.List;
import org.jfree.chart.JFreeChart;

/**
 * Figure 5: the |slope| of ln(1 − score) against accuracy, over every architecture and above the median; only the
 * columns whose values lie in [0, 1], where the slope means something.
 */
final class SlopeFigure {
    private SlopeFigure() {}

    static Figure of(ReportModel m) {
        List<Column> cols = m.columns().stream().filter(Column::slopeMeaningful).toList();
        JFreeChart chart = GroupedBars.chart(cols, c -> c.all().metrics().slope(), c -> c.aboveMedian().metrics().slope(),
                "|slope| of ln(1 − score) per accuracy point", null, false);
        chart.setTitle(Style.title("|Slope| of ln(1 − score) against accuracy"));
        Style.finish(chart);
        if (cols.isEmpty()) {
            chart.getCategoryPlot().getRangeAxis().setVisible(false);
            chart.getCategoryPlot().setRangeGridlinesVisible(false);
        }
        return new Figure("figure5", "Figure 5 · |slope|, all architectures vs above the median score", Labels.configLine(m),
                caption(m), List.of(chart), 1, 1400, cols.isEmpty() ? 200 : 640, List.of());
    }

    /** The caption, naming the columns left out of the chart. */
    static String caption(ReportModel m) {
        List<String> left = m.columns().stream().filter(c -> !c.slopeMeaningful()).map(Labels::label).toList();
        return "<b>Figure 5.</b> |Slope| of the ordinary-least-squares line of ln(1 − score) against "
                + m.accuracyName() + " (the lines of figure 2), over every architecture (grey) "
                + "and over those whose score is above the median (vermillion). A steeper slope means the score "
                + "changes more per accuracy point, so it separates good from mediocre architectures more sharply. "
                + "Compare the slope with the R² in the table: a steep slope with a low R² is a noisy score."
                + (left.isEmpty() ? "" : " Not shown: " + String.join(", ", left)
                        + ". Their values are not in [0, 1], so ln(1 − score) and its slope do not apply.");
    }
}
