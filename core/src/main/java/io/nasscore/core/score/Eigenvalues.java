package io.nasscore.core.score;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Eigenvalues of the symmetric matrices the similarities and the AZ-NAS proxies decompose. */
final class Eigenvalues {
    private Eigenvalues() {}

    /**
     * Eigenvalues of a symmetric n x n matrix stored row-major (the array is overwritten), from EJML's
     * symmetric QR algorithm; negative values (rounding on a positive semi-definite matrix) become 0.
     */
    static double[] symmetric(double[] matrix, int n) {
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
            out = jacobi(copy, n);
        }
        for (int i = 0; i < n; i++) out[i] = out[i] > 0 ? out[i] : 0.0;
        return out;
    }

    /** Eigenvalues of a symmetric row-major matrix (overwritten) by cyclic Jacobi rotations. */
    static double[] jacobi(double[] a, int n) {
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
}
