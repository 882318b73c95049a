package io.nasscore.scorer;

import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;

/**
 * Turns one scoring request into one score record. Implementations are single-threaded: DJL allows one open
 * gradient collector per process, so a worker JVM runs one scorer on one thread and scales by processes.
 */
public interface Scorer extends AutoCloseable {

    /** Scores one architecture; throws an exception with a clear message when the request cannot be scored. */
    ScoreResult score(ScoreRequest request);

    /** Where the passes run, e.g. "cpu()" or "gpu(0)". */
    String device();

    /** Engine and library versions, e.g. "PyTorch 2.5.1 / DJL 0.33.0", stored with every record. */
    String engineVersion();

    @Override
    void close();
}
