package io.nasscore.core.metrics;

import java.util.Arrays;

/** Mean, median and population standard deviation; NaN for an empty array or a non-finite value. */
public final class Stats {
    private Stats() {}

    public static double mean(double[] v) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (double d : v) s += d;
        double m = s / v.length;
        return Double.isFinite(m) ? m : Double.NaN;
    }

    /** The middle value; for an even count the mean of the two middle values. O(n log n), copies v. */
    public static double median(double[] v) {
        int n = v.length;
        if (n == 0 || !Sorting.allFinite(v)) return Double.NaN;
        double[] c = v.clone();
        Arrays.sort(c);
        return (n & 1) == 1 ? c[n / 2] : c[n / 2 - 1] / 2 + c[n / 2] / 2;
    }

    /** sqrt(Σ (v_i - mean)² / n): the population (not sample) standard deviation. */
    public static double populationStd(double[] v) {
        double m = mean(v);
        if (Double.isNaN(m)) return Double.NaN;
        double s = 0;
        for (double d : v) s += (d - m) * (d - m);
        return Math.sqrt(s / v.length);
    }
}
