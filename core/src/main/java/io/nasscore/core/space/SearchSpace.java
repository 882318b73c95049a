package io.nasscore.core.space;

import java.util.Arrays;

/**
 * The 15,625 NB201 cells in the official index order: the base-5 enumeration shuffled exactly as
 * {@code random.seed(88); random.shuffle(list)} does in CPython (NB201's {@code generate_meta_info}).
 */
public final class SearchSpace {
    public static final int SIZE = 15625;
    private static final int ORDER_SEED = 88;

    /** official index -> pre-shuffle index, and its inverse. */
    private static final int[] PRE_OF_INDEX = new int[SIZE];
    private static final int[] INDEX_OF_PRE = new int[SIZE];

    static {
        int[] list = new int[SIZE];
        for (int i = 0; i < SIZE; i++) list[i] = i;
        Mt19937 rng = new Mt19937(ORDER_SEED);
        for (int i = SIZE - 1; i >= 1; i--) {
            int j = rng.randBelow(i + 1);
            int t = list[i];
            list[i] = list[j];
            list[j] = t;
        }
        for (int p = 0; p < SIZE; p++) {
            PRE_OF_INDEX[p] = list[p];
            INDEX_OF_PRE[list[p]] = p;
        }
    }

    private SearchSpace() {}

    /** The cell at an official NB201 index. */
    public static Arch arch(int index) {
        checkIndex(index);
        return Arch.ofPreIndex(PRE_OF_INDEX[index]);
    }

    /** The official NB201 index of a cell. */
    public static int indexOf(Arch arch) { return INDEX_OF_PRE[arch.preIndex()]; }

    /** Throws a clear error unless 0 <= index < 15625. */
    public static void checkIndex(int index) {
        if (index < 0 || index >= SIZE) {
            throw new InvalidArchException("arch index " + index + " is outside 0.." + (SIZE - 1));
        }
    }

    /**
     * Reads either an index ("1462") or an arch string, the two forms users type; the message names the
     * input when it is neither.
     */
    public static Arch resolve(String indexOrArch) {
        String s = indexOrArch == null ? "" : indexOrArch.trim();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            try {
                return arch(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                throw new InvalidArchException("arch index " + s + " is outside 0.." + (SIZE - 1));
            }
        }
        return Arch.parse(s);
    }

    /**
     * n distinct indices drawn uniformly without replacement (a partial Fisher-Yates shuffle with a
     * SplitMix64 stream seeded by {@code seed}), in draw order. Same seed, same sample, on every JVM.
     */
    public static int[] sample(int n, long seed) {
        if (n < 0 || n > SIZE) {
            throw new IllegalArgumentException("sample size " + n + " is outside 0.." + SIZE);
        }
        int[] all = new int[SIZE];
        for (int i = 0; i < SIZE; i++) all[i] = i;
        SplitMix64 rng = new SplitMix64(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(SIZE - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, n);
    }

    /** R samples of n, run r seeded by (seed, r): the paper's "R runs of N architectures". */
    public static int[][] runs(int runs, int n, long seed) {
        int[][] out = new int[runs][];
        for (int r = 0; r < runs; r++) out[r] = sample(n, SplitMix64.mix(seed, r));
        return out;
    }
}
