package io.nasscore.bench;

import io.nasscore.core.metrics.BestAccuracy;
import io.nasscore.core.metrics.BestPercentile;
import io.nasscore.core.metrics.CostSummary;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.metrics.Subset;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark: every quality metric (tau-a/tau-b, Spearman, slope, above-median, best accuracy, best percentile,
 * cost summary) on the full NB201 space, 15,625 points with many ties. They are O(n log n) and take milliseconds;
 * an O(n²) method would take about a second. Until 2026-12-01 this was a core test asserting under 200 ms, a
 * wall-clock bound that a shared CI machine cannot promise.
 *
 * <pre>
 * mvn -q -B -o -pl bench exec:java -Dexec.mainClass=io.nasscore.bench.MetricsBench [-Dbench.points=15625] [-Dbench.repeats=5]
 * </pre>
 */
public final class MetricsBench {
    private MetricsBench() {}

    public static void main(String[] args) {
        int n = Integer.getInteger("bench.points", 15_625);
        int repeats = Integer.getInteger("bench.repeats", 5);
        runAll(data(1_000, 1)); // class loading, JIT warm-up
        double[][] d = data(n, 2);
        for (int r = 1; r <= repeats; r++) {
            long t0 = System.nanoTime();
            Map<Subset, QualityMetrics> q = runAll(d);
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "BENCH all metrics of %d points, run %d: %.1f ms (tau-b %.3f)%n",
                    n, r, ms, q.get(Subset.ALL).tauB());
        }
    }

    private static Map<Subset, QualityMetrics> runAll(double[][] d) {
        double[] s = d[0];
        double[] a = d[1];
        int[] idx = new int[s.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Map<Subset, QualityMetrics> q = QualityMetrics.computeAll(s, a);
        if (!Double.isFinite(BestAccuracy.retrieved(idx, s, a) + BestPercentile.percentile(idx, s, a)
                + CostSummary.of(d[2]).median())) {
            throw new IllegalStateException("a metric is not finite");
        }
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
