package io.nasscore.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Combination;
import io.nasscore.core.score.Pass;
import io.nasscore.core.truth.GroundTruth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.plot.CategoryPlot;
import org.junit.jupiter.api.Test;

/** Figure 3's time panel: a bar for each score with pass times, and for every other column a word saying why not. */
class BestAccuracyFigureTest {

    @Test
    void aColumnWithoutABarSaysWhy() {
        int n = 40;
        int[] idx = new int[n];
        double[] js = new double[n];
        double[] proxy = new double[n];
        double[] clean = new double[n];
        for (int i = 0; i < n; i++) {
            idx[i] = 307 * i + 11;
            js[i] = 0.5 + 0.4 * Math.cos(i);
            proxy[i] = 3 + i;
            clean[i] = 20;
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put("JS", js);
        scores.put("grasp", proxy);
        ReportInput in = new ReportInput("t", idx, scores, Map.of(Pass.CLEAN, clean), new double[n], null, null,
                RunConfig.unknown(), 0);
        ReportModel m = new ReportModel(in, Dataset.CIFAR10, GroundTruth.shipped(Dataset.CIFAR10).accuracies(idx),
                "acc", "t", 94.37, 2, 20, 0,
                List.of(new Combination("js_params", Combination.Method.LOG_RANK_SUM, List.of("JS", "params"))));

        Figure f = BestAccuracyFigure.of(m);
        assertThat(f.panels()).as("the input has pass times: a time panel").hasSize(2);
        CategoryPlot time = f.panels().get(1).getCategoryPlot();
        Map<String, String> why = new TreeMap<>();
        for (Object a : time.getAnnotations()) {
            CategoryTextAnnotation t = (CategoryTextAnnotation) a;
            why.put(t.getCategory().toString(), t.getText());
        }
        assertThat(why).isEqualTo(Map.of("grasp", "no times", "#params", "closed form", "FLOPs", "closed form",
                "js_params", "its members' passes"));
        assertThat(time.getDataset().getValue("passes the score needs", "JS")).isEqualTo(20.0);
        assertThat(BestAccuracyFigure.caption(m)).contains("nor has a combined score");
    }
}
