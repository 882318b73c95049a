package io.nasscore.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JacobiEigenTest {

    @Test
    void jacobiAgreesWithTheQrSolverOnRandomCorrelationMatrices() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rnd.nextInt(30);
            int cols = 1 + rnd.nextInt(40);
            double[][] z = new double[n][cols];
            for (double[] row : z) for (int j = 0; j < cols; j++) row[j] = rnd.nextGaussian();
            double[] m = new double[n * n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
                double d = 0;
                for (int k = 0; k < cols; k++) d += z[i][k] * z[j][k];
                m[i * n + j] = d;
            }
            double[] jac = Similarity.jacobiEigenvalues(m.clone(), n);
            double[] qr = Similarity.symmetricEigenvalues(m.clone(), n);
            for (int i = 0; i < n; i++) jac[i] = Math.max(jac[i], 0);
            Arrays.sort(jac);
            Arrays.sort(qr);
            for (int i = 0; i < n; i++) assertThat(jac[i]).isCloseTo(qr[i], org.assertj.core.data.Offset.offset(1e-8 * (1 + qr[n - 1])));
        }
    }

    @Test
    void rankOneAllOnesMatrixHasEigenvaluesNAndZeros() {
        int n = 16;
        double[] m = new double[n * n];
        Arrays.fill(m, 1.0);
        double[] e = Similarity.jacobiEigenvalues(m, n);
        Arrays.sort(e);
        assertThat(e[n - 1]).isCloseTo(n, org.assertj.core.data.Offset.offset(1e-9));
        for (int i = 0; i < n - 1; i++) assertThat(Math.abs(e[i])).isLessThan(1e-9);
    }

    @Test
    void nonFiniteEntriesAreAClearError() {
        double[] m = {1, Double.NaN, Double.NaN, 1};
        assertThatThrownBy(() -> Similarity.symmetricEigenvalues(m, 2)).hasMessageContaining("non-finite");
    }
}
