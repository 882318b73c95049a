package io.nasscore.core.metrics;

import io.nasscore.core.space.SplitMix64;

/**
 * The fixed split of the 15,625 NB201 architectures into a tuning half and a held-out half: anything chosen by
 * looking at accuracies (e.g. the members of a combined score) is chosen on the tuning half, and only the
 * held-out half is reported. Membership is the top bit of SplitMix64.mix(SEED, index): a property of the index
 * alone, so every pool splits the same way (7,948 tuning, 7,677 held-out of the whole space).
 */
public final class TuningSplit {
    private TuningSplit() {}

    public static final long SEED = 20261201L;

    public static boolean tuning(int archIndex) {
        return SplitMix64.mix(SEED, archIndex) >= 0; // top bit clear
    }
}
