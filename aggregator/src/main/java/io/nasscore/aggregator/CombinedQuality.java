package io.nasscore.aggregator;

import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Combination;
import io.nasscore.core.metrics.Combinations;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.space.Cost;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.avro.ScoreQuality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The score-quality records of the combined scores (baselines.md §9.4, §10) of one table, recomputed from the
 * table's points every time the table is (never stored per architecture): a combined score ranks each point
 * against the others of its pool. The cumulative pool is the points that carry every member; the {@code last-<W>}
 * window is the W most recent of them, ranked among themselves; each run is ranked within its own sample
 * ({@link Evaluation#evaluate(int[], Combination, Map, double[], int[][])}). A combined score whose members no point
 * carries gives no record. Members are the points' scores by name, and {@code params} (the parameter count, a
 * closed form of the architecture).
 */
final class CombinedQuality {
    private CombinedQuality() {}

    /**
     * @param pts     the table's points sorted by arch index
     * @param carried the scores some point carries ({@link QualityCalculator#carried}): a combined score with a member
     *                outside it has no pool, and costs no scan
     */
    static List<ScoreQuality> compute(String experiment, String dataset, Point[] pts, int carried, int windowSize,
                                      long updatedAt) {
        return compute(Combinations.ALL, experiment, dataset, pts, carried, windowSize, updatedAt);
    }

    static List<ScoreQuality> compute(List<Combination> combinations, String experiment, String dataset, Point[] pts,
                                      int carried, int windowSize, long updatedAt) {
        List<ScoreQuality> out = new ArrayList<>();
        String lastWindow = Keys.lastWindow(windowSize);
        for (Combination c : combinations) {
            ScoreName[] members = members(c);
            if (members == null || !allCarried(members, carried)) continue;
            int[] set = carrying(pts, members);
            if (set.length == 0) continue;
            ScoreQuality[] cumulative = evaluate(c, members, experiment, dataset, pts, set, Keys.WINDOW_CUMULATIVE, updatedAt);
            out.addAll(Arrays.asList(cumulative));
            if (set.length <= windowSize) {
                for (ScoreQuality q : cumulative) out.add(ScoreQuality.newBuilder(q).setWindow(lastWindow).build());
            } else {
                out.addAll(Arrays.asList(evaluate(c, members, experiment, dataset, pts,
                        QualityCalculator.mostRecent(pts, set, windowSize), lastWindow, updatedAt)));
            }
        }
        return out;
    }

    /** The record's score of each member (null for params), or null when a member is no score a point can carry. */
    private static ScoreName[] members(Combination c) {
        ScoreName[] out = new ScoreName[c.members().size()];
        for (int i = 0; i < out.length; i++) {
            String m = c.members().get(i);
            if (m.equalsIgnoreCase("params")) continue;
            try {
                out[i] = ScoreName.valueOf(m.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return out;
    }

    private static boolean allCarried(ScoreName[] members, int carried) {
        for (ScoreName s : members) if (s != null && (carried & (1 << s.ordinal())) == 0) return false;
        return true;
    }

    private static int[] carrying(Point[] pts, ScoreName[] members) {
        int[] out = new int[pts.length];
        int m = 0;
        for (int i = 0; i < pts.length; i++) {
            boolean all = true;
            for (ScoreName s : members) if (s != null && !pts[i].has(s)) { all = false; break; }
            if (all) out[m++] = i;
        }
        return Arrays.copyOf(out, m);
    }

    private static ScoreQuality[] evaluate(Combination c, ScoreName[] members, String experiment, String dataset,
                                           Point[] pts, int[] set, String window, long updatedAt) {
        int n = set.length;
        int[] indices = new int[n];
        double[] accuracy = new double[n];
        for (int i = 0; i < n; i++) {
            indices[i] = pts[set[i]].archIndex();
            accuracy[i] = pts[set[i]].accuracy();
        }
        Map<String, double[]> columns = Evaluation.columns();
        for (int k = 0; k < members.length; k++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = members[k] == null ? params(indices[i], dataset) : pts[set[i]].score(members[k]);
            }
            columns.put(c.members().get(k), v);
        }
        int[][] runs = QualityCalculator.runs(pts, set);
        List<Evaluation.Row> rows = Evaluation.evaluate(indices, c, columns, accuracy, runs.length == 0 ? null : runs);
        return QualityCalculator.records(experiment, dataset, c.name(), rows, pts, set, runs.length, window, updatedAt);
    }

    private static double params(int archIndex, String dataset) {
        return Cost.params(SearchSpace.arch(archIndex), Dataset.of(dataset).classes());
    }
}
