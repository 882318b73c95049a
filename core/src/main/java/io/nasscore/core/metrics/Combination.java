package io.nasscore.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A combined score (baselines.md §9.4, §10): a property of a pool of architectures, computed from its members'
 * per-architecture values over that pool and never stored per architecture. The pool is the points whose every
 * member value is not NaN; the others get NaN (excluded and counted by the metrics, like any NaN score).
 * Members are looked up by column name, ignoring case (our scores are upper case, the proxies lower case).
 *
 * @param name    the score name it is reported under
 * @param method  how the members are combined
 * @param members the member column names (at least one; three or more for a vote)
 * @param top     how the top of the pool is ordered, or null: in the method's order
 */
public record Combination(String name, Method method, List<String> members, Top top) {

    /** How the members' values over a pool become one value per point (higher is better for all three). */
    public enum Method {
        /** Σ_m ln(r_m(a)/n), r_m the average ascending rank among the n pool points (AZ-NAS, §9.4): at most 0 */
        LOG_RANK_SUM,
        /** Σ_m r_m(a) (§10) */
        LINEAR_RANK_SUM,
        /** the Copeland count of the majority vote (§10) */
        COPELAND_VOTE
    }

    /**
     * The top {@code percent} % of the pool by the method's value, ordered by one of the members and placed above
     * every other point ({@link TopReorder}).
     */
    public record Top(String member, int percent) {
        public Top {
            if (percent < 1 || percent > 100) throw new IllegalArgumentException("the top's share must be 1..100 %, not " + percent);
        }
    }

    public Combination {
        members = List.copyOf(members);
        if (members.isEmpty()) throw new IllegalArgumentException("combined score '" + name + "' has no members");
        if (method == Method.COPELAND_VOTE && members.size() < 3) {
            throw new IllegalArgumentException("combined score '" + name + "': a majority vote needs at least 3 members");
        }
        if (top != null && indexOf(members, top.member()) < 0) {
            throw new IllegalArgumentException("combined score '" + name + "': its top is ordered by '" + top.member()
                    + "', which is not one of its members");
        }
    }

    /** A combination whose top is in the method's order. */
    public Combination(String name, Method method, List<String> members) {
        this(name, method, members, null);
    }

    /** The members absent from {@code columns} (ignoring case); empty when the combination can be computed. */
    public List<String> missing(Map<String, double[]> columns) {
        List<String> out = new ArrayList<>();
        for (String m : members) if (column(columns, m) == null) out.add(m);
        return out;
    }

    /** The combined value of every point of {@code columns} (all of them form the pool). */
    public double[] values(Map<String, double[]> columns) {
        return values(columns, null);
    }

    /**
     * The combined value of the points at {@code positions} (they alone form the pool; null = every point), in
     * that order.
     */
    public double[] values(Map<String, double[]> columns, int[] positions) {
        double[][] v = new double[members.size()][];
        for (int c = 0; c < v.length; c++) {
            double[] col = column(columns, members.get(c));
            if (col == null) {
                throw new IllegalArgumentException("combined score '" + name + "' needs column '" + members.get(c) + "'");
            }
            v[c] = positions == null ? col : gather(col, positions);
        }
        return combine(v);
    }

    /** The combination of member arrays of one pool (equal lengths). */
    public double[] combine(double[][] v) {
        double[] base = methodValues(v);
        return top == null ? base : TopReorder.apply(base, v[indexOf(members, top.member())], top.percent());
    }

    private double[] methodValues(double[][] v) {
        int n = v[0].length;
        for (double[] x : v) Sorting.checkSameLength("combined score " + name, n, x.length);
        if (method == Method.COPELAND_VOTE) return CopelandVote.counts(v);
        // the pool: points with every member known (a NaN in one member takes the point out of every ranking)
        boolean[] in = new boolean[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            boolean ok = true;
            for (double[] x : v) if (Double.isNaN(x[i])) { ok = false; break; }
            in[i] = ok;
            if (ok) m++;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = in[i] ? 0 : Double.NaN;
        for (double[] x : v) {
            double[] masked = new double[n];
            for (int i = 0; i < n; i++) masked[i] = in[i] ? x[i] : Double.NaN;
            double[] r = PoolRanks.averageRanks(masked);
            for (int i = 0; i < n; i++) {
                if (!in[i]) continue;
                out[i] += method == Method.LOG_RANK_SUM ? Math.log(r[i] / m) : r[i];
            }
        }
        return out;
    }

    /** The column named {@code name}, exactly or else ignoring case; null when absent. */
    public static double[] column(Map<String, double[]> columns, String name) {
        double[] exact = columns.get(name);
        if (exact != null) return exact;
        for (Map.Entry<String, double[]> e : columns.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) return e.getValue();
        }
        return null;
    }

    private static int indexOf(List<String> members, String name) {
        for (int i = 0; i < members.size(); i++) if (members.get(i).equalsIgnoreCase(name)) return i;
        return -1;
    }

    private static double[] gather(double[] v, int[] positions) {
        double[] out = new double[positions.length];
        for (int i = 0; i < positions.length; i++) out[i] = v[positions[i]];
        return out;
    }
}
