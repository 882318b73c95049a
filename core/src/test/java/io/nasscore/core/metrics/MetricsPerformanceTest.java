package io.nasscore.core.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Every metric on the full NB201 space must take milliseconds (O(n log n)); 200 ms is generous for CI. */
class MetricsPerformanceTest {
    private static final int N = 15_625;

    @Test
    void allMetricsOf15625PointsUnder200Ms() {
        runAll(data(1_000, 1)); // class loading, small warm-up: an O(n²) method still fails below
        double[][] d = data(N, 2);
        long t0 = System.nanoTime();
        Map<Subset, QualityMetrics> q = runAll(d);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(q.get(Subset.ALL).n()).isEqualTo(N);
        assertThat(q.get(Subset.ALL).tauB()).isBetween(0.1, 0.99);
        assertThat(ms).as("all metrics of %d points took %d ms", N, ms).isLessThan(200);
    }

    private static Map<Subset, QualityMetrics> runAll(double[][] d) {
        double[] s = d[0];
        double[] a = d[1];
        int[] idx = new int[s.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Map<Subset, QualityMetrics> q = QualityMetrics.computeAll(s, a);
        assertThat(BestAccuracy.retrieved(idx, s, a)).isFinite();
        assertThat(BestPercentile.percentile(idx, s, a)).isFinite();
        assertThat(CostSummary.of(d[2]).median()).isFinite();
        return q;
    }

    private static double[][] data(int n, long seed) {
        Random rnd = new Random(seed);
        double[] s = new double[n];
        double[] a = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.round((10 + 84 * rnd.nextDouble()) * 100) / 100.0; // 2 decimals: many ties
            s[i] = 1 - Math.exp(-a[i] / 20 - rnd.nextDouble());
            t[i] = rnd.nextDouble();
        }
        return new double[][] {s, a, t};
    }
}
