package io.nasscore.core.score;

/**
 * The two similarities of a matrix (scores.md section 3), in float64: the eigenvalue similarity of the
 * Pearson correlation matrix of the rows (the paper's JS) and the cosine similarity of the rows (JSC).
 *
 * <p>The matrix is read in place, row-major, from a flat array of {@code rows x cols} values (the
 * {@code float[]} a DJL gradient gives, or a {@code double[]}): it is never copied. Rows whose values are
 * all equal are degenerate and dropped first; with fewer than 2 usable rows the similarity is undefined and
 * its value is 0. Centring and scaling are folded into the Gram products: for the correlation matrix
 * {@code C_ij = Σ_k (a_ik - m_i)(a_jk - m_j) / (‖a_i - m_i‖ ‖a_j - m_j‖)}, for the cosine matrix
 * {@code P_ij = Σ_k a_ik a_jk / (‖a_i‖ ‖a_j‖)}. One Gram matrix serves both similarities (the centred products are
 * derived from it); it comes from a cache-blocked, register-tiled kernel (4 x 4 output tiles, 256-column blocks,
 * upper triangle only, accumulated in float64) that splits large matrices over the common fork-join pool: about
 * 20 ms for a 256 x 3072 matrix.
 */
public final class Similarity {

    /** k in f(σ) = ln(σ + k) + 1 / (σ + k). */
    public static final double K = 1e-5;
    /** The exponent applied to |P_ij| in the cosine similarity. */
    public static final double COSINE_POWER = 1.0 / 20.0;

    private Similarity() {}

    /** How a raw eigenvalue score becomes a value in [0, 1]. */
    @FunctionalInterface
    public interface Scale {
        /** Maps a raw value computed on n usable rows to [0, 1]. */
        double normalise(double raw, int n);
    }

    /** The default: {@code (raw - L_n) / (U_n - L_n)}. */
    public static final Scale BOUNDS = Similarity::normaliseBounds;

    /** {@code (raw - min) / (max - min)} over a calibration range, clipped to [0, 1]. */
    public static Scale minmax(double min, double max) {
        if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("minmax calibration needs finite min < max, got min=" + min + ", max=" + max);
        }
        return (raw, n) -> normaliseMinMax(raw, min, max);
    }

    /**
     * The similarities of one matrix.
     *
     * @param rows rows of the matrix
     * @param usableRows rows left after dropping the degenerate ones (n)
     * @param eigenRaw {@code -Σ f(σ_i)}; NaN when not computed or undefined
     * @param eigen the bounds-normalised eigenvalue similarity; 0 when undefined, NaN when not computed
     * @param cosine the cosine similarity; 0 when undefined, NaN when not computed
     */
    public record Result(int rows, int usableRows, double eigenRaw, double eigen, double cosine) {

        /** Whether at least 2 usable rows remained. */
        public boolean defined() { return usableRows >= 2; }

        public int degenerateRows() { return rows - usableRows; }

        /** The eigenvalue similarity under a normalisation: 0 when undefined. */
        public double eigen(Scale scale) {
            if (!defined()) return 0.0;
            if (Double.isNaN(eigenRaw)) return Double.NaN;
            return scale.normalise(eigenRaw, usableRows);
        }
    }

    // ------------------------------------------------------------------------------------------- formulas

    /** f(σ) = ln(σ + k) + 1 / (σ + k). */
    public static double f(double sigma) {
        double s = sigma + K;
        return Math.log(s) + 1.0 / s;
    }

    /** L_n = -f(n) - (n - 1) f(0): the raw value of n perfectly correlated rows (rank 1). */
    public static double lowerBound(int n) { return -f(n) - (n - 1) * f(0); }

    /** U_n = -n f(1): the raw value of n uncorrelated rows (C = I). */
    public static double upperBound(int n) { return -n * f(1); }

    /** (raw - L_n) / (U_n - L_n), clamped to [0, 1] (only rounding can leave the interval). */
    public static double normaliseBounds(double raw, int n) {
        if (n < 2) throw new IllegalArgumentException("the eigenvalue similarity needs n >= 2 rows, got " + n);
        double lo = lowerBound(n);
        double hi = upperBound(n);
        return clamp01((raw - lo) / (hi - lo));
    }

    /** (raw - min) / (max - min), clipped to [0, 1]. */
    public static double normaliseMinMax(double raw, double min, double max) {
        return clamp01((raw - min) / (max - min));
    }

    /** raw = -Σ f(σ_i) over eigenvalues already clamped at 0. */
    public static double eigenRaw(double[] eigenvalues) {
        double sum = 0.0;
        for (double s : eigenvalues) sum += f(s);
        return -sum;
    }

    /**
     * Eigenvalues of a symmetric n x n matrix stored row-major (the array is overwritten); negative values
     * (rounding on a positive semi-definite matrix) become 0. See {@link Eigenvalues#symmetric}.
     */
    public static double[] symmetricEigenvalues(double[] matrix, int n) { return Eigenvalues.symmetric(matrix, n); }

    /** Eigenvalues of a symmetric row-major matrix (overwritten) by cyclic Jacobi rotations. */
    static double[] jacobiEigenvalues(double[] a, int n) { return Eigenvalues.jacobi(a, n); }

    /** 1 - (1 / (n² - n)) Σ_{i≠j} |P_ij|^(1/20) of a symmetric row-major n x n matrix P. */
    public static double cosineOfGram(double[] p, int n) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = i + 1; j < n; j++) sum += Math.pow(Math.abs(p[row + j]), COSINE_POWER);
        }
        return clamp01(1.0 - 2.0 * sum / ((double) n * n - n));
    }

    // ------------------------------------------------------------------------------------------- entry points

    /**
     * Both similarities of a matrix given as rows (a convenience for tests and small inputs), its values rounded to
     * float32: the precision of the Jacobians the scorer passes, and of the one implementation of the arithmetic.
     */
    public static Result of(double[][] m) {
        int rows = m.length;
        int cols = rows == 0 ? 0 : m[0].length;
        float[] flat = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            if (m[i].length != cols) throw new IllegalArgumentException("row " + i + " has " + m[i].length + " values, expected " + cols);
            for (int k = 0; k < cols; k++) flat[i * cols + k] = (float) m[i][k];
        }
        return of(flat, rows, cols, true, true);
    }

    /** The requested similarities of the row-major rows x cols matrix in {@code data} (read in place). */
    public static Result of(float[] data, int rows, int cols, boolean eigen, boolean cosine) {
        checkSize(data.length, rows, cols);
        int[] off = GramKernel.usableRowOffsets(data, rows, cols);
        int n = off.length;
        if (n < 2) return undefined(rows, n, eigen, cosine);
        double[] mean = new double[n];
        double[] centredSq = new double[n];
        double[] rawSq = new double[n];
        for (int r = 0; r < n; r++) {
            int o = off[r];
            double sum = 0.0;
            double sq = 0.0;
            for (int k = 0; k < cols; k++) {
                double v = data[o + k];
                sum += v;
                sq += v * v;
            }
            double m = sum / cols;
            double q = 0.0;
            for (int k = 0; k < cols; k++) {
                double d = data[o + k] - m;
                q += d * d;
            }
            mean[r] = m;
            centredSq[r] = q;
            rawSq[r] = sq;
        }
        double[] g = new double[n * n];
        GramKernel.gram(data, off, cols, g);
        double c = cosine ? cosineOfRawGram(eigen ? g.clone() : g, rawSq, n) : Double.NaN;
        if (!eigen) return new Result(rows, n, Double.NaN, Double.NaN, c);
        centre(g, mean, cols, n);
        for (int i = 0; i < n; i++) {
            if (!nearlyConstant(mean[i], centredSq[i], cols)) continue;
            for (int j = 0; j < n; j++) { // recompute this row's centred products directly
                double acc = 0.0;
                int oi = off[i];
                int oj = off[j];
                for (int k = 0; k < cols; k++) acc += (data[oi + k] - mean[i]) * (data[oj + k] - mean[j]);
                g[i * n + j] = acc;
                g[j * n + i] = acc;
            }
        }
        double raw = eigenRawOfCentredGram(g, centredSq, n);
        return new Result(rows, n, raw, normaliseBounds(raw, n), c);
    }

    /*
     * One Gram matrix serves both similarities. The cosine matrix is g_ij / (|a_i| |a_j|); the correlation matrix
     * takes the centred products g_ij - cols m_i m_j over the two-pass centred norms. That subtraction loses
     * float64 digits in proportion to (mean / spread)² of a row: far below the float32 rounding of the input for
     * ordinary rows, so only rows whose mean exceeds their spread a thousand-fold (nearly constant rows) get their
     * centred products recomputed directly. The choice depends on the data only, so a similarity's value never
     * depends on whether the other one was asked for.
     */

    /** cols · mean² > 1e6 · Σ (a - mean)²: the row's mean exceeds its spread about a thousand-fold. */
    private static boolean nearlyConstant(double mean, double centredSq, int cols) {
        return cols * mean * mean > 1e6 * centredSq;
    }

    /** g_ij -= cols m_i m_j. */
    private static void centre(double[] g, double[] mean, int cols, int n) {
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double mi = cols * mean[i];
            for (int j = 0; j < n; j++) g[row + j] -= mi * mean[j];
        }
    }

    private static double cosineOfRawGram(double[] p, double[] rawSq, int n) {
        scaleToUnitDiagonal(p, rawSq, n);
        double c = cosineOfGram(p, n);
        if (Double.isNaN(c)) {
            throw new IllegalArgumentException("a " + n + "x" + n + " similarity matrix has a non-finite entry (NaN or infinite gradients)");
        }
        return c;
    }

    private static double eigenRawOfCentredGram(double[] g, double[] centredSq, int n) {
        scaleToUnitDiagonal(g, centredSq, n);
        return eigenRaw(symmetricEigenvalues(g, n));
    }

    /** The result of a matrix with fewer than 2 usable rows: value 0 for what was asked, NaN raw. */
    public static Result undefined(int rows, int usableRows, boolean eigen, boolean cosine) {
        return new Result(rows, usableRows, Double.NaN, eigen ? 0.0 : Double.NaN, cosine ? 0.0 : Double.NaN);
    }

    // ------------------------------------------------------------------------------------------- internals

    private static void checkSize(int length, int rows, int cols) {
        if (rows < 0 || cols < 1 || (long) rows * cols != length) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs " + ((long) rows * cols)
                    + " values, got " + length);
        }
    }

    /** g_ij /= sqrt(ss_i ss_j), with the diagonal set to exactly 1 (each row has unit norm). */
    private static void scaleToUnitDiagonal(double[] g, double[] ss, int n) {
        double[] inv = new double[n];
        for (int i = 0; i < n; i++) inv[i] = 1.0 / Math.sqrt(ss[i]);
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) g[row + j] *= inv[i] * inv[j];
            g[row + i] = 1.0;
        }
    }

    private static double clamp01(double v) {
        if (Double.isNaN(v)) return v;
        return v < 0 ? 0.0 : (v > 1 ? 1.0 : v);
    }
}
