package io.nasscore.core.score;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The Gram products behind both similarities ({@link Similarity}): which rows are usable, and the cache-blocked,
 * register-tiled kernel (4 x 4 output tiles, 256-column blocks, upper triangle only, accumulated in float64) that
 * splits large matrices over the common fork-join pool.
 */
final class GramKernel {
    /** Columns per cache block of the Gram kernel: 256 rows x 256 floats stay in a 1 MB L2. */
    private static final int COLUMN_BLOCK = 256;
    /** n² · cols above which the Gram kernel runs on the common fork-join pool (the passes are idle meanwhile). */
    private static final long PARALLEL_WORK = 8L << 20;

    private GramKernel() {}

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
}
