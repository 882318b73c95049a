package io.nasscore.core.metrics;

/**
 * Best-architecture percentile: 100 · (number of architectures of the sample scored strictly higher than the
 * most accurate architecture) / n. 0 means the score ranks the best architecture first; the paper reports
 * 1.6 for WPJS/WPJSI against 30.8 for JS.
 *
 * <p>Points whose score or accuracy is NaN or infinite are excluded (they are neither the most accurate
 * architecture nor counted above it) and n is the number of remaining points. If several architectures
 * share the top accuracy, the one with the LOWEST architecture index is "the most accurate" (a fixed,
 * order-independent choice; any other tied one could give a different percentile). Architectures whose
 * score equals its score are not counted (strictly higher only).
 */
public final class BestPercentile {
    private BestPercentile() {}

    /** The array position of the most accurate usable architecture (ties: lowest index), or -1. */
    public static int mostAccuratePosition(int[] indices, double[] scores, double[] accuracies) {
        Sorting.checkSameLength("best percentile (indices, scores)", indices.length, scores.length);
        Sorting.checkSameLength("best percentile (indices, accuracies)", indices.length, accuracies.length);
        int best = -1;
        for (int i = 0; i < indices.length; i++) {
            double a = accuracies[i];
            if (!Double.isFinite(a) || !Double.isFinite(scores[i])) continue;
            if (best < 0 || a > accuracies[best] || (a == accuracies[best] && indices[i] < indices[best])) best = i;
        }
        return best;
    }

    /** The percentile of one run, in [0, 100); NaN when no point is usable. O(n). */
    public static double percentile(int[] indices, double[] scores, double[] accuracies) {
        int best = mostAccuratePosition(indices, scores, accuracies);
        if (best < 0) return Double.NaN;
        double bestScore = scores[best];
        int n = 0;
        int higher = 0;
        for (int i = 0; i < indices.length; i++) {
            if (!Double.isFinite(scores[i]) || !Double.isFinite(accuracies[i])) continue;
            n++;
            if (scores[i] > bestScore) higher++;
        }
        return 100.0 * higher / n;
    }

    /** Mean and population std of the percentile over runs; runs with no usable point are excluded. */
    public static MeanStd overRuns(int[][] indices, double[][] scores, double[][] accuracies) {
        Sorting.checkSameLength("best percentile over runs (indices, scores)", indices.length, scores.length);
        Sorting.checkSameLength("best percentile over runs (indices, accuracies)", indices.length, accuracies.length);
        double[] perRun = new double[indices.length];
        for (int r = 0; r < indices.length; r++) perRun[r] = percentile(indices[r], scores[r], accuracies[r]);
        return MeanStd.of(perRun);
    }
}
