package io.nasscore.core.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A combined score whose top share of the pool is ordered by one member ({@link TopReorder}, ensemble_top_params). */
class TopReorderTest {
    private static final double NEG = Double.NEGATIVE_INFINITY;
    private static final double NAN = Double.NaN;

    /**
     * A = 5, 4, 3, 2, 1 and P = 3, 1, 2, 5, 4 over 5 points: rank sums 8, 5, 5, 7, 5. The top 40 % is ⌈2⌉ = 2
     * points, 0 (8) and 3 (7); by P, 3 (5) is above 0 (3): they get max 8 + their rank by P, 10 and 9. The rest
     * keep their rank sums.
     */
    @Test
    void theTopIsOrderedByTheMemberByHand() {
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("A", new double[] {5, 4, 3, 2, 1});
        cols.put("P", new double[] {3, 1, 2, 5, 4});
        Combination plain = new Combination("s", Combination.Method.LINEAR_RANK_SUM, List.of("A", "P"));
        Combination top = new Combination("t", Combination.Method.LINEAR_RANK_SUM, List.of("A", "P"), new Combination.Top("p", 40));
        assertThat(plain.values(cols)).containsExactly(8, 5, 5, 7, 5);
        assertThat(top.values(cols)).containsExactly(9, 5, 5, 10, 5);
        // a run is its own pool: positions 1, 3, 4 alone have rank sums 3+1, 2+3, 1+2 = 4, 5, 3; the top 40 % is
        // ⌈1.2⌉ = 2 points, 3 (5) and 1 (4); by P, 1 (1) is below 3 (5): 5+1, 5+2; 4 keeps 3
        assertThat(top.values(cols, new int[] {1, 3, 4})).containsExactly(6, 7, 3);
    }

    /** base 0, 3, 2, 2, 1, top 40 % = 2 points: the cut is 2, and both points at 2 are in (3 points). */
    @Test
    void tiesAtTheCutAreAllIn() {
        assertThat(TopReorder.apply(new double[] {0, 3, 2, 2, 1}, new double[] {9, 1, 3, 2, 0}, 40))
                .containsExactly(0, 4, 6, 5, 1);
    }

    /** Equal by the member: the base decides; equal in both: they share the mean rank. */
    @Test
    void tiesByTheMemberGoToTheBaseThenShare() {
        assertThat(TopReorder.apply(new double[] {5, 4, 3, 0}, new double[] {1, 1, 2, 9}, 75)).containsExactly(7, 6, 8, 0);
        assertThat(TopReorder.apply(new double[] {2, 2, 0}, new double[] {1, 1, 0}, 50)).containsExactly(3.5, 3.5, 0);
    }

    /** −∞ is the lowest value of the member; a NaN base is outside the pool and stays NaN. */
    @Test
    void minusInfinityIsLowestAndNaNStaysOut() {
        assertThat(TopReorder.apply(new double[] {3, 2, 1}, new double[] {NEG, 0, 5}, 100)).containsExactly(4, 5, 6);
        assertThat(TopReorder.apply(new double[] {NAN, 1, 2}, new double[] {9, 0, 0}, 100)).containsExactly(NAN, 3, 4);
        assertThat(TopReorder.apply(new double[] {NAN, NAN}, new double[] {1, 2}, 10)).containsExactly(NAN, NAN);
    }

    /** A pool smaller than 100 / percent still has a top of one point: the base's best, unchanged in order. */
    @Test
    void aSmallPoolHasATopOfOne() {
        assertThat(TopReorder.apply(new double[] {1, 3, 2}, new double[] {9, 0, 5}, 1)).containsExactly(1, 4, 2);
        assertThat(TopReorder.apply(new double[] {5}, new double[] {0}, 10)).containsExactly(6);
    }

    @Test
    void theTopMemberMustBeAMemberAndTheShareAPercentage() {
        assertThatThrownBy(() -> new Combination("t", Combination.Method.LOG_RANK_SUM, List.of("A"), new Combination.Top("params", 10)))
                .hasMessageContaining("'params', which is not one of its members");
        assertThatThrownBy(() -> new Combination.Top("params", 0)).hasMessageContaining("1..100 %");
        assertThatThrownBy(() -> new Combination.Top("params", 101)).hasMessageContaining("1..100 %");
    }

    /**
     * ensemble_top_params over a random pool of 200 (ties, −∞): every point outside ensemble's top 20 keeps
     * ensemble's value; the top 20 are above all of them, in the order of params.
     */
    @Test
    void ensembleTopParamsIsEnsembleWithItsTopTenPercentOrderedByParams() {
        Random rnd = new Random(5);
        int n = 200;
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (String m : Combinations.ENSEMBLE.members()) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = rnd.nextInt(50) == 0 ? NEG : m.equals("params") ? rnd.nextInt(30) : rnd.nextGaussian();
            cols.put(m, v);
        }
        double[] base = Combinations.ENSEMBLE.values(cols);
        double[] top = Combinations.ENSEMBLE_TOP_PARAMS.values(cols);
        double[] sorted = base.clone();
        Arrays.sort(sorted);
        double cut = sorted[n - 20];
        double[] params = cols.get("params");
        int inTop = 0;
        for (int i = 0; i < n; i++) {
            if (base[i] < cut) {
                assertThat(top[i]).isEqualTo(base[i]);
                continue;
            }
            inTop++;
            assertThat(top[i]).isGreaterThan(sorted[n - 1]);
            for (int j = 0; j < n; j++) {
                if (base[j] >= cut && params[j] < params[i]) assertThat(top[j]).isLessThan(top[i]);
            }
        }
        assertThat(inTop).isEqualTo(20);
        assertThat(Combinations.ALL).contains(Combinations.ENSEMBLE_TOP_PARAMS);
    }
}
