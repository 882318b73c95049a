package io.nasscore.aggregator;

import io.nasscore.core.metrics.CostSummary;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.metrics.MeanStd;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.metrics.Subset;
import io.nasscore.core.proxy.ProxyValidation;
import io.nasscore.core.score.ScoreName;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.avro.ScoreQuality;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The score-quality records of one (experiment, dataset) table, from its points: for every score present, both
 * subsets ({@code all}, {@code above-median}) over both windows ({@code cumulative}, {@code last-<W>}). Every
 * number comes from {@link Evaluation#evaluate} (core), called on the points in arch-index order, so the
 * aggregator's figures equal those of {@code nasscore evaluate} on the same points. O(n log n) per score.
 *
 * <p>Per score (the twelve and the proxies, under their column names), the set is the points that carry that score
 * (requested; NaN values included, the metrics exclude and count them). A proxy's −∞ is ranked below every finite
 * value of the set, as {@code evaluate} ranks it (baselines.md §1); a paper score's is excluded and counted. A score
 * no point carries costs nothing. The {@code last-<W>} window is the W points of that set with the highest arrival sequence.
 * Run r is the points whose run ids contain r; the best-accuracy and percentile figures are properties of the
 * runs, not of a subset: the {@code above-median} record repeats those of {@code all}. Cost: mean and median of
 * the records' total wall time.
 */
public final class QualityCalculator {
    private QualityCalculator() {}

    /**
     * @param points     the table's points (any order; sorted here by arch index), all with a known accuracy
     * @param windowSize W
     * @param updatedAt  the records' updatedAt (epoch ms)
     */
    public static List<ScoreQuality> compute(String experiment, String dataset, List<Point> points, int windowSize,
            long updatedAt) {
        Point[] pts = points.toArray(new Point[0]);
        if (!sortedByArch(pts)) Arrays.sort(pts, Comparator.comparingInt(Point::archIndex));
        String lastWindow = Keys.lastWindow(windowSize);
        List<ScoreQuality> out = new ArrayList<>(ScoreName.values().length * 4);
        int[] pos = new int[pts.length];
        int carried = carried(pts);
        for (ScoreName s : ScoreName.values()) {
            if ((carried & (1 << s.ordinal())) == 0) continue; // no point carries it: no scan, no record
            int m = 0;
            for (int i = 0; i < pts.length; i++) if (pts[i].has(s)) pos[m++] = i;
            if (m == 0) continue;
            int[] set = Arrays.copyOf(pos, m);
            ScoreQuality[] cumulative = evaluate(experiment, dataset, s, pts, set, Keys.WINDOW_CUMULATIVE, updatedAt);
            out.addAll(Arrays.asList(cumulative));
            if (m <= windowSize) {
                for (ScoreQuality q : cumulative) {
                    out.add(ScoreQuality.newBuilder(q).setWindow(lastWindow).build());
                }
            } else {
                out.addAll(Arrays.asList(evaluate(experiment, dataset, s, pts, mostRecent(pts, set, windowSize),
                        lastWindow, updatedAt)));
            }
        }
        out.addAll(CombinedQuality.compute(experiment, dataset, pts, carried, windowSize, updatedAt));
        return out;
    }

    /** The scores some point carries: the union of the points' masks. */
    static int carried(Point[] pts) {
        int mask = 0;
        for (Point p : pts) mask |= p.present();
        return mask;
    }

    /** The positions of the {@code w} points of {@code set} with the highest sequence, in ascending position order. */
    static int[] mostRecent(Point[] pts, int[] set, int w) {
        long[] seqs = new long[set.length];
        for (int i = 0; i < set.length; i++) seqs[i] = pts[set[i]].seq();
        long[] sorted = seqs.clone();
        Arrays.sort(sorted);
        long threshold = sorted[set.length - w];
        int[] out = new int[w];
        int k = 0;
        // sequences are unique within a table; the k < w guard keeps the size exact even if they were not
        for (int i = 0; i < set.length && k < w; i++) if (seqs[i] >= threshold) out[k++] = set[i];
        return k == w ? out : Arrays.copyOf(out, k);
    }

    /** The two records (all, above-median) of one score over one set of positions. */
    private static ScoreQuality[] evaluate(String experiment, String dataset, ScoreName s, Point[] pts, int[] set,
            String window, long updatedAt) {
        int n = set.length;
        int[] indices = new int[n];
        double[] score = new double[n];
        double[] accuracy = new double[n];
        for (int i = 0; i < n; i++) {
            Point p = pts[set[i]];
            indices[i] = p.archIndex();
            score[i] = p.score(s);
            accuracy[i] = p.accuracy();
        }
        // a proxy's −∞ ranks below every finite value of the set (baselines.md §1), as `evaluate` ranks it
        if (!s.paper()) score = ProxyValidation.lowestForMinusInfinity(score);
        int[][] runs = runs(pts, set);
        Map<String, double[]> columns = Evaluation.columns();
        columns.put(s.column(), score);
        List<Evaluation.Row> rows = Evaluation.evaluate(indices, columns, accuracy, runs.length == 0 ? null : runs);
        return records(experiment, dataset, s.column(), rows, pts, set, runs.length, window, updatedAt);
    }

    /** The records of {@code rows} (one score's all and above-median rows over the points {@code set}). */
    static ScoreQuality[] records(String experiment, String dataset, String score, List<Evaluation.Row> rows, Point[] pts,
            int[] set, int runs, String window, long updatedAt) {
        double[] millis = new double[set.length];
        for (int i = 0; i < set.length; i++) millis[i] = pts[set[i]].totalMillis();
        Evaluation.Row all = rows.stream().filter(r -> r.subset() == Subset.ALL).findFirst().orElseThrow();
        CostSummary cost = CostSummary.of(millis);
        String configHash = configHash(pts, set);
        ScoreQuality[] out = new ScoreQuality[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            QualityMetrics m = rows.get(i).metrics();
            MeanStd best = all.bestAccuracy();
            MeanStd pct = all.bestPercentile();
            out[i] = ScoreQuality.newBuilder()
                    .setExperiment(experiment)
                    .setDataset(dataset)
                    .setScore(score)
                    .setSubset(m.subset().id())
                    .setWindow(window)
                    .setConfigHash(configHash)
                    .setN(m.n())
                    .setExcluded(m.excluded())
                    .setMonotonicity(m.monotonicity())
                    .setTauB(m.tauB())
                    .setSpearman(m.spearman())
                    .setSlope(m.slope())
                    .setSlopeSign(m.slopeSign())
                    .setR2(m.r2())
                    .setBestAccMean(best == null ? null : best.mean())
                    .setBestAccStd(best == null ? null : best.std())
                    .setBestPercentileMean(pct == null ? null : pct.mean())
                    .setRuns(runs)
                    .setMeanMillis(cost.n() == 0 ? null : cost.mean())
                    .setMedianMillis(cost.n() == 0 ? null : cost.median())
                    .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
                    .build();
        }
        return out;
    }

    /** Run r = positions (into the set) of the points whose run ids contain r; runs in ascending id order. */
    static int[][] runs(Point[] pts, int[] set) {
        int pairs = 0;
        for (int p : set) pairs += pts[p].runIds().length;
        if (pairs == 0) return new int[0][];
        long[] pr = new long[pairs];
        int k = 0;
        for (int i = 0; i < set.length; i++) {
            for (int r : pts[set[i]].runIds()) pr[k++] = ((long) r << 32) | i;
        }
        Arrays.sort(pr);
        List<int[]> out = new ArrayList<>();
        int start = 0;
        while (start < pairs) {
            int run = (int) (pr[start] >> 32);
            int end = start;
            while (end < pairs && (int) (pr[end] >> 32) == run) end++;
            int[] positions = new int[end - start];
            for (int j = start; j < end; j++) positions[j - start] = (int) pr[j];
            out.add(positions);
            start = end;
        }
        return out.toArray(new int[0][]);
    }

    /** The configuration hash of the set; several (an experiment mixing configurations) are listed, sorted, with ','. */
    private static String configHash(Point[] pts, int[] set) {
        String first = pts[set[0]].configHash();
        TreeSet<String> all = null;
        for (int p : set) {
            String h = pts[p].configHash();
            if (!h.equals(first)) {
                if (all == null) { all = new TreeSet<>(); all.add(first); }
                all.add(h);
            }
        }
        return all == null ? first : String.join(",", all);
    }

    private static boolean sortedByArch(Point[] pts) {
        for (int i = 1; i < pts.length; i++) if (pts[i - 1].archIndex() > pts[i].archIndex()) return false;
        return true;
    }
}
