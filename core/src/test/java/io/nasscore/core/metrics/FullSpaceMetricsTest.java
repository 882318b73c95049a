package io.nasscore.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every metric is defined on the full NB201 space (15,625 points, many ties). How long they take is measured by
 * bench's {@code MetricsBench}, not asserted here: a shared CI machine promises no wall-clock bound.
 */
class FullSpaceMetricsTest {
    private static final int N = 15_625;

    @Test
    void allMetricsOf15625TiedPointsAreDefined() {
        Random rnd = new Random(2);
        double[] s = new double[N];
        double[] a = new double[N];
        double[] t = new double[N];
        int[] idx = new int[N];
        for (int i = 0; i < N; i++) {
            a[i] = Math.round((10 + 84 * rnd.nextDouble()) * 100) / 100.0; // 2 decimals: many ties
            s[i] = 1 - Math.exp(-a[i] / 20 - rnd.nextDouble());
            t[i] = rnd.nextDouble();
            idx[i] = i;
        }
        Map<Subset, QualityMetrics> q = QualityMetrics.computeAll(s, a);
        assertThat(q.get(Subset.ALL).n()).isEqualTo(N);
        assertThat(q.get(Subset.ALL).tauB()).isBetween(0.1, 0.99);
        assertThat(BestAccuracy.retrieved(idx, s, a)).isFinite();
        assertThat(BestPercentile.percentile(idx, s, a)).isFinite();
        assertThat(CostSummary.of(t).median()).isFinite();
    }
}
