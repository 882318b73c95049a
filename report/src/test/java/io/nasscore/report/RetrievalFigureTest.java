package io.nasscore.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.truth.GroundTruth;
import io.nasscore.report.ReportModel.Column;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.statistics.StatisticalCategoryDataset;
import org.junit.jupiter.api.Test;

/** Figure 6: the columns in τ-b order, each bar its τ-b and each dot the best accuracy of figure 3's runs. */
class RetrievalFigureTest {

    /** 50 architectures: a score that follows accuracy, one against it, a constant one (no τ-b), and the baselines. */
    static ReportModel model() {
        int n = 50;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = 211 * i + 5;
        double[] acc = GroundTruth.shipped(Dataset.CIFAR10).accuracies(idx);
        double[] follows = new double[n];
        double[] against = new double[n];
        double[] constant = new double[n];
        for (int i = 0; i < n; i++) {
            follows[i] = acc[i] + 3 * Math.sin(i); // a noisy copy of accuracy: a high τ-b
            against[i] = -acc[i];
            constant[i] = 1;
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put("follows", follows);
        scores.put("against", against);
        scores.put("constant", constant);
        ReportInput in = new ReportInput("t", idx, scores, Map.of(), null, null, null, RunConfig.unknown(), 0);
        return new ReportModel(in, Dataset.CIFAR10, acc, "acc", "t", 94.37, 3, 20, 0);
    }

    @Test
    void columnsAreInTauBOrderWithoutTheOnesThatHaveNone() {
        ReportModel m = model();
        List<Column> order = RetrievalFigure.byTauB(m.columns());
        assertThat(order).extracting(Column::name).startsWith("against").doesNotContain("constant");
        assertThat(order).extracting(c -> c.all().metrics().tauB()).isSorted();
        assertThat(order.get(0).all().metrics().tauB()).isEqualTo(-1.0);
        assertThat(order).hasSize(m.columns().size() - 1);
    }

    @Test
    void barsAreTauBAndDotsAreTheBestAccuracyOfTheRuns() {
        ReportModel m = model();
        CategoryPlot plot = RetrievalFigure.of(m).panels().get(0).getCategoryPlot();
        StatisticalCategoryDataset dots = (StatisticalCategoryDataset) plot.getDataset(1);
        assertThat(plot.getRangeAxisIndex(plot.getRangeAxis(1))).isEqualTo(1);
        for (Column c : RetrievalFigure.byTauB(m.columns())) {
            String cat = Labels.label(c);
            assertThat(plot.getDataset(0).getValue(RetrievalFigure.TAU_SERIES, cat)).isEqualTo(c.all().metrics().tauB());
            Number mean = null;
            for (int s = 0; s < dots.getRowCount(); s++) {
                Number v = dots.getMeanValue(dots.getRowKey(s), cat);
                if (v != null) {
                    assertThat(mean).as("one dot per column, in its family's series").isNull();
                    mean = v;
                }
            }
            assertThat(mean).isEqualTo(c.all().bestAccuracy().mean());
        }
        assertThat(plot.getDataset(0).getColumnKeys()).doesNotContain("constant");
    }
}
