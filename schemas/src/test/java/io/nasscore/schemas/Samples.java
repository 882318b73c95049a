package io.nasscore.schemas;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** Realistic sample records shared by the tests. */
final class Samples {
    static final Instant AT = Instant.parse("2025-01-02T03:04:05.678Z");
    static final int INDEX = 1462;
    static final ScoreConfig CONFIG = ScoreConfig.defaults(Dataset.CIFAR10).withSeed(7);

    private Samples() {}

    static ScoreRequest request() {
        return new ScoreRequest(SearchSpace.arch(INDEX), CONFIG, EnumSet.of(ScoreName.JS, ScoreName.PJS, ScoreName.WPJS));
    }

    static ScoringJob job() { return Convert.scoringJob(request(), "exp-a", false, AT, List.of(0, 3)); }

    static ScoreResult result() {
        Map<ScoreName, Double> scores = new EnumMap<>(ScoreName.class);
        scores.put(ScoreName.JS, 0.998);
        scores.put(ScoreName.PJS, 0.61);
        scores.put(ScoreName.WPJS, Double.NaN);
        Map<Pass, Double> passes = new EnumMap<>(Pass.class);
        passes.put(Pass.CLEAN, 41.5);
        return new ScoreResult(SearchSpace.arch(INDEX), CONFIG, scores, -812.25, 16, 1, 0, false, 1_073_274L, passes,
                3.25, 60.0, "cpu()");
    }

    static ScoreRecord scoreRecord() {
        return Convert.scoreRecord(job(), result(), "host-1/42", "PyTorch 2.5.1 / DJL 0.33.0", AT);
    }

    static GroundTruth groundTruth() { return Convert.groundTruth(Dataset.CIFAR10, INDEX, 93.76, "cifar10_test", "nb201"); }

    static ScoreQuality quality() {
        return ScoreQuality.newBuilder().setExperiment("exp-a").setDataset("cifar10").setScore("WPJS")
                .setSubset(Keys.SUBSET_ALL).setWindow(Keys.WINDOW_CUMULATIVE).setConfigHash(CONFIG.hash())
                .setN(1000).setExcluded(2).setMonotonicity(0.61).setTauB(0.62).setSpearman(0.8).setSlope(0.05)
                .setSlopeSign(-1).setR2(0.4).setBestAccMean(93.1).setBestAccStd(0.2).setBestPercentileMean(1.6)
                .setRuns(10).setMeanMillis(55.0).setMedianMillis(null).setUpdatedAt(AT).build();
    }
}
