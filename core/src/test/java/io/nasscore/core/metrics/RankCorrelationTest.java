package io.nasscore.core.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RankCorrelationTest {
    private static final double EPS = 1e-12;

    @Test
    void perfectlyConcordantIsOne() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {10, 20, 30, 40, 50};
        assertThat(RankCorrelation.tauA(x, y)).isEqualTo(1.0);
        assertThat(RankCorrelation.tauB(x, y)).isEqualTo(1.0);
        assertThat(RankCorrelation.spearman(x, y)).isCloseTo(1.0, within(EPS));
        assertThat(RankCorrelation.monotonicity(x, y)).isEqualTo(1.0);
    }

    @Test
    void reversedIsMinusOneAndMonotonicityOne() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {50, 40, 30, 20, 10};
        assertThat(RankCorrelation.tauA(x, y)).isEqualTo(-1.0);
        assertThat(RankCorrelation.tauB(x, y)).isEqualTo(-1.0);
        assertThat(RankCorrelation.spearman(x, y)).isCloseTo(-1.0, within(EPS));
        assertThat(RankCorrelation.monotonicity(x, y)).isEqualTo(1.0);
    }

    /**
     * Hand-computed, 4 points without ties: x = 1,2,3,4; y = 1,3,2,4.
     * Pairs (i,j): (0,1)+ (0,2)+ (0,3)+ (1,2)- (1,3)+ (2,3)+  ->  S = 5 - 1 = 4, tau-a = tau-b = 4/6.
     * Ranks equal the values; d = 0,1,-1,0, Σd² = 2, rho = 1 - 6·2/(4·15) = 0.8.
     */
    @Test
    void fourPointsWithoutTies() {
        double[] x = {1, 2, 3, 4};
        double[] y = {1, 3, 2, 4};
        assertThat(RankCorrelation.tauA(x, y)).isCloseTo(4.0 / 6, within(EPS));
        assertThat(RankCorrelation.tauB(x, y)).isCloseTo(4.0 / 6, within(EPS));
        assertThat(RankCorrelation.spearman(x, y)).isCloseTo(0.8, within(EPS));
    }

    /**
     * Hand-computed, 4 points with ties: x = 1,2,2,3; y = 1,3,2,2.
     * Pairs: (0,1)+ (0,2)+ (0,3)+ (1,2) tied in x: 0, (1,3) dx>0 dy<0: -, (2,3) tied in y: 0.
     * S = 3 - 1 = 2; n0 = 6; tau-a = 2/6; one x tie and one y tie: tau-b = 2 / sqrt(5·5) = 0.4.
     * Average ranks: x -> 1, 2.5, 2.5, 4; y -> 1, 4, 2.5, 2.5 (means 2.5).
     * Centred: x -1.5,0,0,1.5; y -1.5,1.5,0,0: Sxy = 2.25, Sxx = Syy = 4.5, rho = 0.5.
     */
    @Test
    void fourPointsWithTies() {
        double[] x = {1, 2, 2, 3};
        double[] y = {1, 3, 2, 2};
        RankCorrelation.PairCounts c = RankCorrelation.pairCounts(x, y);
        assertThat(c.pairs()).isEqualTo(6);
        assertThat(c.tiedX()).isEqualTo(1);
        assertThat(c.tiedY()).isEqualTo(1);
        assertThat(c.tiedBoth()).isZero();
        assertThat(c.discordant()).isEqualTo(1);
        assertThat(c.concordant()).isEqualTo(3);
        assertThat(RankCorrelation.tauA(x, y)).isCloseTo(2.0 / 6, within(EPS));
        assertThat(RankCorrelation.tauB(x, y)).isCloseTo(0.4, within(EPS));
        assertThat(RankCorrelation.spearman(x, y)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void pairsTiedInBothAreCounted() {
        // points (1,1),(1,1),(2,2),(2,2),(2,3): tied in x: 1 + 3 = 4; in y: 1 + 1 = 2; in both: 2
        double[] x = {1, 2, 1, 2, 2};
        double[] y = {1, 2, 1, 3, 2};
        RankCorrelation.PairCounts c = RankCorrelation.pairCounts(x, y);
        assertThat(c.tiedX()).isEqualTo(4);
        assertThat(c.tiedY()).isEqualTo(2);
        assertThat(c.tiedBoth()).isEqualTo(2);
        assertThat(c.discordant()).isZero();
        assertThat(c.concordant()).isEqualTo(6); // 10 - 4 - 2 + 2
    }

    @Test
    void negativeAndPositiveZeroAreATie() {
        double[] x = {-0.0, 0.0, 1};
        double[] y = {1, 2, 3};
        assertThat(RankCorrelation.pairCounts(x, y).tiedX()).isEqualTo(1);
        assertThat(RankCorrelation.tauA(x, y)).isCloseTo(BruteForce.tauA(x, y), within(EPS));
        assertThat(RankCorrelation.spearman(x, y)).isCloseTo(BruteForce.spearman(x, y), within(EPS));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2021, 99991})
    void matchesBruteForceOnDataWithManyTies(long seed) {
        Random rnd = new Random(seed);
        for (int trial = 0; trial < 25; trial++) {
            int n = 2 + rnd.nextInt(300);
            int levelsX = 1 + rnd.nextInt(6);
            int levelsY = 1 + rnd.nextInt(6);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(levelsX) * 0.1 - 0.2;
                // half the time correlated with x, so that S is far from 0
                y[i] = trial % 2 == 0 ? rnd.nextInt(levelsY) : Math.round(x[i] * 10) + rnd.nextInt(levelsY);
            }
            checkAgainstBruteForce(x, y);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void matchesBruteForceOnContinuousData(long seed) {
        Random rnd = new Random(seed);
        int n = 1000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
            y[i] = x[i] + rnd.nextGaussian();
        }
        checkAgainstBruteForce(x, y);
    }

    private static void checkAgainstBruteForce(double[] x, double[] y) {
        if (allEqual(x) || allEqual(y)) {
            assertThat(RankCorrelation.tauA(x, y)).isNaN();
            assertThat(RankCorrelation.tauB(x, y)).isNaN();
            assertThat(RankCorrelation.spearman(x, y)).isNaN();
            return;
        }
        assertThat(RankCorrelation.tauA(x, y)).as("tau-a n=%d", x.length).isCloseTo(BruteForce.tauA(x, y), within(EPS));
        assertThat(RankCorrelation.tauB(x, y)).as("tau-b n=%d", x.length).isCloseTo(BruteForce.tauB(x, y), within(EPS));
        assertThat(RankCorrelation.spearman(x, y)).as("rho n=%d", x.length).isCloseTo(BruteForce.spearman(x, y), within(1e-9));
        assertThat(RankCorrelation.monotonicity(x, y)).isCloseTo(Math.abs(BruteForce.tauA(x, y)), within(EPS));
        // symmetric in its arguments
        assertThat(RankCorrelation.tauB(y, x)).isCloseTo(RankCorrelation.tauB(x, y), within(EPS));
    }

    private static boolean allEqual(double[] v) {
        for (double d : v) if (d != v[0]) return false;
        return true;
    }

    @Test
    void degenerateInputsGiveNaNNotExceptions() {
        assertThat(RankCorrelation.tauA(new double[0], new double[0])).isNaN();
        assertThat(RankCorrelation.tauA(new double[] {1}, new double[] {2})).isNaN();
        assertThat(RankCorrelation.tauB(new double[] {1}, new double[] {2})).isNaN();
        assertThat(RankCorrelation.spearman(new double[] {1}, new double[] {2})).isNaN();
        double[] constant = {3, 3, 3, 3};
        double[] varying = {1, 2, 3, 4};
        assertThat(RankCorrelation.tauA(constant, varying)).isNaN();
        assertThat(RankCorrelation.tauB(varying, constant)).isNaN();
        assertThat(RankCorrelation.spearman(constant, varying)).isNaN();
        assertThat(RankCorrelation.pearson(new double[] {0.1, 0.1, 0.1}, new double[] {1, 2, 3})).isNaN();
        double[] withNaN = {1, Double.NaN, 3, 4};
        assertThat(RankCorrelation.tauA(withNaN, varying)).isNaN();
        assertThat(RankCorrelation.spearman(varying, withNaN)).isNaN();
        assertThat(RankCorrelation.tauB(new double[] {1, Double.POSITIVE_INFINITY}, new double[] {1, 2})).isNaN();
    }

    @Test
    void mismatchedLengthsAreAProgrammingError() {
        assertThatThrownBy(() -> RankCorrelation.tauA(new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 vs 3");
    }

    @Test
    void doesNotModifyItsInputs() {
        double[] x = {3, 1, 2, 2};
        double[] y = {1, 2, 2, 0};
        RankCorrelation.tauB(x, y);
        RankCorrelation.spearman(x, y);
        assertThat(x).containsExactly(3, 1, 2, 2);
        assertThat(y).containsExactly(1, 2, 2, 0);
    }
}
