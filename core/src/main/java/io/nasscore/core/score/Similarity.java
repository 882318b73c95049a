package io.nasscore.core.score;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

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

    /** Columns per cache block of the Gram kernel: 256 rows x 256 floats stay in a 1 MB L2. */
    private static final int COLUMN_BLOCK = 256;
    /** n² · cols above which the Gram kernel runs on the common fork-join pool (the passes are idle meanwhile). */
    private static final long PARALLEL_WORK = 8L << 20;

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
     * Eigenvalues of a symmetric n x n matrix stored row-major (the array is overwritten), from EJML's
     * symmetric QR algorithm; negative values (rounding on a positive semi-definite matrix) become 0.
     */
    public static double[] symmetricEigenvalues(double[] matrix, int n) {
        for (double v : matrix) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("a " + n + "x" + n + " similarity matrix has a non-finite entry (NaN or infinite gradients)");
            }
        }
        double[] copy = matrix.clone();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        double[] out = new double[n];
        if (eig.decompose(DMatrixRMaj.wrap(n, n, matrix))) {
            for (int i = 0; i < n; i++) out[i] = eig.getEigenvalue(i).getReal();
        } else {
            // EJML's implicit QR gives up on some exactly structured matrices (seen on 16 x 16 correlation
            // matrices of real gradients); cyclic Jacobi always converges on a symmetric matrix
            out = jacobiEigenvalues(copy, n);
        }
        for (int i = 0; i < n; i++) out[i] = out[i] > 0 ? out[i] : 0.0;
        return out;
    }

    /** Eigenvalues of a symmetric row-major matrix (overwritten) by cyclic Jacobi rotations. */
    static double[] jacobiEigenvalues(double[] a, int n) {
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0.0;
            double diag = 0.0;
            for (int i = 0; i < n; i++) {
                diag += a[i * n + i] * a[i * n + i];
                for (int j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
            }
            if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p * n + q];
                    if (Math.abs(apq) < 1e-300) continue;
                    double app = a[p * n + p];
                    double aqq = a[q * n + q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k * n + p];
                        double akq = a[k * n + q];
                        a[k * n + p] = c * akp - sn * akq;
                        a[k * n + q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p * n + k];
                        double aqk = a[q * n + k];
                        a[p * n + k] = c * apk - sn * aqk;
                        a[q * n + k] = sn * apk + c * aqk;
                    }
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = a[i * n + i];
        return out;
    }

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
        int[] off = usableRowOffsets(data, rows, cols);
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
        gram(data, off, cols, g);
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

    /** Start offsets of the rows that are not constant (a row is degenerate when every value equals its first). */
    static int[] usableRowOffsets(float[] a, int rows, int cols) {
        int[] off = new int[rows];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float first = a[o];
            for (int k = 1; k < cols; k++) {
                if (a[o + k] != first) {
                    off[n++] = o;
                    break;
                }
            }
        }
        return n == rows ? off : Arrays.copyOf(off, n);
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

    /**
     * The symmetric n x n Gram matrix g_ij = Σ_k a[off_i + k] a[off_j + k], accumulated in double over 256-column
     * blocks with 4 x 4 register tiles on the upper triangle.
     */
    static void gram(float[] a, int[] off, int cols, double[] g) {
        int n = off.length;
        Arrays.fill(g, 0, n * n, 0.0);
        int[] order = balancedTileOrder(n);
        boolean parallel = parallel(n, cols);
        for (int k0 = 0; k0 < cols; k0 += COLUMN_BLOCK) {
            final int from = k0;
            final int to = Math.min(cols, k0 + COLUMN_BLOCK);
            IntConsumer rowOfTiles = t -> {
                int i = order[t] * 4;
                for (int j = i; j < n; j += 4) {
                    if (i + 4 <= n && j + 4 <= n) {
                        tile(a, off, from, to, i, j, n, g);
                    } else {
                        edge(a, off, from, to, i, j, n, g);
                    }
                }
            };
            if (parallel) {
                IntStream.range(0, order.length).parallel().forEach(rowOfTiles);
            } else {
                for (int t = 0; t < order.length; t++) rowOfTiles.accept(t);
            }
        }
        mirror(g, n);
    }

    private static void tile(float[] a, int[] off, int k0, int k1, int i, int j, int n, double[] g) {
        int oa0 = off[i], oa1 = off[i + 1], oa2 = off[i + 2], oa3 = off[i + 3];
        int ob0 = off[j], ob1 = off[j + 1], ob2 = off[j + 2], ob3 = off[j + 3];
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int k = k0; k < k1; k++) {
            double a0 = a[oa0 + k], a1 = a[oa1 + k], a2 = a[oa2 + k], a3 = a[oa3 + k];
            double b0 = a[ob0 + k], b1 = a[ob1 + k], b2 = a[ob2 + k], b3 = a[ob3 + k];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        int r0 = i * n + j, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
        g[r0] += c00; g[r0 + 1] += c01; g[r0 + 2] += c02; g[r0 + 3] += c03;
        g[r1] += c10; g[r1 + 1] += c11; g[r1 + 2] += c12; g[r1 + 3] += c13;
        g[r2] += c20; g[r2 + 1] += c21; g[r2 + 2] += c22; g[r2 + 3] += c23;
        g[r3] += c30; g[r3 + 1] += c31; g[r3 + 2] += c32; g[r3 + 3] += c33;
    }

    private static void edge(float[] a, int[] off, int k0, int k1, int i, int j, int n, double[] g) {
        int iEnd = Math.min(n, i + 4);
        int jEnd = Math.min(n, j + 4);
        for (int r = i; r < iEnd; r++) {
            int or = off[r];
            for (int c = Math.max(j, r); c < jEnd; c++) {
                int oc = off[c];
                double acc = 0.0;
                for (int k = k0; k < k1; k++) acc += (double) a[or + k] * a[oc + k];
                g[r * n + c] += acc;
            }
        }
    }

    /**
     * The 4-row tile rows of the upper triangle in an order that pairs long rows with short ones (0, T-1, 1, T-2,
     * ...), so that the two halves a parallel stream splits into carry about the same work.
     */
    private static int[] balancedTileOrder(int n) {
        int tiles = (n + 3) / 4;
        int[] order = new int[tiles];
        int lo = 0;
        int hi = tiles - 1;
        for (int t = 0; t < tiles; t++) order[t] = (t % 2 == 0) ? lo++ : hi--;
        return order;
    }

    /** Worth splitting over the common fork-join pool: about 4 million multiply-adds or more. */
    private static boolean parallel(int n, int cols) {
        return (long) n * n * cols >= PARALLEL_WORK && Runtime.getRuntime().availableProcessors() > 1;
    }

    /** Copies the upper triangle onto the lower one. */
    private static void mirror(double[] g, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) g[j * n + i] = g[i * n + j];
        }
    }

    private static double clamp01(double v) {
        if (Double.isNaN(v)) return v;
        return v < 0 ? 0.0 : (v > 1 ? 1.0 : v);
    }
}
