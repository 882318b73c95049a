package io.nasscore.core.metrics;

/**
 * The paper's slope: ordinary least squares of y' = ln(1 - s) against x = accuracy (percent), with s capped
 * at {@link #CAP} = 1 - 1e-15 so that a score of exactly 1 (or above) stays finite.
 *
 * <p>A good score rises towards 1 with accuracy, so ln(1 - s) falls: the slope is usually negative; the
 * report shows |slope| and its sign separately.
 */
public final class Slope {
    /** Scores are capped at this value before ln(1 - s): s = min(s, 1 - 1e-15). */
    public static final double CAP = 1 - 1e-15;

    private Slope() {}

    /**
     * One fit.
     *
     * @param n         points used
     * @param slope     the signed OLS slope d ln(1 - s) / d accuracy (NaN when undefined)
     * @param intercept the OLS intercept (NaN when undefined)
     * @param r2        the coefficient of determination (NaN when undefined)
     */
    public record SlopeFit(int n, double slope, double intercept, double r2) {
        /** |slope|: what the paper reports. */
        public double abs() { return Math.abs(slope); }

        /** -1, 0 or +1; 0 when the slope is NaN or exactly 0. */
        public int sign() { return Double.isNaN(slope) ? 0 : (int) Math.signum(slope); }

        /** A fit with every number NaN. */
        public static SlopeFit undefined(int n) { return new SlopeFit(n, Double.NaN, Double.NaN, Double.NaN); }
    }

    /** y' = ln(1 - min(s, CAP)); finite for every finite s (NaN stays NaN, -inf gives +inf). */
    public static double transform(double score) {
        return Math.log(1 - Math.min(score, CAP));
    }

    /**
     * Fits ln(1 - score) against accuracy. NaN fit (with n = the number of points) when n &lt; 2, when a value
     * is NaN or infinite, or when either variable is constant (zero variance).
     */
    public static SlopeFit fit(double[] score, double[] accuracy) {
        Sorting.checkSameLength("slope", score.length, accuracy.length);
        int n = score.length;
        if (n < 2) return SlopeFit.undefined(n);
        double y0 = transform(score[0]);
        boolean yConstant = true;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            double x = accuracy[i];
            double y = transform(score[i]);
            if (!Double.isFinite(x) || !Double.isFinite(y)) return SlopeFit.undefined(n);
            if (y != y0) yConstant = false;
            mx += x;
            my += y;
        }
        if (yConstant || Sorting.isConstant(accuracy)) return SlopeFit.undefined(n);
        mx /= n;
        my /= n;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = accuracy[i] - mx;
            double dy = transform(score[i]) - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        return fromMoments(n, mx, my, sxx, syy, sxy);
    }

    /** The fit from centred sums (shared with {@link SlopeAccumulator}). */
    static SlopeFit fromMoments(int n, double mx, double my, double sxx, double syy, double sxy) {
        double slope = sxy / sxx;
        double r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
        double r2 = Math.min(1.0, r * r);
        if (!Double.isFinite(slope) || Double.isNaN(r2)) return SlopeFit.undefined(n);
        return new SlopeFit(n, slope, my - slope * mx, r2);
    }
}
