package io.nasscore.core.metrics;

/**
 * The anchors' majority vote (baselines.md §10, Abdelfattah et al.): a ≻ b iff more than half of the members give
 * v_m(a) - v_m(b) &gt; 0 (strict: a tie is a vote for b; with three members, at least 2 of 3). -∞ is below every
 * finite value. O(n² · members) over primitive arrays: 15,625 architectures and 3 members take about a second.
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
        double[] rows = rowMajor(members, pool);
        int[] wins = new int[m];
        for (int i = 0; i < m; i++) {
            int oi = i * k;
            for (int j = i + 1; j < m; j++) {
                int oj = j * k;
                int forI = 0;
                int forJ = 0;
                for (int c = 0; c < k; c++) {
                    double a = rows[oi + c];
                    double b = rows[oj + c];
                    if (a > b) forI++;
                    else if (b > a) forJ++;
                }
                if (2 * forI > k) wins[i]++;
                else if (2 * forJ > k) wins[j]++;
            }
        }
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        for (int i = 0; i < m; i++) out[pool[i]] = wins[i];
        return out;
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
        double[] rows = rowMajor(members, java.util.Arrays.copyOf(pool, m));
        double[] acc = new double[m];
        for (int i = 0; i < m; i++) acc[i] = accuracy[pool[i]];
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
                    double a = rows[oi + c];
                    double b = rows[oj + c];
                    if (a > b) forI++;
                    else if (b > a) forJ++;
                }
                boolean iBetter = acc[i] > acc[j];
                // ordered pair (i, j) and ordered pair (j, i)
                if ((2 * forI > k) == iBetter) agree++;
                if ((2 * forJ > k) == !iBetter) agree++;
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

    /** The members' values of the pool, one row of k values per point: the inner loop then reads memory in order. */
    private static double[] rowMajor(double[][] members, int[] pool) {
        int k = members.length;
        double[] rows = new double[pool.length * k];
        for (int i = 0; i < pool.length; i++) {
            for (int c = 0; c < k; c++) rows[i * k + c] = members[c][pool[i]];
        }
        return rows;
    }
}
