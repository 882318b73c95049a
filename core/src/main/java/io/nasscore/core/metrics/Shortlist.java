package io.nasscore.core.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The k architectures of a pool that a score ranks highest: what a search trains next. A combined score is computed
 * over the pool given (it ranks each architecture against the others), so the shortlist of a pool is the pool's own.
 * The order is the one a run's pick follows ({@link BestAccuracy}): higher first, ties to the lower architecture
 * index; points without a finite value are left out.
 */
public final class Shortlist {
    private Shortlist() {}

    /**
     * The values a score gives the pool: the column of that name (any case), else the combined score of that name
     * among {@code combinations}, computed over every point of {@code columns}.
     *
     * @throws IllegalArgumentException naming what is there when neither exists, or the combined score's missing members
     */
    public static double[] values(Map<String, double[]> columns, List<Combination> combinations, String score) {
        double[] column = Combination.column(columns, score);
        if (column != null) return column;
        for (Combination c : combinations) {
            if (!c.name().equalsIgnoreCase(score)) continue;
            List<String> missing = c.missing(columns);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("combined score '" + c.name() + "' needs " + String.join(", ", missing)
                        + ", not among the columns " + String.join(", ", columns.keySet()));
            }
            return c.values(columns);
        }
        List<String> known = new ArrayList<>(columns.keySet());
        for (Combination c : combinations) if (c.missing(columns).isEmpty()) known.add(c.name());
        throw new IllegalArgumentException("no score '" + score + "': the scores here are " + String.join(", ", known));
    }

    /** The positions of the {@code k} highest finite values, highest first, ties to the lower index. */
    public static int[] top(int[] indices, double[] values, int k) {
        Sorting.checkSameLength("shortlist (indices, values)", indices.length, values.length);
        if (k < 1) throw new IllegalArgumentException("a shortlist holds at least 1 architecture, not " + k);
        List<Integer> usable = new ArrayList<>();
        for (int i = 0; i < values.length; i++) if (Double.isFinite(values[i])) usable.add(i);
        usable.sort(Comparator.<Integer>comparingDouble(i -> -values[i]).thenComparingInt(i -> indices[i]));
        return usable.subList(0, Math.min(k, usable.size())).stream().mapToInt(Integer::intValue).toArray();
    }
}
