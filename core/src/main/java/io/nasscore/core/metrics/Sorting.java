package io.nasscore.core.metrics;

/** Primitive index sorts shared by the metrics (no boxing, no comparator objects). */
final class Sorting {
    private Sorting() {}

    /** 0, 1, ..., n-1. */
    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    /**
     * Stable bottom-up merge sort of the index array {@code a} by {@code primary[a[i]]}, then (when not null)
     * by {@code secondary[a[i]]}. Returns the number of inversions removed, counting only pairs that
     * compare STRICTLY out of order (equal keys are not inversions). Keys must not be NaN; -0.0 and 0.0 are
     * equal. {@code buf} must be at least as long as {@code a}.
     */
    static long mergeSort(int[] a, int[] buf, double[] primary, double[] secondary) {
        int n = a.length;
        long inversions = 0;
        int[] src = a;
        int[] dst = buf;
        for (int width = 1; width < n; width <<= 1) {
            for (int lo = 0; lo < n; lo += width << 1) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + (width << 1), n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    int ai = src[i];
                    int bj = src[j];
                    if (less(bj, ai, primary, secondary)) {
                        dst[k++] = bj;
                        j++;
                        inversions += mid - i;
                    } else {
                        dst[k++] = ai;
                        i++;
                    }
                }
                while (i < mid) dst[k++] = src[i++];
                while (j < hi) dst[k++] = src[j++];
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) System.arraycopy(src, 0, a, 0, n);
        return inversions;
    }

    private static boolean less(int p, int q, double[] primary, double[] secondary) {
        double x = primary[p];
        double y = primary[q];
        if (x < y) return true;
        if (x > y || secondary == null) return false;
        return secondary[p] < secondary[q];
    }

    /**
     * Average ranks (1-based; tied values share the mean of their positions) of {@code v}, written into
     * {@code out}. {@code perm} and {@code buf} are scratch arrays of length n.
     */
    static void averageRanks(double[] v, double[] out, int[] perm, int[] buf) {
        int n = v.length;
        for (int i = 0; i < n; i++) perm[i] = i;
        mergeSort(perm, buf, v, null);
        int i = 0;
        while (i < n) {
            int j = i + 1;
            double value = v[perm[i]];
            while (j < n && v[perm[j]] == value) j++;
            double rank = (i + j + 1) / 2.0; // mean of positions i+1 .. j
            for (int k = i; k < j; k++) out[perm[k]] = rank;
            i = j;
        }
    }

    static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) return false;
        }
        return true;
    }

    /**
     * True when every value equals the first (or there are none). Tested exactly, not through the variance:
     * the mean of n equal doubles need not equal them, which would leave a spurious tiny variance.
     * A NaN makes the array non-constant (callers reject NaN first).
     */
    static boolean isConstant(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (v[i] != v[0]) return false;
        }
        return true;
    }

    static void checkSameLength(String what, int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException(what + ": arrays differ in length (" + a + " vs " + b + ")");
        }
    }
}
