package io.nasscore.core.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CombinationTest {
    private static final double NEG = Double.NEGATIVE_INFINITY;
    private static final double NAN = Double.NaN;

    /** A = 3, -∞, 3, 1, NaN: NaN is not ranked, -∞ is the lowest, the two 3s share (3 + 4) / 2. */
    @Test
    void averageRanksPutMinusInfinityFirstAndLeaveNaNOut() {
        assertThat(PoolRanks.averageRanks(new double[] {3, NEG, 3, 1, NAN})).containsExactly(3.5, 1, 3.5, 2, NAN);
        assertThat(PoolRanks.averageRanks(new double[] {NEG, NEG, 0})).containsExactly(1.5, 1.5, 3);
    }

    /**
     * A = 3, -∞, 3, 1, NaN and B = 1, 2, 3, 4, 5. Point 4 has a NaN member: out of the pool, n = 4.
     * r_A = 3.5, 1, 3.5, 2; r_B = 1, 2, 3, 4.
     */
    @Test
    void logAndLinearRankSumsByHand() {
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("A", new double[] {3, NEG, 3, 1, NAN});
        cols.put("b", new double[] {1, 2, 3, 4, 5});
        double[] log = new Combination("l", Combination.Method.LOG_RANK_SUM, List.of("a", "B")).values(cols);
        assertThat(log[0]).isCloseTo(Math.log(3.5 / 4) + Math.log(1 / 4.0), within(1e-15));
        assertThat(log[1]).isCloseTo(Math.log(1 / 4.0) + Math.log(2 / 4.0), within(1e-15));
        assertThat(log[2]).isCloseTo(Math.log(3.5 / 4) + Math.log(3 / 4.0), within(1e-15));
        assertThat(log[3]).isCloseTo(Math.log(2 / 4.0) + Math.log(4 / 4.0), within(1e-15));
        assertThat(log[4]).isNaN();
        double[] lin = new Combination("s", Combination.Method.LINEAR_RANK_SUM, List.of("A", "b")).values(cols);
        assertThat(lin).containsExactly(4.5, 3, 6.5, 6, NAN);
        // a pool of positions 3, 1 alone: r_A = 2, 1; r_B = 2, 1
        double[] sub = new Combination("s", Combination.Method.LINEAR_RANK_SUM, List.of("A", "b")).values(cols, new int[] {3, 1});
        assertThat(sub).containsExactly(4, 2);
    }

    @Test
    void missingMembersAreNamed() {
        Map<String, double[]> cols = Map.of("params", new double[] {1}, "JS", new double[] {1});
        Combinations.Applicable a = Combinations.applicable(Combinations.ALL, cols);
        assertThat(a.present()).isEmpty();
        // ensemble_twelve has one member here: it says which are missing; vote has none: the input did not ask for it
        assertThat(a.skipped()).noneMatch(s -> s.startsWith("vote"))
                .anyMatch(s -> s.startsWith("ensemble_twelve left out: no column LNS, MNJS, WPJS"));
        assertThatThrownBy(() -> new Combination("v", Combination.Method.COPELAND_VOTE, List.of("a", "b")))
                .hasMessageContaining("at least 3 members");
    }

    /**
     * m1 = 1, 2, 3; m2 = 3, 2, 1; m3 = 2, 2, 1. (0, 1): one vote each and a tie: neither wins.
     * (0, 2): m2, m3 for 0. (1, 2): m2, m3 for 1. Counts 1, 1, 0.
     */
    @Test
    void copelandByHand() {
        double[] v = CopelandVote.counts(new double[][] {{1, 2, 3}, {3, 2, 1}, {2, 2, 1}});
        assertThat(v).containsExactly(1, 1, 0);
    }

    @Test
    void copelandEqualsBruteForceWithTiesMinusInfinityAndNaN() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + rnd.nextInt(40);
            int k = 3 + rnd.nextInt(3);
            double[][] m = new double[k][n];
            for (double[] row : m) {
                for (int i = 0; i < n; i++) {
                    int u = rnd.nextInt(12);
                    row[i] = u == 0 ? NEG : u == 1 && rnd.nextInt(4) == 0 ? NAN : rnd.nextInt(5);
                }
            }
            double[] fast = CopelandVote.counts(m);
            double[] acc = new double[n];
            for (int i = 0; i < n; i++) acc[i] = rnd.nextInt(6);
            long agree = 0;
            long pairs = 0;
            for (int a = 0; a < n; a++) {
                boolean inA = inPool(m, a);
                int wins = 0;
                for (int b = 0; b < n; b++) {
                    if (a == b || !inA || !inPool(m, b)) continue;
                    boolean beats = beats(m, a, b);
                    if (beats) wins++;
                    if (acc[a] != acc[b]) {
                        pairs++;
                        if (beats == acc[a] > acc[b]) agree++;
                    }
                }
                if (inA) assertThat(fast[a]).as("trial %d point %d", trial, a).isEqualTo(wins);
                else assertThat(fast[a]).isNaN();
            }
            double p = CopelandVote.pairwiseAccuracy(m, acc);
            if (pairs == 0) assertThat(p).isNaN();
            else assertThat(p).isCloseTo((double) agree / pairs, within(1e-15));
        }
    }

    /** The spec's literal rule: a ≻ b iff more than half the members give v(a) - v(b) &gt; 0. */
    private static boolean beats(double[][] m, int a, int b) {
        int votes = 0;
        for (double[] v : m) if (v[a] - v[b] > 0 || (v[a] > v[b])) votes++;
        return 2 * votes > m.length;
    }

    private static boolean inPool(double[][] m, int i) {
        for (double[] v : m) if (Double.isNaN(v[i])) return false;
        return true;
    }

    /**
     * Whole pool 10, 20, 30 with A = 3, 2, 1 and B = 1, 2, 3: the log-rank sum prefers 20 (ln(2/3) twice).
     * Run {10, 20} alone: both sum ln(1/2), the tie goes to the lower index 10. The run's best accuracy must be
     * 10's (90), not the whole pool's choice 20 (80).
     */
    @Test
    void eachRunIsItsOwnPool() {
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("A", new double[] {3, 2, 1});
        cols.put("B", new double[] {1, 2, 3});
        Combination c = new Combination("ensemble_t", Combination.Method.LOG_RANK_SUM, List.of("A", "B"));
        List<Evaluation.Row> rows = Evaluation.evaluate(new int[] {10, 20, 30}, cols, List.of(c),
                new double[] {90, 80, 70}, new int[][] {{0, 1}});
        Evaluation.Row row = rows.stream().filter(r -> r.score().equals("ensemble_t") && r.subset() == Subset.ALL)
                .findFirst().orElseThrow();
        assertThat(c.values(cols)[1]).isGreaterThan(c.values(cols)[0]);
        assertThat(row.bestAccuracy().mean()).isEqualTo(90.0);
        assertThat(row.metrics().n()).isEqualTo(3);
    }

    /** The split is a property of the index alone; 7,948 of 15,625 (cross-checked with a Python SplitMix64). */
    @Test
    void tuningHalf() {
        int t = 0;
        for (int i = 0; i < 15_625; i++) if (TuningSplit.tuning(i)) t++;
        assertThat(t).isEqualTo(7_948);
    }
}
