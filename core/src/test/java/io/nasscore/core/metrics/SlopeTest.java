package io.nasscore.core.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SlopeTest {

    /** Scores whose ln(1 - s) is exactly the given y'. */
    private static double[] scoresFor(double... yPrime) {
        double[] s = new double[yPrime.length];
        for (int i = 0; i < s.length; i++) s[i] = 1 - Math.exp(yPrime[i]);
        return s;
    }

    /**
     * Hand-computed: x = 90,91,92,93 (mean 91.5), y' = -2,-3,-5,-6 (mean -4).
     * dx = -1.5,-0.5,0.5,1.5; dy = 2,1,-1,-2; Sxy = -3-0.5-0.5-3 = -7; Sxx = 5; Syy = 10.
     * slope = -7/5 = -1.4 (|slope| 1.4, sign -1); R² = 49 / (5·10) = 0.98; intercept = -4 + 1.4·91.5 = 124.1.
     */
    @Test
    void handComputedFit() {
        double[] acc = {90, 91, 92, 93};
        double[] s = scoresFor(-2, -3, -5, -6);
        Slope.SlopeFit fit = Slope.fit(s, acc);
        assertThat(fit.n()).isEqualTo(4);
        assertThat(fit.slope()).isCloseTo(-1.4, within(1e-9));
        assertThat(fit.abs()).isCloseTo(1.4, within(1e-9));
        assertThat(fit.sign()).isEqualTo(-1);
        assertThat(fit.r2()).isCloseTo(0.98, within(1e-9));
        assertThat(fit.intercept()).isCloseTo(124.1, within(1e-7));
    }

    @Test
    void positiveSlopeHasSignPlusOne() {
        double[] acc = {10, 20, 30};
        double[] s = scoresFor(-3, -2, -1);
        Slope.SlopeFit fit = Slope.fit(s, acc);
        assertThat(fit.sign()).isEqualTo(1);
        assertThat(fit.slope()).isCloseTo(0.1, within(1e-9));
        assertThat(fit.r2()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void scoresAtOrAboveOneAreCapped() {
        double capped = Math.log(1 - (1 - 1e-15));
        assertThat(Slope.transform(1.0)).isEqualTo(capped).isFinite();
        assertThat(Slope.transform(1.5)).isEqualTo(capped);
        assertThat(Slope.transform(1 - 1e-15)).isEqualTo(capped);
        assertThat(capped).isCloseTo(Math.log(1e-15), within(0.2));
        assertThat(Slope.transform(0.0)).isEqualTo(0.0);
        // a set containing s = 1 still has a finite fit
        Slope.SlopeFit fit = Slope.fit(new double[] {0.5, 0.9, 1.0}, new double[] {60, 70, 80});
        assertThat(fit.slope()).isFinite().isNegative();
    }

    @Test
    void degenerateFitsAreNaN() {
        assertThat(Slope.fit(new double[] {0.5}, new double[] {50}).slope()).isNaN();
        Slope.SlopeFit constantAcc = Slope.fit(new double[] {0.1, 0.2, 0.3}, new double[] {50, 50, 50});
        assertThat(constantAcc.slope()).isNaN();
        assertThat(constantAcc.r2()).isNaN();
        assertThat(constantAcc.sign()).isZero();
        assertThat(constantAcc.n()).isEqualTo(3);
        assertThat(Slope.fit(new double[] {0.1, 0.1, 0.1}, new double[] {1, 2, 3}).r2()).isNaN();
        assertThat(Slope.fit(new double[] {0.1, Double.NaN}, new double[] {1, 2}).slope()).isNaN();
    }

    @Test
    void accumulatorAgreesWithBatchAndMerges() {
        Random rnd = new Random(5);
        int n = 2000;
        double[] s = new double[n];
        double[] a = new double[n];
        SlopeAccumulator all = new SlopeAccumulator();
        SlopeAccumulator left = new SlopeAccumulator();
        SlopeAccumulator right = new SlopeAccumulator();
        for (int i = 0; i < n; i++) {
            a[i] = 10 + 84 * rnd.nextDouble();
            s[i] = 1 - Math.exp(-a[i] / 10 + rnd.nextGaussian());
            all.add(s[i], a[i]);
            (i < 700 ? left : right).add(s[i], a[i]);
        }
        all.add(Double.NaN, 50).add(0.5, Double.POSITIVE_INFINITY);
        Slope.SlopeFit batch = Slope.fit(s, a);
        assertThat(all.n()).isEqualTo(n);
        assertThat(all.excluded()).isEqualTo(2);
        assertThat(all.fit().slope()).isCloseTo(batch.slope(), within(1e-10));
        assertThat(all.fit().r2()).isCloseTo(batch.r2(), within(1e-10));
        assertThat(all.fit().intercept()).isCloseTo(batch.intercept(), within(1e-8));
        Slope.SlopeFit merged = left.merge(right).fit();
        assertThat(merged.n()).isEqualTo(n);
        assertThat(merged.slope()).isCloseTo(batch.slope(), within(1e-10));
        assertThat(merged.r2()).isCloseTo(batch.r2(), within(1e-10));
        assertThat(new SlopeAccumulator().add(0.1, 50).add(0.2, 50).fit().slope()).isNaN();
    }
}
