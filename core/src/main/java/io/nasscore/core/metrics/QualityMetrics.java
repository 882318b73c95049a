package io.nasscore.core.metrics;

import java.util.EnumMap;
import java.util.Map;

/**
 * Every correlation metric of scores.md section 5 for one set of architectures and one {@link Subset}.
 *
 * <p>Points whose score or accuracy is NaN or infinite are dropped first and counted in {@code excluded}
 * (the same count for both subsets: it describes the input set). The above-median subset is then taken
 * among the remaining points: scores strictly greater than their median. Degenerate sets (n &lt; 2, a
 * constant score or accuracy) give NaN metrics, never an exception. Cost: O(n log n), a few arrays of n.
 *
 * @param subset       which subset these numbers describe
 * @param n            points in the subset
 * @param excluded     points of the input dropped for a non-finite score or accuracy
 * @param monotonicity |Kendall tau-a| (the paper's metric)
 * @param tauA         signed Kendall tau-a (monotonicity without the absolute value)
 * @param tauB         Kendall tau-b
 * @param spearman     Spearman rho with average ranks
 * @param slope        |OLS slope| of ln(1 - s) against accuracy
 * @param slopeSign    the sign of that slope: -1, 0 (also when undefined) or +1
 * @param r2           R² of that fit
 */
public record QualityMetrics(Subset subset, int n, int excluded, double monotonicity, double tauA, double tauB,
                             double spearman, double slope, int slopeSign, double r2) {

    /** The metrics of one subset. Arrays are read, never modified. */
    public static QualityMetrics compute(double[] score, double[] accuracy, Subset subset) {
        Sorting.checkSameLength("quality metrics", score.length, accuracy.length);
        int[] kept = finitePositions(score, accuracy);
        int excluded = score.length - kept.length;
        if (subset == Subset.ABOVE_MEDIAN) kept = aboveMedian(score, kept);
        double[] s = gather(score, kept);
        double[] y = gather(accuracy, kept);
        return ofFinite(subset, s, y, excluded);
    }

    /** The metrics of every subset, in {@link Subset} order. */
    public static Map<Subset, QualityMetrics> computeAll(double[] score, double[] accuracy) {
        Map<Subset, QualityMetrics> out = new EnumMap<>(Subset.class);
        for (Subset subset : Subset.values()) out.put(subset, compute(score, accuracy, subset));
        return out;
    }

    /**
     * Positions (into {@code score}) of the points whose score is strictly greater than the median score of
     * the set (median of an even count = mean of the two middle values). Non-finite scores are ignored (not
     * part of the set, never returned). Ascending positions.
     */
    public static int[] aboveMedian(double[] score) {
        int[] finite = new int[score.length];
        int m = 0;
        for (int i = 0; i < score.length; i++) {
            if (Double.isFinite(score[i])) finite[m++] = i;
        }
        return aboveMedian(score, java.util.Arrays.copyOf(finite, m));
    }

    private static int[] aboveMedian(double[] score, int[] positions) {
        double median = Stats.median(gather(score, positions));
        int[] out = new int[positions.length];
        int m = 0;
        for (int p : positions) {
            if (score[p] > median) out[m++] = p;
        }
        return java.util.Arrays.copyOf(out, m);
    }

    private static QualityMetrics ofFinite(Subset subset, double[] s, double[] y, int excluded) {
        int n = s.length;
        RankCorrelation.PairCounts counts = RankCorrelation.pairCounts(s, y);
        double tauA = counts.tauA();
        Slope.SlopeFit fit = Slope.fit(s, y);
        return new QualityMetrics(subset, n, excluded, Math.abs(tauA), tauA, counts.tauB(),
                RankCorrelation.spearman(s, y), fit.abs(), fit.sign(), fit.r2());
    }

    private static int[] finitePositions(double[] score, double[] accuracy) {
        int[] out = new int[score.length];
        int m = 0;
        for (int i = 0; i < score.length; i++) {
            if (Double.isFinite(score[i]) && Double.isFinite(accuracy[i])) out[m++] = i;
        }
        return m == out.length ? out : java.util.Arrays.copyOf(out, m);
    }

    private static double[] gather(double[] v, int[] positions) {
        double[] out = new double[positions.length];
        for (int i = 0; i < positions.length; i++) out[i] = v[positions[i]];
        return out;
    }
}
