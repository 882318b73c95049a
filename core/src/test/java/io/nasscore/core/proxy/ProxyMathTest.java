package io.nasscore.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nasscore.core.score.ScoreName;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.space.SplitMix64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyMathTest {

    /** baselines.md §5: K = 2G − s1ᵀ − 1sᵀ + N11ᵀ equals Σ_r (c cᵀ + (1 − c)(1 − c)ᵀ) on random 0/1 codes. */
    @Test
    void naswotKernelIdentityEqualsTheDirectSum() {
        SplitMix64 rng = new SplitMix64(42);
        int b = 7;
        int[] widths = {13, 1, 40, 5};
        double[] g = new double[b * b];
        double[] s = new double[b];
        double units = 0;
        double[] direct = new double[b * b];
        for (int n : widths) {
            int[][] c = new int[b][n];
            for (int i = 0; i < b; i++) for (int u = 0; u < n; u++) c[i][u] = rng.nextLong() < 0 ? 1 : 0;
            for (int i = 0; i < b; i++) {
                for (int u = 0; u < n; u++) s[i] += c[i][u];
                for (int j = 0; j < b; j++) {
                    for (int u = 0; u < n; u++) {
                        g[i * b + j] += c[i][u] * c[j][u];
                        direct[i * b + j] += c[i][u] * c[j][u] + (1 - c[i][u]) * (1 - c[j][u]);
                    }
                }
            }
            units += n;
        }
        assertThat(ProxyMath.naswotKernel(g, s, units, b)).containsExactly(direct);
    }

    @Test
    void logAbsDetOfKnownMatricesAndSingular() {
        assertThat(ProxyMath.logAbsDet(new double[] {4, 2, 2, 3}, 2)).isCloseTo(Math.log(8), within(1e-12));
        // not positive definite (Cholesky fails): LU gives ln|det| = ln|−3|
        assertThat(ProxyMath.logAbsDet(new double[] {1, 2, 2, 1}, 2)).isCloseTo(Math.log(3), within(1e-12));
        // two samples with identical codes: singular
        assertThat(ProxyMath.logAbsDet(new double[] {5, 5, 5, 5}, 2)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    /** scores.md §2: 341 of the 15,625 architectures have an output independent of the input; 1651 is one. */
    @Test
    void degenerateArchitecturesAreThe341WithoutAPathFromInputToOutput() {
        int n = 0;
        for (int i = 0; i < SearchSpace.SIZE; i++) if (ProxyMath.degenerate(SearchSpace.arch(i))) n++;
        assertThat(n).isEqualTo(341);
        assertThat(ProxyMath.degenerate(SearchSpace.arch(1651))).isTrue();
        assertThat(ProxyMath.degenerate(SearchSpace.arch(1))).isFalse();
    }

    @Test
    void zicoSkipsTensorsWithoutVariationAndIsScaleInvariant() {
        List<double[]> g1 = List.of(new double[] {1, 2, 0}, new double[] {3, 3});
        List<double[]> g2 = List.of(new double[] {3, 2, 0}, new double[] {3, 3});
        // tensor 0: only element 0 varies: μ = 2, σ = 1 → ln 2; tensor 1 skipped
        assertThat(ProxyMath.zico(g1, g2)).isCloseTo(Math.log(2), within(1e-15));
        List<double[]> s1 = List.of(new double[] {4, 8, 0}, new double[] {12, 12});
        List<double[]> s2 = List.of(new double[] {12, 8, 0}, new double[] {12, 12});
        assertThat(ProxyMath.zico(s1, s2)).isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void scoreListGroups() {
        assertThat(ScoreName.parseList("all")).isEqualTo(ScoreName.PAPER).hasSize(12);
        assertThat(ScoreName.parseList("proxies")).isEqualTo(ScoreName.PROXIES).hasSize(12)
                .contains(ScoreName.NWOT, ScoreName.AZ_FLOPS).doesNotContain(ScoreName.JS);
        assertThat(ScoreName.parseList("everything")).hasSize(24);
        assertThat(ScoreName.parseList("JS,nwot,az_expressivity"))
                .containsExactly(ScoreName.JS, ScoreName.NWOT, ScoreName.AZ_EXPRESSIVITY);
        assertThat(ScoreName.NWOT.column()).isEqualTo("nwot");
        assertThat(ScoreName.WPJS.column()).isEqualTo("WPJS");
    }

    @Test
    void validationRanksMinusInfinityLowestAndRelaxesSmallSamples() {
        double[] v = ProxyValidation.lowestForMinusInfinity(new double[] {3, Double.NEGATIVE_INFINITY, -2});
        assertThat(v[1]).isLessThan(-2);
        assertThat(ProxyValidation.relaxation(500)).isZero();
        assertThat(ProxyValidation.relaxation(200)).isCloseTo(0.0354, within(1e-3));
        ProxyValidation.Row r = ProxyValidation.validate(ProxyValidation.SPEC.get(2),
                new double[] {1, 2, 3, Double.NEGATIVE_INFINITY}, new double[] {10, 20, 30, 0}, new double[] {50, 60, 70, 10});
        assertThat(r.n()).isEqualTo(4);
        assertThat(r.tauPublished()).isEqualTo(1.0);
        assertThat(r.tauOursAccuracy()).isEqualTo(1.0);
        assertThat(r.level1()).isTrue();
    }
}
