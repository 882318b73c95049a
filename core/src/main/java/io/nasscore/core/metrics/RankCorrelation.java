package io.nasscore.core.metrics;

/**
 * Rank correlations between a score and an accuracy: Kendall tau-a and tau-b in O(n log n) (Knight's
 * merge-sort algorithm with tie counting) and Spearman rho on average ranks.
 *
 * <p>Every method returns NaN when a value is NaN or infinite, when n &lt; 2, or when either variable has
 * zero variance (all values equal); it never throws for such inputs. Arrays of different lengths throw
 * {@link IllegalArgumentException}.
 */
public final class RankCorrelation {
    private RankCorrelation() {}

    /**
     * The pair counts of n points, from which tau-a and tau-b follow.
     *
     * @param n          number of points
     * @param pairs      n(n-1)/2
     * @param tiedX      pairs with x_i == x_j (including those also tied in y)
     * @param tiedY      pairs with y_i == y_j (including those also tied in x)
     * @param tiedBoth   pairs tied in both
     * @param discordant pairs with (x_i - x_j)(y_i - y_j) &lt; 0
     */
    public record PairCounts(int n, long pairs, long tiedX, long tiedY, long tiedBoth, long discordant) {
        /** Pairs with (x_i - x_j)(y_i - y_j) &gt; 0. */
        public long concordant() { return pairs - tiedX - tiedY + tiedBoth - discordant; }

        /** S = concordant - discordant = the sum over pairs of sign((x_i - x_j)(y_i - y_j)). */
        public long s() { return concordant() - discordant; }

        /** S / (n(n-1)/2); NaN for n &lt; 2 or when either variable is constant. */
        public double tauA() {
            if (pairs == 0 || tiedX == pairs || tiedY == pairs) return Double.NaN;
            return (double) s() / pairs;
        }

        /** S / sqrt((pairs - tiedX)(pairs - tiedY)); NaN for n &lt; 2 or when either variable is constant. */
        public double tauB() {
            if (pairs == 0 || tiedX == pairs || tiedY == pairs) return Double.NaN;
            return s() / Math.sqrt((double) (pairs - tiedX) * (double) (pairs - tiedY));
        }
    }

    /**
     * Counts the pairs of (x, y) in O(n log n). Returns null when a value is NaN or infinite (the callers
     * turn that into NaN).
     */
    public static PairCounts pairCounts(double[] x, double[] y) {
        Sorting.checkSameLength("kendall", x.length, y.length);
        if (!Sorting.allFinite(x) || !Sorting.allFinite(y)) return null;
        int n = x.length;
        long pairs = (long) n * (n - 1) / 2;
        if (n < 2) return new PairCounts(n, pairs, 0, 0, 0, 0);
        int[] perm = Sorting.identity(n);
        int[] buf = new int[n];
        // 1. sort by (x, y): runs of equal x give the x ties, and within them runs of equal y the joint ties
        Sorting.mergeSort(perm, buf, x, y);
        long tiedX = 0;
        long tiedBoth = 0;
        int i = 0;
        while (i < n) {
            int j = i + 1;
            double xv = x[perm[i]];
            while (j < n && x[perm[j]] == xv) j++;
            tiedX += choose2(j - i);
            int k = i;
            while (k < j) {
                int m = k + 1;
                double yv = y[perm[k]];
                while (m < j && y[perm[m]] == yv) m++;
                tiedBoth += choose2(m - k);
                k = m;
            }
            i = j;
        }
        // 2. re-sort by y (stable): each strict inversion is a pair ordered one way in x and the other in y.
        // Pairs tied in x are already in y order inside their run, and pairs tied in y are not inversions.
        long discordant = Sorting.mergeSort(perm, buf, y, null);
        long tiedY = 0;
        i = 0;
        while (i < n) {
            int j = i + 1;
            double yv = y[perm[i]];
            while (j < n && y[perm[j]] == yv) j++;
            tiedY += choose2(j - i);
            i = j;
        }
        return new PairCounts(n, pairs, tiedX, tiedY, tiedBoth, discordant);
    }

    /** Kendall tau-a: 2 / (n² - n) · Σ_{i&lt;j} sign((x_i - x_j)(y_i - y_j)); ties contribute 0. */
    public static double tauA(double[] x, double[] y) {
        PairCounts c = pairCounts(x, y);
        return c == null ? Double.NaN : c.tauA();
    }

    /** The paper's monotonicity: |tau-a|. */
    public static double monotonicity(double[] score, double[] accuracy) {
        return Math.abs(tauA(score, accuracy));
    }

    /** Kendall tau-b (the figure scipy.stats.kendalltau reports). */
    public static double tauB(double[] x, double[] y) {
        PairCounts c = pairCounts(x, y);
        return c == null ? Double.NaN : c.tauB();
    }

    /** Spearman rho: the Pearson correlation of the average ranks (ties share the mean of their ranks). */
    public static double spearman(double[] x, double[] y) {
        Sorting.checkSameLength("spearman", x.length, y.length);
        int n = x.length;
        if (n < 2 || !Sorting.allFinite(x) || !Sorting.allFinite(y)) return Double.NaN;
        int[] perm = new int[n];
        int[] buf = new int[n];
        double[] rx = new double[n];
        double[] ry = new double[n];
        Sorting.averageRanks(x, rx, perm, buf);
        Sorting.averageRanks(y, ry, perm, buf);
        return pearson(rx, ry);
    }

    /** Pearson correlation (two-pass); NaN for n &lt; 2, a non-finite value or a constant variable. */
    public static double pearson(double[] x, double[] y) {
        Sorting.checkSameLength("pearson", x.length, y.length);
        int n = x.length;
        if (n < 2 || Sorting.isConstant(x) || Sorting.isConstant(y)) return Double.NaN;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        double r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
        if (Double.isNaN(r)) return Double.NaN;
        return Math.max(-1.0, Math.min(1.0, r));
    }

    private static long choose2(long t) { return t * (t - 1) / 2; }
}
