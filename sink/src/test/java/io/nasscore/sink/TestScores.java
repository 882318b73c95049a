package io.nasscore.sink;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.avro.ScoreRecord;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Score records for the sink's tests: every field set, values that tell the archs apart. */
final class TestScores {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");

    private TestScores() {}

    static ScoreConfig config(long seed) {
        return ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(8).withSeed(seed);
    }

    /** A record holding {@code scores} (value NaN for every score when {@code nan}), times on every pass. */
    static ScoreRecord record(ScoreConfig c, int index, String experiment, Set<ScoreName> scores, boolean nan, String device) {
        return record(c, index, experiment, scores, nan, device, T0.plusSeconds(index));
    }

    /** As above, scored at {@code scoredAt}. */
    static ScoreRecord record(ScoreConfig c, int index, String experiment, Set<ScoreName> scores, boolean nan, String device,
                              Instant scoredAt) {
        Map<ScoreName, Double> v = new EnumMap<>(ScoreName.class);
        for (ScoreName s : scores) v.put(s, nan ? Double.NaN : 0.5 + index / 1e5 + s.ordinal() / 1e3);
        Map<Pass, Double> passes = new EnumMap<>(Pass.class);
        for (Pass p : ScoreName.passes(scores)) passes.put(p, 10.0 + p.ordinal());
        ScoreResult r = new ScoreResult(SearchSpace.arch(index), c, v, -3.0 - index, 5, 1, 2, index % 2 == 0, 1000 + index,
                passes, 1.5, 2.5, device);
        return Convert.scoreRecord(r, experiment, Keys.jobId(c, index), List.of(index % 3, 7), "w" + index, "test",
                scoredAt);
    }

    /** The record of arch {@code index} in {@code experiment} with every score (config of seed 0). */
    static ScoreRecord record(String experiment, int index) {
        return record(config(0), index, experiment, EnumSet.allOf(ScoreName.class), false, "cpu()");
    }
}
