package io.nasscore.core.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BestPercentileTest {

    /** The paper's WPJS figure: 16 of 1,000 architectures scored above the best one = 1.6 percentile. */
    @Test
    void paperStyleExampleGivesOnePointSix() {
        int n = 1000;
        int[] idx = new int[n];
        double[] s = new double[n];
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
            a[i] = 10 + i * 0.08;     // arch 999 is the most accurate
            s[i] = i < 16 ? 2.0 : 0.5; // 16 archs above it; the rest (and 999) tie at 0.5 and do not count
        }
        s[500] = 0.1;
        assertThat(BestPercentile.mostAccuratePosition(idx, s, a)).isEqualTo(999);
        assertThat(BestPercentile.percentile(idx, s, a)).isCloseTo(1.6, within(1e-12));
    }

    @Test
    void bestRankedFirstIsZero() {
        assertThat(BestPercentile.percentile(new int[] {1, 2, 3}, new double[] {3, 2, 1}, new double[] {90, 80, 70}))
                .isZero();
    }

    @Test
    void sharedTopAccuracyUsesTheLowestIndex() {
        // archs 9 and 4 share the top accuracy; arch 4 (lowest index) is "the most accurate"
        int[] idx = {9, 4, 1, 2};
        double[] s = {0.9, 0.1, 0.5, 0.3};
        double[] a = {94, 94, 50, 60};
        assertThat(BestPercentile.mostAccuratePosition(idx, s, a)).isEqualTo(1);
        assertThat(BestPercentile.percentile(idx, s, a)).isCloseTo(75.0, within(1e-12)); // 3 of 4 above 0.1
    }

    @Test
    void nonFinitePointsAreExcludedFromNAndFromTheBest() {
        int[] idx = {1, 2, 3, 4, 5};
        double[] s = {Double.NaN, 0.9, 0.5, 0.2, 0.7};
        double[] a = {99, 60, 80, 70, Double.NaN};
        // usable: 2, 3, 4 -> best accuracy is arch 3 (80), one above it (0.9), n = 3
        assertThat(BestPercentile.percentile(idx, s, a)).isCloseTo(100.0 / 3, within(1e-12));
        assertThat(BestPercentile.percentile(new int[] {1}, new double[] {Double.NaN}, new double[] {1})).isNaN();
    }

    @Test
    void overRuns() {
        MeanStd m = BestPercentile.overRuns(new int[][] {{1, 2}, {1, 2}},
                new double[][] {{1, 2}, {2, 1}}, new double[][] {{90, 80}, {90, 80}});
        assertThat(m.mean()).isCloseTo(25.0, within(1e-12)); // 50 and 0
        assertThat(m.std()).isCloseTo(25.0, within(1e-12));
    }
}
