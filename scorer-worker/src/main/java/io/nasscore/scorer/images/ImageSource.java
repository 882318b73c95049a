package io.nasscore.scorer.images;

import io.nasscore.core.Dataset;

/** Where the scoring images come from: a record file (or directory of them), or seeded random images. */
public interface ImageSource {

    Dataset dataset();

    /** Names the source in messages and records, e.g. "shipped CIFAR-10 sample (2000 images)". */
    String description();

    /** Images available; {@link Integer#MAX_VALUE} for a generator. */
    int size();

    /**
     * B normalised images chosen by a seed: for a file, the first B of a Fisher-Yates shuffle of all records driven
     * by {@code SplitMix64(seed)}; for a generator, B images drawn from that stream. Same seed, same batch.
     *
     * @throws IllegalArgumentException when the source holds fewer than B images (the message names it)
     */
    Batch batch(int b, long seed);
}
