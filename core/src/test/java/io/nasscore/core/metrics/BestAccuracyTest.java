package io.nasscore.core.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BestAccuracyTest {

    @Test
    void retrievesTheAccuracyOfTheHighestScore() {
        int[] idx = {10, 20, 30};
        double[] s = {0.2, 0.9, 0.5};
        double[] a = {70, 60, 90};
        assertThat(BestAccuracy.bestPosition(idx, s, a)).isEqualTo(1);
        assertThat(BestAccuracy.retrieved(idx, s, a)).isEqualTo(60);
    }

    @Test
    void tiesGoToTheLowerArchitectureIndexNotTheEarlierPosition() {
        int[] idx = {7, 3, 5};
        double[] s = {0.9, 0.9, 0.1};
        double[] a = {50, 60, 70};
        assertThat(BestAccuracy.retrieved(idx, s, a)).isEqualTo(60);
        // same points in another order: same answer
        assertThat(BestAccuracy.retrieved(new int[] {3, 7, 5}, new double[] {0.9, 0.9, 0.1}, new double[] {60, 50, 70}))
                .isEqualTo(60);
    }

    @Test
    void nanAndInfiniteScoresAreSkipped() {
        int[] idx = {1, 2, 3, 4};
        double[] s = {Double.NaN, Double.POSITIVE_INFINITY, 0.3, 0.4};
        double[] a = {95, 94, 80, 85};
        assertThat(BestAccuracy.retrieved(idx, s, a)).isEqualTo(85);
        assertThat(BestAccuracy.retrieved(new int[] {1}, new double[] {Double.NaN}, new double[] {9})).isNaN();
        assertThat(BestAccuracy.bestPosition(new int[0], new double[0], new double[0])).isEqualTo(-1);
    }

    @Test
    void meanAndPopulationStdOverRuns() {
        int[][] idx = {{1, 2}, {3, 4}, {5, 6}, {7}};
        double[][] s = {{0.1, 0.2}, {0.9, 0.2}, {0.5, 0.6}, {Double.NaN}};
        double[][] a = {{80, 90}, {92, 10}, {30, 94}, {99}};
        MeanStd m = BestAccuracy.overRuns(idx, s, a);
        assertThat(m.n()).isEqualTo(3);
        assertThat(m.excluded()).isEqualTo(1);
        assertThat(m.mean()).isCloseTo(92, within(1e-12));
        assertThat(m.std()).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12));
    }
}
