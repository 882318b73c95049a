package io.nasscore.scorer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.space.Arch;
import io.nasscore.scorer.images.Batch;

/**
 * What every pass of one scoring shares.
 *
 * @param job        the job's seed ({@link Seeds#job}), from which the weight, batch and noise seeds derive
 * @param weightSeed the seed of the networks' initial weights
 * @param xShape     the batch's shape (B, 3, side, side)
 * @param training   batch norm in training mode (batch statistics)
 * @param m          the scoring's manager (each pass runs in a sub-manager of it)
 */
record ScoringSetup(Arch arch, ScoreConfig cfg, long job, long weightSeed, Batch batch, Shape xShape, boolean training,
        ParameterStore store, NDManager m) {

    int classes() { return cfg.dataset().classes(); }
}
