package io.nasscore.core.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QualityMetricsTest {

    @Test
    void aboveMedianWithEvenCountUsesTheMeanOfTheTwoMiddleValues() {
        // median 2.5: only 3 and 4 are above
        assertThat(QualityMetrics.aboveMedian(new double[] {4, 1, 3, 2})).containsExactly(0, 2);
        // median (2 + 2) / 2 = 2: strictly greater leaves only 3
        assertThat(QualityMetrics.aboveMedian(new double[] {1, 2, 2, 3})).containsExactly(3);
    }

    @Test
    void aboveMedianWithOddCountAndTiesAtTheMedian() {
        assertThat(QualityMetrics.aboveMedian(new double[] {5, 1, 3})).containsExactly(0);
        // median 2, three points equal to it: none of them is above
        assertThat(QualityMetrics.aboveMedian(new double[] {2, 1, 2, 3, 2})).containsExactly(3);
        assertThat(QualityMetrics.aboveMedian(new double[] {7, 7, 7})).isEmpty();
        assertThat(QualityMetrics.aboveMedian(new double[0])).isEmpty();
    }

    @Test
    void aboveMedianIgnoresNonFiniteScores() {
        // median of {1, 2, 3} = 2 (with the NaNs sorted in, it would be 3 and nothing would be above)
        assertThat(QualityMetrics.aboveMedian(new double[] {Double.NaN, Double.NaN, 1, 2, 3})).containsExactly(4);
    }

    @Test
    void allSubsetMatchesTheSeparateFunctionsAndCountsExclusions() {
        double[] s = {0.1, 0.2, 0.2, 0.3, Double.NaN, 0.5, Double.POSITIVE_INFINITY};
        double[] y = {1, 3, 2, 2, 50, Double.NaN, 40};
        QualityMetrics q = QualityMetrics.compute(s, y, Subset.ALL);
        assertThat(q.subset()).isEqualTo(Subset.ALL);
        assertThat(q.n()).isEqualTo(4);
        assertThat(q.excluded()).isEqualTo(3);
        // the 4-point tie example of RankCorrelationTest: tau-a 1/3, tau-b 0.4, rho 0.5
        assertThat(q.tauA()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(q.monotonicity()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(q.tauB()).isCloseTo(0.4, within(1e-12));
        assertThat(q.spearman()).isCloseTo(0.5, within(1e-12));
        Slope.SlopeFit fit = Slope.fit(new double[] {0.1, 0.2, 0.2, 0.3}, new double[] {1, 3, 2, 2});
        assertThat(fit.slope()).isFinite();
        assertThat(q.slope()).isEqualTo(fit.abs());
        assertThat(q.slopeSign()).isEqualTo(fit.sign());
        assertThat(q.r2()).isEqualTo(fit.r2());
    }

    @Test
    void monotonicityIsTheAbsoluteValueOfTauA() {
        QualityMetrics q = QualityMetrics.compute(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {40, 30, 20, 10}, Subset.ALL);
        assertThat(q.tauA()).isEqualTo(-1.0);
        assertThat(q.monotonicity()).isEqualTo(1.0);
        assertThat(q.slopeSign()).isEqualTo(1); // score falls with accuracy: ln(1 - s) rises
    }

    @Test
    void aboveMedianSubsetIsComputedOnTheFilteredSet() {
        // NaN accuracy on the first point excludes it BEFORE the median: median of {0.2..0.5} = 0.35
        double[] s = {0.1, 0.2, 0.3, 0.4, 0.5};
        double[] y = {Double.NaN, 60, 70, 90, 80};
        QualityMetrics q = QualityMetrics.compute(s, y, Subset.ABOVE_MEDIAN);
        assertThat(q.subset()).isEqualTo(Subset.ABOVE_MEDIAN);
        assertThat(q.n()).isEqualTo(2); // 0.4 and 0.5
        assertThat(q.excluded()).isEqualTo(1);
        assertThat(q.tauA()).isEqualTo(-1.0); // (0.4, 90), (0.5, 80)
        Map<Subset, QualityMetrics> both = QualityMetrics.computeAll(s, y);
        assertThat(both).containsOnlyKeys(Subset.ALL, Subset.ABOVE_MEDIAN);
        assertThat(both.get(Subset.ABOVE_MEDIAN)).isEqualTo(q);
        assertThat(both.get(Subset.ALL).n()).isEqualTo(4);
    }

    @Test
    void aboveMedianMatchesManualSubsetOnRandomData() {
        Random rnd = new Random(11);
        int n = 501;
        double[] s = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextInt(40) / 40.0;
            y[i] = 50 + 20 * s[i] + rnd.nextInt(10);
        }
        double median = Stats.median(s);
        int m = 0;
        for (double v : s) if (v > median) m++;
        double[] ss = new double[m];
        double[] yy = new double[m];
        m = 0;
        for (int i = 0; i < n; i++) {
            if (s[i] > median) { ss[m] = s[i]; yy[m++] = y[i]; }
        }
        QualityMetrics q = QualityMetrics.compute(s, y, Subset.ABOVE_MEDIAN);
        assertThat(q.n()).isEqualTo(m).isLessThan(n / 2 + 1);
        assertThat(q.tauB()).isCloseTo(BruteForce.tauB(ss, yy), within(1e-12));
        assertThat(q.monotonicity()).isCloseTo(Math.abs(BruteForce.tauA(ss, yy)), within(1e-12));
        assertThat(q.spearman()).isCloseTo(BruteForce.spearman(ss, yy), within(1e-9));
    }

    @Test
    void degenerateSetsGiveNaNNotExceptions() {
        QualityMetrics empty = QualityMetrics.compute(new double[0], new double[0], Subset.ALL);
        assertThat(empty.n()).isZero();
        assertThat(empty.monotonicity()).isNaN();
        assertThat(empty.spearman()).isNaN();
        assertThat(empty.slope()).isNaN();
        QualityMetrics constant = QualityMetrics.compute(new double[] {0.3, 0.3, 0.3}, new double[] {1, 2, 3}, Subset.ABOVE_MEDIAN);
        assertThat(constant.n()).isZero();
        assertThat(constant.tauB()).isNaN();
        QualityMetrics allNaN = QualityMetrics.compute(new double[] {Double.NaN, Double.NaN}, new double[] {1, 2}, Subset.ALL);
        assertThat(allNaN.excluded()).isEqualTo(2);
        assertThat(allNaN.r2()).isNaN();
        assertThat(allNaN.slopeSign()).isZero();
    }
}
