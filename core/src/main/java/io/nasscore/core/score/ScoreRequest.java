package io.nasscore.core.score;

import io.nasscore.core.space.Arch;
import java.util.Set;

/** One architecture to score under one configuration: what a scorer takes. */
public record ScoreRequest(Arch arch, ScoreConfig config, Set<ScoreName> scores) {
    public ScoreRequest {
        if (arch == null || config == null) throw new IllegalArgumentException("arch and config are required");
        if (scores == null || scores.isEmpty()) throw new IllegalArgumentException("at least one score is required");
        scores = Set.copyOf(scores);
    }

    public int index() { return arch.index(); }
}
