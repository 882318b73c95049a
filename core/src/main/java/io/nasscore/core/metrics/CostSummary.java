package io.nasscore.core.metrics;

/**
 * Cost metric: mean and median wall time per architecture (any unit; the caller picks one per score
 * family or for the whole record).
 *
 * @param n        finite times used
 * @param excluded times skipped because they were NaN or infinite
 * @param mean     mean time (NaN when n = 0)
 * @param median   median time (mean of the two middle values for an even n; NaN when n = 0)
 */
public record CostSummary(int n, int excluded, double mean, double median) {
    public static CostSummary of(double[] times) {
        double[] kept = new double[times.length];
        int n = 0;
        for (double t : times) {
            if (Double.isFinite(t)) kept[n++] = t;
        }
        double[] used = n == kept.length ? kept : java.util.Arrays.copyOf(kept, n);
        return new CostSummary(n, times.length - n, Stats.mean(used), Stats.median(used));
    }
}
