package io.nasscore.core.metrics;

/**
 * Ranks of a pool of architectures (baselines.md §1, §9.4): average ascending ranks (1 = smallest; tied values
 * share the mean of their positions), where -∞ is a legal value below every finite one and NaN is not ranked.
 */
public final class PoolRanks {
    private PoolRanks() {}

    /**
     * The average ascending rank of every value among the non-NaN values of {@code v}; NaN where {@code v} is
     * NaN (those points are not in the pool: the ranks run 1..m over the m other values).
     */
    public static double[] averageRanks(double[] v) {
        int n = v.length;
        int m = 0;
        for (double x : v) if (!Double.isNaN(x)) m++;
        double[] out = new double[n];
        if (m == n) {
            Sorting.averageRanks(v, out, new int[n], new int[n]);
            return out;
        }
        // rank the non-NaN values alone: the merge sort must not see NaN
        int[] where = new int[m];
        double[] kept = new double[m];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) out[i] = Double.NaN;
            else { where[k] = i; kept[k++] = v[i]; }
        }
        double[] r = new double[m];
        Sorting.averageRanks(kept, r, new int[m], new int[m]);
        for (int i = 0; i < m; i++) out[where[i]] = r[i];
        return out;
    }
}
