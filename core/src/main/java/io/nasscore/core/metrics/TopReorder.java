package io.nasscore.core.metrics;

import java.util.Arrays;

/**
 * Retrieval at the top of a combined score (docs/results.md, "Retrieval: choosing the top"): the combined order is
 * kept, except that its top share of the pool is ordered by one member and placed above every other point. A sum of
 * ranks orders the top by the average of its members, most of which order the good architectures poorly; the order
 * of the rest, which decides τ, is untouched.
 */
final class TopReorder {
    private TopReorder() {}

    /**
     * @param base    the combined value of each point (NaN = not in the pool)
     * @param by      the member that orders the top (higher is better; −∞ is the lowest value)
     * @param percent the top's share of the pool, 1..100: the ⌈percent · m / 100⌉ points of highest base value among
     *                the m in the pool, and every point tied with the last of them (ties at the cut are all in)
     * @return base, except that the top points get max(base) + their ascending rank within the top by
     *     ({@code by}, then base); points equal in both share the mean rank
     */
    static double[] apply(double[] base, double[] by, int percent) {
        Sorting.checkSameLength("top reorder", base.length, by.length);
        double[] out = base.clone();
        double[] pool = Arrays.stream(base).filter(x -> !Double.isNaN(x)).sorted().toArray();
        int m = pool.length;
        if (m == 0) return out;
        int k = (int) ((percent * (long) m + 99) / 100);
        double cut = pool[m - k];
        double max = pool[m - 1];
        Integer[] top = java.util.stream.IntStream.range(0, base.length)
                .filter(i -> !Double.isNaN(base[i]) && base[i] >= cut).boxed().toArray(Integer[]::new);
        Arrays.sort(top, (a, b) -> compare(by, base, a, b));
        for (int i = 0; i < top.length; ) {
            int j = i;
            while (j + 1 < top.length && compare(by, base, top[i], top[j + 1]) == 0) j++;
            double rank = (i + j) / 2.0 + 1; // the mean of positions i+1 .. j+1
            for (int t = i; t <= j; t++) out[top[t]] = max + rank;
            i = j + 1;
        }
        return out;
    }

    /** By {@code by}, then by {@code base}; equal values compare equal (no −0.0/0.0 distinction). */
    private static int compare(double[] by, double[] base, int a, int b) {
        int c = compare(by[a], by[b]);
        return c != 0 ? c : compare(base[a], base[b]);
    }

    private static int compare(double x, double y) {
        return x < y ? -1 : x > y ? 1 : 0;
    }
}
