package io.nasscore.core.proxy;

import io.nasscore.core.space.Arch;
import io.nasscore.core.space.Op;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.LUDecomposition_F64;

/**
 * The host-side float64 arithmetic of the single-number proxies of baselines.md (grad_norm, snip, plain, l2_norm,
 * synflow, NASWOT, ZiCo) from the weights and gradients a pass produced. Pure arithmetic: the scorer runs the
 * passes, this class reduces them. Tensors are the conv and linear weights 𝒲 in section 6 order.
 */
public final class ProxyMath {
    private ProxyMath() {}

    /** grad_norm = Σ_W ‖g_W‖_F · scale (scale = 1/B turns summed-CE gradients into mean-CE units). */
    public static double gradNorm(List<double[]> grads, double scale) {
        double total = 0;
        for (double[] g : grads) {
            double ss = 0;
            for (double v : g) ss += v * v;
            total += Math.sqrt(ss);
        }
        return total * scale;
    }

    /** snip = Σ_W Σ_i |W_i g_i| · scale. */
    public static double snip(List<double[]> weights, List<double[]> grads, double scale) {
        double total = 0;
        for (int t = 0; t < weights.size(); t++) {
            double[] w = weights.get(t);
            double[] g = grads.get(t);
            for (int i = 0; i < w.length; i++) total += Math.abs(w[i] * g[i]);
        }
        return total * scale;
    }

    /** plain = Σ_W Σ_i W_i g_i · scale (signed). */
    public static double plain(List<double[]> weights, List<double[]> grads, double scale) {
        double total = 0;
        for (int t = 0; t < weights.size(); t++) {
            double[] w = weights.get(t);
            double[] g = grads.get(t);
            for (int i = 0; i < w.length; i++) total += w[i] * g[i];
        }
        return total * scale;
    }

    /** l2_norm = Σ_W ‖W‖_F. */
    public static double l2Norm(List<double[]> weights) {
        double total = 0;
        for (double[] w : weights) {
            double ss = 0;
            for (double v : w) ss += v * v;
            total += Math.sqrt(ss);
        }
        return total;
    }

    /** synflow's S = Σ_W Σ_i |W_i| ∂R/∂W_i (float64 weights and gradients of the BN-free |W| network). */
    public static double synflowSum(List<double[]> weights, List<double[]> grads) {
        double total = 0;
        for (int t = 0; t < weights.size(); t++) {
            double[] w = weights.get(t);
            double[] g = grads.get(t);
            for (int i = 0; i < w.length; i++) total += Math.abs(w[i]) * g[i];
        }
        return total;
    }

    /** ln S; S = 0 gives −∞ (baselines.md §4). */
    public static double synflow(double s) { return Math.log(s); }

    /**
     * ZiCo = Σ_W ln S_W with S_W = Σ_{j: σ_j ≠ 0} μ_j / σ_j, μ = (|g1| + |g2|)/2, σ = |g1 − g2|/2; a tensor with
     * S_W = 0 (no element varies) is skipped. Invariant to a common factor on both gradients.
     */
    public static double zico(List<double[]> g1, List<double[]> g2) {
        double total = 0;
        for (int t = 0; t < g1.size(); t++) {
            double[] a = g1.get(t);
            double[] b = g2.get(t);
            double s = 0;
            for (int j = 0; j < a.length; j++) {
                double sigma = Math.abs(a[j] - b[j]) / 2;
                if (sigma != 0) s += (Math.abs(a[j]) + Math.abs(b[j])) / 2 / sigma;
            }
            if (s > 0) total += Math.log(s);
        }
        return total;
    }

    /**
     * NASWOT's kernel K = 2G − s1ᵀ − 1sᵀ + N11ᵀ from G = Σ_r c_r c_rᵀ (B x B, row-major), s = Σ_r c_r 1 (active
     * units per sample) and N = Σ_r n_r (baselines.md §5): entry ij counts the units on which i and j agree.
     */
    public static double[] naswotKernel(double[] g, double[] s, double units, int b) {
        double[] k = new double[b * b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) k[i * b + j] = 2 * g[i * b + j] - s[i] - s[j] + units;
        }
        return k;
    }

    /** ln |det K| of a symmetric positive semi-definite matrix: Cholesky, LU when it fails, −∞ when singular. */
    public static double logAbsDet(double[] k, int n) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        a.setData(k.clone());
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (chol.decompose(a)) {
            DMatrixRMaj l = chol.getT(null);
            double sum = 0;
            boolean ok = true;
            for (int i = 0; i < n; i++) {
                double d = l.get(i, i);
                if (!(d > 0)) {
                    ok = false;
                    break;
                }
                sum += Math.log(d);
            }
            if (ok) return 2 * sum;
        }
        DMatrixRMaj b = new DMatrixRMaj(n, n);
        b.setData(k.clone());
        LUDecomposition_F64<DMatrixRMaj> lu = DecompositionFactory_DDRM.lu(n, n);
        if (!lu.decompose(b) || lu.isSingular()) return Double.NEGATIVE_INFINITY;
        DMatrixRMaj u = lu.getUpper(null);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs(u.get(i, i));
            if (d == 0) return Double.NEGATIVE_INFINITY;
            sum += Math.log(d);
        }
        return sum;
    }

    /**
     * Whether the network's output is independent of its input (scores.md §2: 341 archs): no path of non-`none`
     * edges from node 0 to node 3, so every cell outputs zeros.
     */
    public static boolean degenerate(Arch arch) {
        boolean[] reach = new boolean[4];
        reach[0] = true;
        for (int e = 0; e < Arch.EDGES; e++) { // canonical order visits every edge after its source's inputs
            if (arch.op(e) != Op.NONE && reach[Arch.EDGE_SOURCE[e]]) reach[Arch.EDGE_TARGET[e]] = true;
        }
        return !reach[3];
    }
}
