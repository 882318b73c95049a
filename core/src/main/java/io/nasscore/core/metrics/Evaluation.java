package io.nasscore.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The score-quality table of scores.md section 5 for a set of scored architectures: every metric, per score
 * column and subset, plus best accuracy retrieved and the best-architecture percentile over runs. The one
 * place where a table of scores becomes a table of metrics: `evaluate`, `report` and the aggregator's tests
 * all go through it.
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * One line of the table.
     *
     * @param bestAccuracy mean/std over runs of the accuracy of the top-scored arch (null without runs; only on
     *     the `all` rows: the top-scored arch of a run is the same whatever the subset)
     * @param bestPercentile mean/std over runs of the best-architecture percentile (null without runs)
     */
    public record Row(String score, QualityMetrics metrics, MeanStd bestAccuracy, MeanStd bestPercentile, int runs) {
        public Subset subset() { return metrics.subset(); }
    }

    /**
     * @param indices arch index of each point
     * @param columns score name -> value per point (aligned with indices), in output order
     * @param accuracy ground truth per point (NaN = unknown)
     * @param runs positions (into indices) of each run's sample, or null for no run metrics
     */
    public static List<Row> evaluate(int[] indices, Map<String, double[]> columns, double[] accuracy, int[][] runs) {
        return evaluate(indices, columns, List.of(), accuracy, runs);
    }

    /**
     * The table of the single columns, then of the combined scores. A combined score is a property of its pool:
     * its metrics over the whole set use its values over the whole set, and each run's best accuracy and
     * percentile use its values recomputed over that run's sample alone.
     *
     * @param combined combined scores whose members are all in {@code columns} (see {@link Combinations#applicable})
     */
    public static List<Row> evaluate(int[] indices, Map<String, double[]> columns, List<Combination> combined,
                                     double[] accuracy, int[][] runs) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> c : columns.entrySet()) {
            double[] s = c.getValue();
            if (s.length != indices.length || accuracy.length != indices.length) {
                throw new IllegalArgumentException("score column '" + c.getKey() + "' has " + s.length
                        + " values for " + indices.length + " architectures");
            }
            addRows(rows, c.getKey(), s, indices, accuracy, runs, pos -> gather(s, pos));
        }
        for (Combination comb : combined) {
            addRows(rows, comb.name(), comb.values(columns), indices, accuracy, runs, pos -> comb.values(columns, pos));
        }
        return rows;
    }

    /** The two rows (all, above-median) of one combined score over the pool {@code members} describe. */
    public static List<Row> evaluate(int[] indices, Combination combined, Map<String, double[]> members,
                                     double[] accuracy, int[][] runs) {
        List<Row> rows = new ArrayList<>();
        addRows(rows, combined.name(), combined.values(members), indices, accuracy, runs, pos -> combined.values(members, pos));
        return rows;
    }

    private static void addRows(List<Row> rows, String name, double[] s, int[] indices, double[] accuracy, int[][] runs,
                                java.util.function.Function<int[], double[]> runScores) {
        MeanStd best = null;
        MeanStd pct = null;
        if (runs != null && runs.length > 0) {
            int[][] ri = new int[runs.length][];
            double[][] rs = new double[runs.length][];
            double[][] ra = new double[runs.length][];
            for (int r = 0; r < runs.length; r++) {
                int[] pos = runs[r];
                ri[r] = new int[pos.length];
                ra[r] = new double[pos.length];
                rs[r] = runScores.apply(pos);
                for (int k = 0; k < pos.length; k++) {
                    ri[r][k] = indices[pos[k]];
                    ra[r][k] = accuracy[pos[k]];
                }
            }
            best = BestAccuracy.overRuns(ri, rs, ra);
            pct = BestPercentile.overRuns(ri, rs, ra);
        }
        for (Subset subset : Subset.values()) {
            QualityMetrics m = QualityMetrics.compute(s, accuracy, subset);
            boolean all = subset == Subset.ALL;
            rows.add(new Row(name, m, all ? best : null, all ? pct : null, runs == null ? 0 : runs.length));
        }
    }

    private static double[] gather(double[] v, int[] positions) {
        double[] out = new double[positions.length];
        for (int i = 0; i < positions.length; i++) out[i] = v[positions[i]];
        return out;
    }

    /**
     * The runs of an experiment as positions into {@code indices}: when every index of {@code protocolRuns}
     * (for example SearchSpace.runs(R, N, seed), the paper's protocol) is present, exactly those samples;
     * otherwise R samples of min(N, available) drawn from the points with known accuracy, seeded.
     */
    public static int[][] runPositions(int[] indices, double[] accuracy, int[][] protocolRuns, int n, long seed) {
        Map<Integer, Integer> pos = new HashMap<>();
        for (int i = 0; i < indices.length; i++) pos.putIfAbsent(indices[i], i);
        boolean complete = true;
        for (int[] run : protocolRuns) {
            for (int idx : run) {
                if (!pos.containsKey(idx)) { complete = false; break; }
            }
            if (!complete) break;
        }
        int[][] out = new int[protocolRuns.length][];
        if (complete) {
            for (int r = 0; r < protocolRuns.length; r++) {
                out[r] = Arrays.stream(protocolRuns[r]).map(pos::get).toArray();
            }
            return out;
        }
        int[] known = java.util.stream.IntStream.range(0, indices.length)
                .filter(i -> !Double.isNaN(accuracy[i])).toArray();
        int size = Math.min(n, known.length);
        for (int r = 0; r < protocolRuns.length; r++) {
            io.nasscore.core.space.SplitMix64 rng =
                    new io.nasscore.core.space.SplitMix64(io.nasscore.core.space.SplitMix64.mix(seed, r));
            int[] a = known.clone();
            for (int i = 0; i < size; i++) {
                int j = i + rng.nextInt(a.length - i);
                int t = a[i]; a[i] = a[j]; a[j] = t;
            }
            out[r] = Arrays.copyOf(a, size);
        }
        return out;
    }

    /** Keeps insertion order; a convenience for callers building columns. */
    public static Map<String, double[]> columns() { return new LinkedHashMap<>(); }
}
