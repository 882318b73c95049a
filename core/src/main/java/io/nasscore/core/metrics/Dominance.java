package io.nasscore.core.metrics;

import java.util.Arrays;

/**
 * Strict dominance counts over integer coordinates: for every point a, how many points b lie strictly below it in
 * two (or three) coordinates at once. The majority vote of three members is made of them ({@link CopelandVote}):
 * a ≻ b on at least 2 of 3 exactly when b is counted in D12 + D13 + D23 − 2·D123. O(n log n) for two coordinates
 * (a sweep with a Fenwick tree), O(n log² n) for three (divide and conquer on the first coordinate), where the
 * pairwise count is O(n²): 15,625 points cost ms instead of 0.4 s, which the aggregator pays on every recompute.
 * Coordinates must be ≥ 0; ties are never "below".
 */
final class Dominance {
    private Dominance() {}

    /** D(a) = #{b : x[b] &lt; x[a] and y[b] &lt; y[a]}. */
    static int[] below(int[] x, int[] y) {
        int n = x.length;
        int[] byX = order(x, identity(n));
        Fenwick f = new Fenwick(max(y) + 1);
        int[] out = new int[n];
        for (int g = 0; g < n; ) {
            int end = g;
            while (end < n && x[byX[end]] == x[byX[g]]) end++;
            for (int i = g; i < end; i++) out[byX[i]] = f.countBelow(y[byX[i]]); // equal x: not yet inserted
            for (int i = g; i < end; i++) f.add(y[byX[i]], 1);
            g = end;
        }
        return out;
    }

    /** D(a) = #{b : x[b] &lt; x[a], y[b] &lt; y[a] and z[b] &lt; z[a]}. */
    static int[] below(int[] x, int[] y, int[] z) {
        int n = x.length;
        int[] out = new int[n];
        int[] byX = order(x, identity(n));
        new Cdq(x, y, z, out).solve(byX, 0, n);
        return out;
    }

    /** Divide on the first coordinate: every point of the lower half has a strictly smaller x than the upper half. */
    private static final class Cdq {
        private final int[] x;
        private final int[] y;
        private final int[] z;
        private final int[] out;
        private final Fenwick f;

        Cdq(int[] x, int[] y, int[] z, int[] out) {
            this.x = x;
            this.y = y;
            this.z = z;
            this.out = out;
            this.f = new Fenwick(max(z) + 1);
        }

        /** {@code idx[lo, hi)} sorted by x. */
        void solve(int[] idx, int lo, int hi) {
            if (hi - lo < 2 || x[idx[lo]] == x[idx[hi - 1]]) return; // one x value: nobody strictly below in x
            int mid = (lo + hi) >>> 1;
            // move the split to a boundary between two x values, on whichever side is closer
            int up = mid;
            while (up < hi && x[idx[up]] == x[idx[up - 1]]) up++;
            int down = mid;
            while (down > lo && x[idx[down]] == x[idx[down - 1]]) down--;
            int split = (up < hi && (down == lo || up - mid <= mid - down)) ? up : down;
            solve(idx, lo, split);
            solve(idx, split, hi);
            int[] lower = order(y, Arrays.copyOfRange(idx, lo, split));
            int[] upper = order(y, Arrays.copyOfRange(idx, split, hi));
            int added = 0;
            for (int u : upper) {
                while (added < lower.length && y[lower[added]] < y[u]) f.add(z[lower[added++]], 1);
                out[u] += f.countBelow(z[u]);
            }
            for (int i = 0; i < added; i++) f.add(z[lower[i]], -1); // leave the tree empty for the next merge
        }
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }

    /** {@code idx} sorted by {@code key[idx]} (ties in any order), as a new array; keys and indices fit in 31 bits. */
    private static int[] order(int[] key, int[] idx) {
        long[] packed = new long[idx.length];
        for (int i = 0; i < idx.length; i++) packed[i] = ((long) key[idx[i]] << 32) | idx[i];
        Arrays.sort(packed);
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) out[i] = (int) packed[i];
        return out;
    }

    private static int max(int[] v) {
        int m = 0;
        for (int a : v) {
            if (a < 0) throw new IllegalArgumentException("dominance: negative coordinate " + a);
            m = Math.max(m, a);
        }
        return m;
    }

    /** Counts per value 0..size-1, prefix sums in O(log size). */
    private static final class Fenwick {
        private final int[] tree;

        Fenwick(int size) {
            tree = new int[size + 1];
        }

        void add(int value, int delta) {
            for (int i = value + 1; i < tree.length; i += i & -i) tree[i] += delta;
        }

        /** How many added values are &lt; {@code value}. */
        int countBelow(int value) {
            int s = 0;
            for (int i = value; i > 0; i -= i & -i) s += tree[i];
            return s;
        }
    }
}
