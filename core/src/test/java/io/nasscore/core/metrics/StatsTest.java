package io.nasscore.core.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatsTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Stats.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Stats.median(new double[] {7})).isEqualTo(7);
        assertThat(Stats.median(new double[0])).isNaN();
        assertThat(Stats.median(new double[] {1, Double.NaN})).isNaN();
    }

    @Test
    void meanAndPopulationStd() {
        double[] v = {90, 92, 94};
        assertThat(Stats.mean(v)).isCloseTo(92, within(1e-12));
        assertThat(Stats.populationStd(v)).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12)); // not the sample std 2
        assertThat(Stats.populationStd(new double[] {3})).isZero();
    }

    @Test
    void costSummaryMeanMedianAndExclusions() {
        CostSummary c = CostSummary.of(new double[] {3, 1, Double.NaN, 2, 10});
        assertThat(c.n()).isEqualTo(4);
        assertThat(c.excluded()).isEqualTo(1);
        assertThat(c.mean()).isCloseTo(4, within(1e-12));
        assertThat(c.median()).isEqualTo(2.5);
        CostSummary empty = CostSummary.of(new double[0]);
        assertThat(empty.mean()).isNaN();
        assertThat(empty.median()).isNaN();
    }

    @Test
    void meanStdSkipsNonFinite() {
        MeanStd m = MeanStd.of(new double[] {1, Double.NaN, 3});
        assertThat(m.n()).isEqualTo(2);
        assertThat(m.excluded()).isEqualTo(1);
        assertThat(m.mean()).isEqualTo(2);
        assertThat(m.std()).isEqualTo(1);
    }

    @Test
    void subsetIds() {
        assertThat(Subset.ALL.id()).isEqualTo("all");
        assertThat(Subset.of("above-median")).isEqualTo(Subset.ABOVE_MEDIAN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Subset.of("top"))
                .hasMessageContaining("'top'").hasMessageContaining("all, above-median");
    }
}
