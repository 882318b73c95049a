package io.nasscore.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast counts against the pair-by-pair definitions, on data with many ties (the vote's ranks have them). */
class DominanceTest {

    private static int[] random(Random rnd, int n, int distinct) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextInt(distinct);
        return v;
    }

    @Test
    void twoAndThreeCoordinatesEqualTheirPairwiseDefinition() {
        Random rnd = new Random(20261201);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(120);
            int distinct = 1 + rnd.nextInt(trial % 3 == 0 ? 4 : 60); // from nearly all ties to few
            int[] x = random(rnd, n, distinct);
            int[] y = random(rnd, n, distinct);
            int[] z = random(rnd, n, distinct);
            int[] two = new int[n];
            int[] three = new int[n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    if (x[b] < x[a] && y[b] < y[a]) two[a]++;
                    if (x[b] < x[a] && y[b] < y[a] && z[b] < z[a]) three[a]++;
                }
            }
            assertThat(Dominance.below(x, y)).as("trial %d, two", trial).containsExactly(two);
            assertThat(Dominance.below(x, y, z)).as("trial %d, three", trial).containsExactly(three);
        }
    }

    @Test
    void theVoteOfThreeEqualsThePairwiseVote() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int m = 2 + rnd.nextInt(400);
            int[] rows = random(rnd, 3 * m, 1 + rnd.nextInt(trial % 2 == 0 ? 5 : 2 * m));
            assertThat(CopelandVote.countsOfThree(rows, m)).as("trial %d", trial)
                    .containsExactly(CopelandVote.countsPairwise(rows, m, 3));
        }
    }

    @Test
    void aSpaceSizedPoolAgreesWithThePairwiseVote() {
        Random rnd = new Random(15625);
        int m = 15_625;
        int[] rows = random(rnd, 3 * m, 2 * m);
        assertThat(CopelandVote.countsOfThree(rows, m)).containsExactly(CopelandVote.countsPairwise(rows, m, 3));
    }

    @Test
    void negativeCoordinatesAreRefused() {
        assertThatThrownBy(() -> Dominance.below(new int[] {0, 1}, new int[] {-1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
