package io.nasscore.core.metrics;

/**
 * Best accuracy retrieved: in one run (a sample of architectures), the accuracy of the architecture with the
 * highest score; over runs, the mean and population standard deviation of that accuracy.
 *
 * <p>Points whose score is NaN or infinite are skipped (scores.md), and so are points whose accuracy is
 * unknown (NaN or infinite: nothing could be retrieved for them). Ties in the score go to the LOWER
 * architecture index (not the lower array position), so the result does not depend on the order of the run.
 */
public final class BestAccuracy {
    private BestAccuracy() {}

    /**
     * The array position of the retrieved architecture, or -1 when no point is usable.
     *
     * @param indices    NB201 indices of the run's architectures
     * @param scores     their scores (higher is better)
     * @param accuracies their ground-truth accuracies
     */
    public static int bestPosition(int[] indices, double[] scores, double[] accuracies) {
        Sorting.checkSameLength("best accuracy (indices, scores)", indices.length, scores.length);
        Sorting.checkSameLength("best accuracy (indices, accuracies)", indices.length, accuracies.length);
        int best = -1;
        for (int i = 0; i < indices.length; i++) {
            double s = scores[i];
            if (!Double.isFinite(s) || !Double.isFinite(accuracies[i])) continue;
            if (best < 0 || s > scores[best] || (s == scores[best] && indices[i] < indices[best])) best = i;
        }
        return best;
    }

    /** The accuracy of the retrieved architecture of one run; NaN when no point is usable. */
    public static double retrieved(int[] indices, double[] scores, double[] accuracies) {
        int p = bestPosition(indices, scores, accuracies);
        return p < 0 ? Double.NaN : accuracies[p];
    }

    /**
     * Mean and population std of the retrieved accuracy over runs ({@code indices[r]}, {@code scores[r]},
     * {@code accuracies[r]} describe run r). Runs with no usable point are counted in {@code excluded}.
     */
    public static MeanStd overRuns(int[][] indices, double[][] scores, double[][] accuracies) {
        Sorting.checkSameLength("best accuracy over runs (indices, scores)", indices.length, scores.length);
        Sorting.checkSameLength("best accuracy over runs (indices, accuracies)", indices.length, accuracies.length);
        double[] perRun = new double[indices.length];
        for (int r = 0; r < indices.length; r++) perRun[r] = retrieved(indices[r], scores[r], accuracies[r]);
        return MeanStd.of(perRun);
    }
}
