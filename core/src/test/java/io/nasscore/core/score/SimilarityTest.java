package io.nasscore.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

class SimilarityTest {

    // Rows of the 4x4 Hadamard matrix without the all-ones row: zero mean, mutually orthogonal, norm 2.
    static final double[] U1 = {1, 1, -1, -1};
    static final double[] U2 = {1, -1, 1, -1};
    static final double[] U3 = {1, -1, -1, 1};

    @Test
    void orthogonalZeroMeanRowsScoreOneOnBoth() {
        // C = P = I: eigenvalues 1, 1, 1, so raw = -3 f(1) = U_3 and the normalised value is 1;
        // every off-diagonal |P_ij| is 0, so cos = 1 - 0 = 1.
        Similarity.Result r = Similarity.of(new double[][] {U1, U2, U3});
        assertThat(r.usableRows()).isEqualTo(3);
        assertThat(r.eigenRaw()).isCloseTo(Similarity.upperBound(3), within(1e-9));
        assertThat(r.eigen()).isCloseTo(1.0, within(1e-12));
        assertThat(r.cosine()).isEqualTo(1.0);
    }

    @Test
    void identicalRowsScoreZeroOnBoth() {
        // C = P = all ones (rank 1): eigenvalues 3, 0, 0, raw = -f(3) - 2 f(0) = L_3, normalised 0;
        // every |P_ij| = 1, so cos = 1 - 6/6 = 0.
        double[] row = {0.3, -1.2, 2.5, 0.7, 0.1};
        Similarity.Result r = Similarity.of(new double[][] {row, row, row});
        assertThat(r.eigenRaw()).isCloseTo(Similarity.lowerBound(3), within(1e-6 * Math.abs(Similarity.lowerBound(3))));
        assertThat(r.eigen()).isCloseTo(0.0, within(1e-9));
        assertThat(r.cosine()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void boundsAreTheClosedForms() {
        // f(σ) = ln(σ + 1e-5) + 1/(σ + 1e-5)
        double f0 = Math.log(1e-5) + 1e5;
        double f1 = Math.log(1.00001) + 1 / 1.00001;
        double f2 = Math.log(2.00001) + 1 / 2.00001;
        assertThat(Similarity.f(0)).isCloseTo(f0, within(1e-9));
        assertThat(Similarity.lowerBound(2)).isCloseTo(-f2 - f0, within(1e-9));
        assertThat(Similarity.upperBound(2)).isCloseTo(-2 * f1, within(1e-12));
        assertThat(Similarity.normaliseBounds(Similarity.lowerBound(7), 7)).isEqualTo(0.0);
        assertThat(Similarity.normaliseBounds(Similarity.upperBound(7), 7)).isEqualTo(1.0);
        // midpoint maps to one half
        double mid = (Similarity.lowerBound(5) + Similarity.upperBound(5)) / 2;
        assertThat(Similarity.normaliseBounds(mid, 5)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void handComputedThreeByThree() {
        // Rows a = u1, b = u1 + u2, c = u3 (all zero mean). Norms: 2, 2√2, 2. Dot products: a·b = 4, a·c = 0,
        // b·c = 0. So C = P = [[1, 1/√2, 0], [1/√2, 1, 0], [0, 0, 1]], with eigenvalues 1 + 1/√2, 1 - 1/√2, 1.
        // raw = -(f(1 + 1/√2) + f(1 - 1/√2) + f(1)) = -(1.1205889 + 2.1861840 + 1.0000000) = -4.3067728;
        // L_3 = -f(3) - 2 f(0) = -199978.406097, U_3 = -3 f(1) = -3.0000000, normalised = 0.99999347.
        // cos = 1 - (1/6)(2 · (1/√2)^(1/20) + 4 · 0) = 1 - 2^(-1/40) / 3 = 0.6723931.
        double[] b = new double[4];
        for (int k = 0; k < 4; k++) b[k] = U1[k] + U2[k];
        Similarity.Result r = Similarity.of(new double[][] {U1, b, U3});
        double s = 1 / Math.sqrt(2);
        double raw = -(Similarity.f(1 + s) + Similarity.f(1 - s) + Similarity.f(1));
        assertThat(r.eigenRaw()).isCloseTo(raw, within(1e-9));
        assertThat(r.eigen()).isCloseTo((raw - Similarity.lowerBound(3)) / (Similarity.upperBound(3) - Similarity.lowerBound(3)),
                within(1e-12));
        assertThat(r.cosine()).isCloseTo(1 - Math.pow(2, -1.0 / 40) / 3, within(1e-12));
        assertThat(r.eigenRaw()).isCloseTo(-4.3067728, within(1e-6));
        assertThat(r.eigen()).isCloseTo(0.99999347, within(1e-8));
        assertThat(r.cosine()).isCloseTo(0.6723931, within(1e-7));
    }

    @Test
    void handComputedTwoByTwoWhereCentringMatters() {
        // a = [1,0,0], b = [0,1,0]: orthogonal as they are, so P = I and cos = 1. Centred: a - 1/3 =
        // [2/3,-1/3,-1/3], b - 1/3 = [-1/3,2/3,-1/3]; dot = -1/3, squared norms 2/3, so the Pearson
        // correlation is -1/2 and C = [[1,-1/2],[-1/2,1]] with eigenvalues 3/2 and 1/2.
        Similarity.Result r = Similarity.of(new double[][] {{1, 0, 0}, {0, 1, 0}});
        double raw = -(Similarity.f(1.5) + Similarity.f(0.5));
        assertThat(r.eigenRaw()).isCloseTo(raw, within(1e-12));
        // f(1.5) = ln 1.50001 + 1/1.50001 = 1.0721340, f(0.5) = ln 0.50001 + 1/0.50001 = 1.3068328
        // -> raw = -2.3789668
        assertThat(r.eigenRaw()).isCloseTo(-2.3789668, within(1e-7));
        assertThat(r.cosine()).isEqualTo(1.0);
    }

    @Test
    void degenerateRowsAreDroppedFirst() {
        double[] constant = {5, 5, 5, 5};
        double[] zero = {0, 0, 0, 0};
        Similarity.Result r = Similarity.of(new double[][] {U1, constant, U2, zero, U3});
        assertThat(r.rows()).isEqualTo(5);
        assertThat(r.usableRows()).isEqualTo(3);
        assertThat(r.degenerateRows()).isEqualTo(2);
        assertThat(r.eigen()).isCloseTo(1.0, within(1e-12));
        assertThat(r.cosine()).isEqualTo(1.0);
    }

    @Test
    void fewerThanTwoUsableRowsIsUndefinedAndZero() {
        Similarity.Result one = Similarity.of(new double[][] {U1, {7, 7, 7, 7}, {0, 0, 0, 0}});
        assertThat(one.defined()).isFalse();
        assertThat(one.usableRows()).isEqualTo(1);
        assertThat(one.eigen()).isEqualTo(0.0);
        assertThat(one.cosine()).isEqualTo(0.0);
        assertThat(one.eigen(Similarity.BOUNDS)).isEqualTo(0.0);
        assertThat(one.eigenRaw()).isNaN();

        Similarity.Result none = Similarity.of(new float[12], 3, 4, true, true);
        assertThat(none.defined()).isFalse();
        assertThat(none.degenerateRows()).isEqualTo(3);
        assertThat(none.eigen()).isEqualTo(0.0);
        assertThat(none.cosine()).isEqualTo(0.0);
    }

    @Test
    void onlyTheRequestedSimilarityIsComputed() {
        float[] m = {1, 1, -1, -1, 1, -1, 1, -1};
        Similarity.Result e = Similarity.of(m, 2, 4, true, false);
        assertThat(e.eigen()).isCloseTo(1.0, within(1e-12));
        assertThat(e.cosine()).isNaN();
        Similarity.Result c = Similarity.of(m, 2, 4, false, true);
        assertThat(c.eigen()).isNaN();
        assertThat(c.eigenRaw()).isNaN();
        assertThat(c.cosine()).isEqualTo(1.0);
    }

    @Test
    void nonFiniteGradientsAreAClearErrorForBothSimilarities() {
        float[] m = {1, 2, 3, Float.NaN, 1, 2, 3, 1, 2};
        assertThatThrownBy(() -> Similarity.of(m, 3, 3, false, true)).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Similarity.of(m, 3, 3, true, false)).hasMessageContaining("non-finite");
    }

    @Test
    void minmaxNormalisationClips() {
        Similarity.Scale mm = Similarity.minmax(-10, 10);
        assertThat(mm.normalise(0, 5)).isEqualTo(0.5);
        assertThat(mm.normalise(-20, 5)).isEqualTo(0.0);
        assertThat(mm.normalise(30, 5)).isEqualTo(1.0);
        assertThat(Similarity.normaliseMinMax(-5, -10, 10)).isEqualTo(0.25);
        assertThatThrownBy(() -> Similarity.minmax(3, 3)).hasMessageContaining("min < max");
    }

    @Test
    void badShapeIsNamed() {
        assertThatThrownBy(() -> Similarity.of(new float[10], 3, 4, true, true))
                .hasMessageContaining("3 x 4").hasMessageContaining("got 10");
    }

    /** The blocked kernel (ragged rows and column blocks) against a direct float64 computation. */
    @Test
    void blockedKernelMatchesNaiveReference() {
        SplittableRandom rnd = new SplittableRandom(42);
        int rows = 37;
        int cols = 601; // three column blocks, the last one partial; 37 rows: a partial 4x4 tile
        float[] m = new float[rows * cols];
        for (int i = 0; i < m.length; i++) m[i] = (float) (rnd.nextGaussian() + 0.3);
        for (int k = 0; k < cols; k++) m[5 * cols + k] = 2.5f; // one degenerate row
        for (int k = 0; k < cols; k++) m[9 * cols + k] = m[3 * cols + k] * 2 + 1; // perfectly correlated with row 3
        double[] md = new double[m.length];
        for (int i = 0; i < m.length; i++) md[i] = m[i];

        Similarity.Result f = Similarity.of(m, rows, cols, true, true);
        double[] ref = naive(md, rows, cols);

        assertThat(f.usableRows()).isEqualTo(36);
        assertThat(f.eigenRaw()).isCloseTo(ref[0], within(1e-6 * Math.abs(ref[0])));
        assertThat(f.cosine()).isCloseTo(ref[1], within(1e-10));
        assertThat(f.eigen()).isBetween(0.0, 1.0);
    }

    /** Large enough for the parallel kernel; rows with a mean far from 0 exercise the shared-Gram centring. */
    @Test
    void parallelKernelAndSharedGramMatchTheReference() {
        SplittableRandom rnd = new SplittableRandom(7);
        int rows = 70;
        int cols = 1800;
        float[] m = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            double shift = r % 3 == 0 ? 5.0 : 0.0; // mean / std = 5 on a third of the rows
            for (int k = 0; k < cols; k++) m[r * cols + k] = (float) (rnd.nextGaussian() + shift);
        }
        double[] md = new double[m.length];
        for (int i = 0; i < m.length; i++) md[i] = m[i];
        double[] ref = naive(md, rows, cols);
        Similarity.Result both = Similarity.of(m, rows, cols, true, true);
        Similarity.Result eigenOnly = Similarity.of(m, rows, cols, true, false);
        Similarity.Result cosineOnly = Similarity.of(m, rows, cols, false, true);
        assertThat(both.eigenRaw()).isCloseTo(ref[0], within(1e-9 * Math.abs(ref[0])));
        assertThat(eigenOnly.eigenRaw()).isCloseTo(ref[0], within(1e-9 * Math.abs(ref[0])));
        assertThat(both.cosine()).isCloseTo(ref[1], within(1e-12));
        assertThat(cosineOnly.cosine()).isCloseTo(ref[1], within(1e-12));
    }

    /** Rows whose mean is 10^5 times their spread: their centred products are recomputed directly. */
    @Test
    void nearlyConstantRowsKeepTheirCorrelations() {
        SplittableRandom rnd = new SplittableRandom(11);
        int rows = 12;
        int cols = 300;
        float[] m = new float[rows * cols];
        double[] base = new double[cols];
        for (int k = 0; k < cols; k++) base[k] = rnd.nextGaussian();
        for (int r = 0; r < rows; r++) {
            double offset = r < 4 ? 1e5 : 0.0;
            for (int k = 0; k < cols; k++) m[r * cols + k] = (float) (offset + base[k] + 0.5 * rnd.nextGaussian());
        }
        double[] widened = new double[m.length];
        for (int i = 0; i < m.length; i++) widened[i] = m[i];
        double[] ref = naive(widened, rows, cols);
        Similarity.Result r = Similarity.of(m, rows, cols, true, true);
        assertThat(r.eigenRaw()).isCloseTo(ref[0], within(1e-7 * Math.abs(ref[0])));
        assertThat(r.cosine()).isCloseTo(ref[1], within(1e-9));
    }

    /** raw eigen and cosine computed the plain way: copy, centre, normalise, multiply, eigen. */
    private static double[] naive(double[] a, int rows, int cols) {
        java.util.List<double[]> kept = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            double[] row = java.util.Arrays.copyOfRange(a, r * cols, (r + 1) * cols);
            boolean constant = true;
            for (double v : row) if (v != row[0]) constant = false;
            if (!constant) kept.add(row);
        }
        int n = kept.size();
        double[][] z = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] row = kept.get(i);
            double mean = java.util.Arrays.stream(row).average().orElseThrow();
            double[] c = new double[cols];
            double ss = 0;
            double sy = 0;
            for (int k = 0; k < cols; k++) {
                c[k] = row[k] - mean;
                ss += c[k] * c[k];
                sy += row[k] * row[k];
            }
            for (int k = 0; k < cols; k++) c[k] /= Math.sqrt(ss);
            z[i] = c;
            double[] u = new double[cols];
            for (int k = 0; k < cols; k++) u[k] = row[k] / Math.sqrt(sy);
            y[i] = u;
        }
        DMatrixRMaj cm = new DMatrixRMaj(n, n);
        double cosSum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dz = 0;
                double dy = 0;
                for (int k = 0; k < cols; k++) {
                    dz += z[i][k] * z[j][k];
                    dy += y[i][k] * y[j][k];
                }
                cm.set(i, j, dz);
                if (i != j) cosSum += Math.pow(Math.abs(dy), 1.0 / 20);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        assertThat(eig.decompose(cm)).isTrue();
        double raw = 0;
        for (int i = 0; i < n; i++) raw -= Similarity.f(Math.max(0, eig.getEigenvalue(i).getReal()));
        return new double[] {raw, 1 - cosSum / ((double) n * n - n)};
    }
}
