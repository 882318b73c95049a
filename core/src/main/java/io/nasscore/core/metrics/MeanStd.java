package io.nasscore.core.metrics;

/**
 * Mean and population standard deviation of per-run values.
 *
 * @param n        finite values used
 * @param excluded values skipped because they were NaN or infinite (e.g. a run with no usable point)
 * @param mean     their mean (NaN when n = 0)
 * @param std      their population standard deviation (NaN when n = 0; 0 for n = 1)
 */
public record MeanStd(int n, int excluded, double mean, double std) {
    /** Summarises values, skipping and counting the non-finite ones. */
    public static MeanStd of(double[] values) {
        double[] kept = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) kept[n++] = v;
        }
        double[] used = n == kept.length ? kept : java.util.Arrays.copyOf(kept, n);
        return new MeanStd(n, values.length - n, Stats.mean(used), Stats.populationStd(used));
    }
}
