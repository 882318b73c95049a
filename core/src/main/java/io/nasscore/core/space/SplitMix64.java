package io.nasscore.core.space;

/** A small, fully specified generator (Steele et al. 2014), so that samples are portable and documented. */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) { this.state = seed; }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound) without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        // rejection on 63 bits, as java.util.Random.nextLong(bound) does
        long r;
        long m;
        do {
            r = nextLong() >>> 1;
            m = r % bound;
        } while (r - m + (bound - 1) < 0);
        return (int) m;
    }

    /** A seed derived from two values (for example a run seed and an arch index). */
    public static long mix(long a, long b) {
        SplitMix64 g = new SplitMix64(a * 0x9E3779B97F4A7C15L + b);
        return g.nextLong();
    }
}
