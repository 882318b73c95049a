package io.nasscore.core.proxy;

import io.nasscore.core.score.Similarity;

/**
 * AZ-NAS's per-architecture arithmetic (baselines.md §9.2), float64 on the host: the spectral entropy of a
 * feature map (expressivity), and the trainability term of one cell from its vector-Jacobian product.
 */
public final class AzMath {
    private AzMath() {}

    /**
     * H = −Σ_c p_c ln(p_c + 1e-8) of the eigenvalues λ (clamped at 0) of the channel covariance of a feature map
     * (N, C, H, W) in row-major order, one row per sample and position, columns centred; p = λ / Σλ. NaN when
     * Σλ = 0 (a map of zeros).
     */
    public static double entropy(double[] f, int n, int c, int hw) {
        long rows = (long) n * hw;
        double[] mean = new double[c];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int o = (b * c + ch) * hw;
                double s = 0;
                for (int q = 0; q < hw; q++) s += f[o + q];
                mean[ch] += s;
            }
        }
        for (int ch = 0; ch < c; ch++) mean[ch] /= rows;
        double[] cov = new double[c * c];
        double[] row = new double[c];
        for (int b = 0; b < n; b++) {
            for (int q = 0; q < hw; q++) {
                for (int ch = 0; ch < c; ch++) row[ch] = f[(b * c + ch) * hw + q] - mean[ch];
                for (int i = 0; i < c; i++) {
                    double ri = row[i];
                    if (ri == 0) continue;
                    int o = i * c;
                    for (int j = i; j < c; j++) cov[o + j] += ri * row[j];
                }
            }
        }
        for (int i = 0; i < c; i++) {
            for (int j = i; j < c; j++) {
                cov[i * c + j] /= rows;
                cov[j * c + i] = cov[i * c + j];
            }
        }
        for (double v : cov) if (!Double.isFinite(v)) return Double.NaN;
        double[] lambda = Similarity.symmetricEigenvalues(cov, c);
        double sum = 0;
        for (int i = 0; i < c; i++) {
            lambda[i] = Math.max(0, lambda[i]);
            sum += lambda[i];
        }
        double h = 0;
        for (double l : lambda) {
            double p = l / sum;
            h -= p * Math.log(p + 1e-8);
        }
        return h;
    }

    /**
     * t_i = −σ − 1/(σ + 1e-6) + 2 with σ the largest singular value of M = G_inᵀ G_out / (N H_o W_o), rows indexed
     * by (sample, position) (baselines.md §9.2). G_in (N, C_in, H_in, W_in) twice as large spatially as G_out
     * (N, C_o, H_o, W_o) is pixel-unshuffled by 2 first; −∞ when G_in equals G_out element for element.
     */
    public static double trainability(double[] gIn, int cIn, int hIn, int wIn, double[] gOut, int n, int cOut, int hOut, int wOut) {
        if (cIn == cOut && hIn == hOut && wIn == wOut && java.util.Arrays.equals(gIn, gOut)) return Double.NEGATIVE_INFINITY;
        int factor = hIn / hOut;
        if (factor * hOut != hIn || wIn != factor * wOut || (factor != 1 && factor != 2)) {
            throw new IllegalArgumentException("trainability: input map " + hIn + "x" + wIn + " does not match output map "
                    + hOut + "x" + wOut);
        }
        int c2 = cIn * factor * factor;
        int hw = hOut * wOut;
        double[] m = new double[c2 * cOut];
        double[] in = new double[c2];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < hOut; y++) {
                for (int x = 0; x < wOut; x++) {
                    // the unshuffled channel (c, dy, dx) at output position (y, x) is input pixel (c, factor y + dy, factor x + dx)
                    int k = 0;
                    for (int c = 0; c < cIn; c++) {
                        for (int dy = 0; dy < factor; dy++) {
                            for (int dx = 0; dx < factor; dx++) {
                                in[k++] = gIn[((b * cIn + c) * hIn + factor * y + dy) * wIn + factor * x + dx];
                            }
                        }
                    }
                    int q = y * wOut + x;
                    for (int i = 0; i < c2; i++) {
                        double a = in[i];
                        if (a == 0) continue;
                        int o = i * cOut;
                        for (int j = 0; j < cOut; j++) m[o + j] += a * gOut[(b * cOut + j) * hw + q];
                    }
                }
            }
        }
        double rows = (double) n * hw;
        for (int i = 0; i < m.length; i++) m[i] /= rows;
        // σ_max² = the largest eigenvalue of MᵀM (C_o x C_o)
        double[] mtm = new double[cOut * cOut];
        for (int i = 0; i < cOut; i++) {
            for (int j = i; j < cOut; j++) {
                double s = 0;
                for (int r = 0; r < c2; r++) s += m[r * cOut + i] * m[r * cOut + j];
                mtm[i * cOut + j] = s;
                mtm[j * cOut + i] = s;
            }
        }
        for (double v : mtm) if (!Double.isFinite(v)) return Double.NaN;
        double max = 0;
        for (double l : Similarity.symmetricEigenvalues(mtm, cOut)) max = Math.max(max, l);
        double sigma = Math.sqrt(max);
        return -sigma - 1 / (sigma + 1e-6) + 2;
    }

    /** NaN (e.g. Σλ = 0) becomes −∞ for E, P and T (baselines.md §9.2). */
    public static double orMinusInfinity(double v) { return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v; }
}
