package io.nasscore.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.report.ReportModel.Column;
import io.nasscore.report.ReportModel.Family;
import io.nasscore.report.ReportModel.Kind;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.metrics.Slope;
import io.nasscore.core.score.Pass;
import io.nasscore.core.truth.GroundTruth;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportModelTest {

    /** 60 architectures; three scores: one in [0, 1], one > 0 and > 1, one of both signs. */
    private static ReportModel model(boolean withTimes) {
        int n = 60;
        int[] idx = new int[n];
        double[] unit = new double[n];
        double[] big = new double[n];
        double[] signed = new double[n];
        double[] clean = new double[n];
        double[] noise = new double[n];
        double[] sim = new double[n];
        for (int i = 0; i < n; i++) {
            idx[i] = 101 * i + 7;
            unit[i] = 0.5 + 0.4 * Math.sin(i);
            big[i] = 10 + i;
            signed[i] = i - 30.5;
            clean[i] = 10 + i;
            noise[i] = 5;
            sim[i] = 1;
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put("JS", unit);
        scores.put("SNS", unit);
        scores.put("PJS", unit);
        scores.put("synflow", big);
        scores.put("grasp", signed);
        Map<Pass, double[]> passes = new EnumMap<>(Pass.class);
        if (withTimes) {
            passes.put(Pass.CLEAN, clean);
            passes.put(Pass.NOISE_0_1, noise);
        }
        ReportInput in = new ReportInput("test", idx, scores, passes, withTimes ? sim : null, null, null, RunConfig.unknown(), 0);
        double[] acc = GroundTruth.shipped(Dataset.CIFAR10).accuracies(idx);
        return new ReportModel(in, Dataset.CIFAR10, acc, "CIFAR-10 test accuracy", "shipped", 94.37, 2, 20, 0);
    }

    @Test
    void columnsAreTheScoresThenTheBaselinesWithKindsAndFamilies() {
        ReportModel m = model(true);
        assertThat(m.columns()).extracting(Column::name).containsExactly("JS", "SNS", "PJS", "synflow", "grasp", "params", "flops");
        assertThat(m.columns()).extracting(Column::kind).containsExactly(Kind.UNIT, Kind.UNIT, Kind.UNIT, Kind.POSITIVE,
                Kind.OTHER, Kind.POSITIVE, Kind.POSITIVE);
        assertThat(m.columns()).extracting(Column::family).containsExactly(Family.INPUT, Family.INPUT, Family.PARAMETER,
                Family.PROXY, Family.PROXY, Family.BASELINE, Family.BASELINE);
        assertThat(m.rows()).hasSize(14);
        assertThat(m.runSize()).isEqualTo(20);
    }

    @Test
    void aboveMedianAndItsFitAreTheMetricsOnes() {
        ReportModel m = model(false);
        Column js = m.columns().get(0);
        double[] acc = m.accuracy();
        int[] expected = QualityMetrics.aboveMedian(js.values());
        assertThat(js.above()).containsExactly(expected);
        assertThat(js.above()).hasSize(js.aboveMedian().metrics().n());
        double[] s = new double[expected.length];
        double[] a = new double[expected.length];
        for (int i = 0; i < expected.length; i++) {
            s[i] = js.values()[expected[i]];
            a[i] = acc[expected[i]];
        }
        Slope.SlopeFit fit = Slope.fit(s, a);
        assertThat(js.fitAbove().slope()).isEqualTo(fit.slope());
        assertThat(js.fitAbove().abs()).isEqualTo(js.aboveMedian().metrics().slope());
    }

    @Test
    void timeIsThePassesAScoreNeedsPlusSimilarity() {
        ReportModel m = model(true);
        Column js = m.columns().get(0);
        Column sns = m.columns().get(1);
        Column pjs = m.columns().get(2);
        // clean = 10 + i, noise0.1 = 5, similarity = 1
        assertThat(js.millis()[3]).isEqualTo(10 + 3 + 1);
        assertThat(sns.millis()[3]).isEqualTo(10 + 3 + 5 + 1);
        assertThat(sns.passMillis()[3]).isEqualTo(10 + 3 + 5);
        assertThat(pjs.millis()[3]).isEqualTo(10 + 3 + 1);
        assertThat(js.cost().mean()).isEqualTo(10 + 29.5 + 1);
        assertThat(m.columns().get(3).cost()).isNull(); // not a paper score: passes unknown
        assertThat(m.columns().get(5).cost()).isNull(); // baseline: closed form
        assertThat(model(false).columns().get(0).cost()).isNull();
    }

    @Test
    void runsMustBePositive() {
        ReportInput in = new ReportInput("t", new int[] {1, 2}, Map.of("JS", new double[] {0.1, 0.2}), Map.of(), null, null,
                null, RunConfig.unknown(), 0);
        assertThatThrownBy(() -> new ReportModel(in, Dataset.CIFAR10, new double[] {50, 60}, "acc", "t", 94, 0, 10, 0))
                .hasMessageContaining("--runs must be >= 1");
        assertThatThrownBy(() -> new ReportInput("t", new int[] {1, 2}, Map.of("JS", new double[] {0.1}), Map.of(), null,
                null, null, RunConfig.unknown(), 0)).hasMessageContaining("JS has 1 values for 2 architectures");
    }

    @Test
    void aProxysMinusInfinityIsRankedLowestAsEvaluateRanksIt() {
        int[] idx = {1, 2, 3, 4, 5, 6};
        double[] synflow = {Double.NEGATIVE_INFINITY, 1, 2, Double.NEGATIVE_INFINITY, 3, 4};
        double[] js = {Double.NEGATIVE_INFINITY, 0.1, 0.2, 0.3, 0.4, 0.5};
        double[] acc = {10, 20, 30, 40, 50, 60};
        ReportInput in = new ReportInput("t", idx, new LinkedHashMap<>(Map.of("synflow", synflow, "JS", js)), Map.of(), null,
                null, null, RunConfig.unknown(), 0);
        ReportModel m = new ReportModel(in, Dataset.CIFAR10, acc, "acc", "t", 94, 1, 6, 0);
        ReportModel.Column s = m.columns().stream().filter(c -> c.name().equals("synflow")).findFirst().orElseThrow();
        ReportModel.Column j = m.columns().stream().filter(c -> c.name().equals("JS")).findFirst().orElseThrow();
        assertThat(s.all().metrics().n()).as("a proxy's -inf is a rank, baselines.md §1").isEqualTo(6);
        assertThat(j.all().metrics().n()).as("the paper's scores drop it").isEqualTo(5);
        // the oracle: tau-b with -inf as the lowest value (ties share their rank), as evaluate computes it
        assertThat(s.all().metrics().tauB()).isCloseTo(RankCorrelationOracle.tauB(new double[] {-1, 1, 2, -1, 3, 4}, acc),
                org.assertj.core.data.Offset.offset(1e-12));
    }

    /** Kendall tau-b pair by pair. */
    private static final class RankCorrelationOracle {
        static double tauB(double[] x, double[] y) {
            long c = 0, d = 0, tx = 0, ty = 0;
            for (int i = 0; i < x.length; i++) {
                for (int k = i + 1; k < x.length; k++) {
                    double a = Math.signum(x[i] - x[k]);
                    double b = Math.signum(y[i] - y[k]);
                    if (a == 0 && b == 0) continue;
                    if (a == 0) tx++;
                    else if (b == 0) ty++;
                    else if (a == b) c++;
                    else d++;
                }
            }
            return (c - d) / Math.sqrt((double) (c + d + tx) * (c + d + ty));
        }
    }

    @Test
    void rankPercentileAndNiceSteps() {
        assertThat(ScatterFigure.rankPercentile(new double[] {3, 1, 2, 2})).containsExactly(100, 0, 50, 50);
        assertThat(Style.niceStep(0.021)).isEqualTo(0.025);
        assertThat(Style.niceStep(0.07)).isEqualTo(0.1);
        assertThat(Style.niceStep(3)).isEqualTo(5);
        assertThat(Style.tickFormat(0.025).format(0.05)).isEqualTo("0.050");
        assertThat(Labels.sig(0.000123)).isEqualTo("1.23e-04");
        assertThat(List.of(Labels.sig(Double.NaN))).containsExactly("n/a");
    }

    @Test
    void figureThreeCaptionFollowsTheData() {
        assertThat(BestAccuracyFigure.caption(model(true))).startsWith("<b>Figure 3.</b> <i>Top:</i> best accuracy retrieved.")
                .contains("<i>Bottom:</i> the mean wall time").doesNotContain("left out");
        assertThat(BestAccuracyFigure.caption(model(false))).startsWith("<b>Figure 3.</b> Best accuracy retrieved. In each of 2 runs")
                .endsWith("so the time panel is left out.").doesNotContain("<i>");
        assertThat(SlopeFigure.caption(model(true))).endsWith("Not shown: synflow, grasp, #params, FLOPs. Their values are not in [0, 1], "
                + "so ln(1 − score) and its slope do not apply.");
    }
}
