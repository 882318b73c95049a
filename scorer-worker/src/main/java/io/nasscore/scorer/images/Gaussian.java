package io.nasscore.scorer.images;

import io.nasscore.core.space.SplitMix64;

/** Standard-normal draws from a SplitMix64 stream (Marsaglia's polar method): portable and documented. */
public final class Gaussian {
    private Gaussian() {}

    /** Fills dst[0..n) with i.i.d. N(0, 1) values. */
    public static void fill(float[] dst, int n, SplitMix64 rng) {
        int i = 0;
        while (i < n) {
            double u;
            double v;
            double s;
            do {
                u = 2 * uniform(rng) - 1;
                v = 2 * uniform(rng) - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double m = Math.sqrt(-2 * Math.log(s) / s);
            dst[i++] = (float) (u * m);
            if (i < n) dst[i++] = (float) (v * m);
        }
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public static double uniform(SplitMix64 rng) { return (rng.nextLong() >>> 11) * 0x1.0p-53; }
}
