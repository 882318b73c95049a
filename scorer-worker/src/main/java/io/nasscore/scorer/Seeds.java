package io.nasscore.scorer;

import io.nasscore.core.score.Pass;
import io.nasscore.core.space.SplitMix64;

/**
 * Every random draw of a scoring and the seed it comes from. A job's seed is {@code SplitMix64.mix(seed, arch
 * index)}; each use then gets its own derived stream, so that asking for fewer scores never changes the ones
 * computed (the weights do not depend on which passes run, and each noise level has its own stream).
 */
public final class Seeds {
    private Seeds() {}

    /** The seed of one (configuration seed, architecture) job. */
    public static long job(long seed, int archIndex) { return SplitMix64.mix(seed, archIndex); }

    /** Weight initialisation; tensor i then uses {@code mix(weights, i)} (see PyTorchInit). */
    public static long weights(long job) { return SplitMix64.mix(job, 1); }

    /** The batch of the {@code fresh} policy. */
    public static long freshBatch(long job) { return SplitMix64.mix(job, 2); }

    /** The {@code fixed} batch: a shuffle of the image file by the run seed itself, the same for every arch. */
    public static long fixedBatch(long seed) { return seed; }

    /** AZ-NAS's own network, Gaussian input and signs (baselines.md §9.3), independent of the clean pass. */
    public static long az(long job) { return SplitMix64.mix(job, 3); }

    /** ε of a noise pass. */
    public static long noise(long job, Pass pass) { return SplitMix64.mix(job, 16 + pass.ordinal()); }
}
