package io.nasscore.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShortlistTest {

    @Test
    void highestFirstTiesToTheLowerIndexAndNonFiniteLeftOut() {
        int[] idx = {40, 7, 12, 3, 99};
        double[] v = {0.5, 0.9, 0.5, Double.NaN, Double.POSITIVE_INFINITY};
        // by hand: 0.9 (index 7), then the tie at 0.5 goes to index 12 before 40; NaN and +inf are not rankable
        assertThat(Shortlist.top(idx, v, 10)).containsExactly(1, 2, 0);
        assertThat(Shortlist.top(idx, v, 2)).containsExactly(1, 2);
        assertThatThrownBy(() -> Shortlist.top(idx, v, 0)).hasMessageContaining("at least 1");
    }

    @Test
    void aCombinedScoreIsComputedOverThePoolGiven() {
        // log-rank sum of a and b over 4 points, by hand: ranks a = (1,2,3,4), b = (2,1,4,3), n = 4
        // sums of ln(r/4): p0 ln(1/4)+ln(2/4) = -2.079, p1 -2.079, p2 ln(3/4)+ln(1) = -0.288, p3 ln(1)+ln(3/4) = -0.288
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("a", new double[] {1, 2, 3, 4});
        cols.put("b", new double[] {20, 10, 40, 30});
        Combination ab = new Combination("ab", Combination.Method.LOG_RANK_SUM, List.of("a", "b"));
        double[] v = Shortlist.values(cols, List.of(ab), "AB");
        assertThat(v[2]).isCloseTo(Math.log(0.75), org.assertj.core.data.Offset.offset(1e-12));
        // a tie between p2 and p3 (and p0, p1): the lower index first
        assertThat(Shortlist.top(new int[] {10, 11, 12, 13}, v, 4)).containsExactly(2, 3, 0, 1);
        assertThat(Shortlist.values(cols, List.of(ab), "B")).isSameAs(cols.get("b"));
    }

    @Test
    void anUnknownScoreOrAMissingMemberIsNamed() {
        Map<String, double[]> cols = Map.of("a", new double[] {1, 2});
        Combination ab = new Combination("ab", Combination.Method.LOG_RANK_SUM, List.of("a", "b"));
        assertThatThrownBy(() -> Shortlist.values(cols, List.of(ab), "zz")).hasMessage("no score 'zz': the scores here are a");
        assertThatThrownBy(() -> Shortlist.values(cols, List.of(ab), "ab"))
                .hasMessage("combined score 'ab' needs b, not among the columns a");
    }

    @Test
    void theFirstOfARunsShortlistIsTheArchitectureTheRunRetrieves() {
        Random r = new Random(5);
        int n = 300;
        int[] idx = new int[n];
        double[] score = new double[n];
        double[] acc = new double[n];
        for (int i = 0; i < n; i++) {
            idx[i] = r.nextInt(15625);
            score[i] = r.nextInt(40); // many ties
            acc[i] = 80 + 10 * r.nextDouble();
        }
        int first = Shortlist.top(idx, score, 1)[0];
        assertThat(first).isEqualTo(BestAccuracy.bestPosition(idx, score, acc));
    }
}
