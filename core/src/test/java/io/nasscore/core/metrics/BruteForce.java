package io.nasscore.core.metrics;

/** O(n²) textbook definitions, written independently of the production code, used as oracles. */
final class BruteForce {
    private BruteForce() {}

    static double tauA(double[] x, double[] y) {
        int n = x.length;
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) s += (long) Math.signum((x[i] - x[j]) * (y[i] - y[j]));
        }
        return s / (n * (n - 1) / 2.0);
    }

    static double tauB(double[] x, double[] y) {
        int n = x.length;
        long s = 0;
        long tx = 0;
        long ty = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s += (long) Math.signum((x[i] - x[j]) * (y[i] - y[j]));
                if (x[i] == x[j]) tx++;
                if (y[i] == y[j]) ty++;
            }
        }
        double n0 = n * (n - 1) / 2.0;
        return s / Math.sqrt((n0 - tx) * (n0 - ty));
    }

    /** rank_i = 1 + #(v_j < v_i) + (#(v_j == v_i, j != i)) / 2. */
    static double[] averageRanks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int less = 0;
            int equal = 0;
            for (int j = 0; j < v.length; j++) {
                if (v[j] < v[i]) less++;
                else if (v[j] == v[i] && j != i) equal++;
            }
            r[i] = 1 + less + equal / 2.0;
        }
        return r;
    }

    static double spearman(double[] x, double[] y) {
        double[] rx = averageRanks(x);
        double[] ry = averageRanks(y);
        int n = x.length;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            sx += rx[i]; sy += ry[i];
            sxx += rx[i] * rx[i]; syy += ry[i] * ry[i]; sxy += rx[i] * ry[i];
        }
        double cov = sxy - sx * sy / n;
        return cov / Math.sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
    }
}
