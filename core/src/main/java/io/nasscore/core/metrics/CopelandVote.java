package io.nasscore.core.metrics;

/**
 * The anchors' majority vote (baselines.md §10, Abdelfattah et al.): a ≻ b iff more than half of the members give
 * v_m(a) - v_m(b) &gt; 0 (strict: a tie is a vote for b; with three members, at least 2 of 3). -∞ is below every
 * finite value. O(n² · members) over the members' integer ranks, branch-free in the inner loop; with three members (the anchors' vote)
 * O(n log² n) by dominance counting.
 */
public final class CopelandVote {
    private CopelandVote() {}

    /**
     * The Copeland count V(a) = #{b ≠ a : a ≻ b} of every point; NaN for a point with a NaN member value (not in
     * the pool: it neither wins nor loses).
     *
     * @param members one array per member, all of the pool's length
     */
    public static double[] counts(double[][] members) {
        int n = length(members);
        int k = members.length;
        int[] pool = pool(members, n);
        int m = pool.length;
        int[] rows = rowMajor(members, pool);
        int[] wins = k == 3 ? countsOfThree(rows, m) : countsPairwise(rows, m, k);
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        for (int i = 0; i < m; i++) out[pool[i]] = wins[i];
        return out;
    }

    /**
     * The anchors' case (three members): a ≻ b on at least 2 of 3 exactly when b is strictly below a in two
     * members at once, counted once however many pairs of members agree: D12 + D13 + D23 − 2·D123
     * ({@link Dominance}, O(n log² n): the aggregator recomputes the vote of every table it refreshes).
     */
    static int[] countsOfThree(int[] rows, int m) {
        int[] r0 = new int[m];
        int[] r1 = new int[m];
        int[] r2 = new int[m];
        for (int i = 0; i < m; i++) {
            r0[i] = rows[3 * i];
            r1[i] = rows[3 * i + 1];
            r2[i] = rows[3 * i + 2];
        }
        int[] d01 = Dominance.below(r0, r1);
        int[] d02 = Dominance.below(r0, r2);
        int[] d12 = Dominance.below(r1, r2);
        int[] d012 = Dominance.below(r0, r1, r2);
        int[] wins = new int[m];
        for (int i = 0; i < m; i++) wins[i] = d01[i] + d02[i] + d12[i] - 2 * d012[i];
        return wins;
    }

    /** Pair by pair, O(n² · k): any number of members, and the oracle of {@link #countsOfThree}'s tests. */
    static int[] countsPairwise(int[] rows, int m, int k) {
        int half = k / 2; // a majority is more than half: votes > k / 2
        int[] wins = new int[m];
        for (int i = 0; i < m; i++) {
            int oi = i * k;
            int winsI = 0;
            for (int j = i + 1; j < m; j++) {
                int oj = j * k;
                int forI = 0;
                int forJ = 0;
                for (int c = 0; c < k; c++) {
                    int a = rows[oi + c];
                    int b = rows[oj + c];
                    // branch-free sign tests (ranks are small, no overflow): the votes are unpredictable
                    forI += (b - a) >>> 31;
                    forJ += (a - b) >>> 31;
                }
                winsI += (half - forI) >>> 31;
                wins[j] += (half - forJ) >>> 31;
            }
            wins[i] += winsI;
        }
        return wins;
    }

    /**
     * The paper's figure of merit (§10): over the ordered pairs (a, b) of pool points with different accuracies,
     * the share where the vote's verdict "a ≻ b" is true exactly when acc(a) &gt; acc(b). Points with a NaN
     * member value or a non-finite accuracy are left out. NaN when no pair qualifies.
     */
    public static double pairwiseAccuracy(double[][] members, double[] accuracy) {
        int n = length(members);
        Sorting.checkSameLength("pairwise accuracy", n, accuracy.length);
        int k = members.length;
        int[] pool = pool(members, n);
        int usable = 0;
        for (int p : pool) if (Double.isFinite(accuracy[p])) pool[usable++] = p;
        int m = usable;
        int[] rows = rowMajor(members, java.util.Arrays.copyOf(pool, m));
        double[] acc = new double[m];
        for (int i = 0; i < m; i++) acc[i] = accuracy[pool[i]];
        int half = k / 2;
        long pairs = 0;
        long agree = 0;
        for (int i = 0; i < m; i++) {
            int oi = i * k;
            for (int j = i + 1; j < m; j++) {
                if (acc[i] == acc[j]) continue;
                int oj = j * k;
                int forI = 0;
                int forJ = 0;
                for (int c = 0; c < k; c++) {
                    int a = rows[oi + c];
                    int b = rows[oj + c];
                    forI += (b - a) >>> 31;
                    forJ += (a - b) >>> 31;
                }
                boolean iBetter = acc[i] > acc[j];
                // ordered pair (i, j) and ordered pair (j, i)
                if ((forI > half) == iBetter) agree++;
                if ((forJ > half) == !iBetter) agree++;
                pairs += 2;
            }
        }
        return pairs == 0 ? Double.NaN : (double) agree / pairs;
    }

    private static int length(double[][] members) {
        if (members.length == 0) throw new IllegalArgumentException("vote: no members");
        int n = members[0].length;
        for (double[] v : members) Sorting.checkSameLength("vote", n, v.length);
        return n;
    }

    /** Positions whose every member value is not NaN. */
    private static int[] pool(double[][] members, int n) {
        int[] out = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            boolean ok = true;
            for (double[] v : members) if (Double.isNaN(v[i])) { ok = false; break; }
            if (ok) out[m++] = i;
        }
        return java.util.Arrays.copyOf(out, m);
    }

    /**
     * The members' values of the pool as integer ranks (twice the average rank: ties stay equal, order is kept,
     * -∞ lowest), one row of k per point: the inner loop then reads memory in order and compares ints.
     */
    private static int[] rowMajor(double[][] members, int[] pool) {
        int k = members.length;
        int m = pool.length;
        int[] rows = new int[m * k];
        double[] v = new double[m];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < m; i++) v[i] = members[c][pool[i]];
            double[] r = PoolRanks.averageRanks(v);
            for (int i = 0; i < m; i++) rows[i * k + c] = (int) (2 * r[i]);
        }
        return rows;
    }
}
