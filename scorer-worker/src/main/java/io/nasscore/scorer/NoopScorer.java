package io.nasscore.scorer;

import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.Cost;
import io.nasscore.core.space.SplitMix64;
import java.util.EnumMap;
import java.util.Map;

/**
 * A BENCHMARK TOOL, never the default scorer: returns instantly a well-formed record whose scores are dummy values
 * in [0, 1) derived from the arch index and the seed (deterministic, never NaN), with device "noop" and zero pass
 * times. It lets pipeline benchmarks measure everything but the network passes.
 */
public final class NoopScorer implements Scorer {

    @Override
    public ScoreResult score(ScoreRequest request) {
        long t0 = System.nanoTime();
        int index = request.index();
        long seed = Seeds.job(request.config().seed(), index);
        Map<ScoreName, Double> scores = new EnumMap<>(ScoreName.class);
        for (ScoreName s : request.scores()) {
            scores.put(s, (SplitMix64.mix(seed, s.ordinal()) >>> 11) * 0x1.0p-53);
        }
        boolean input = request.scores().stream().anyMatch(s -> s.space() == ScoreName.Space.INPUT);
        boolean param = ScoreName.needsParameterGradients(request.scores());
        Map<Pass, Double> passMillis = new EnumMap<>(Pass.class);
        for (Pass p : ScoreName.passes(request.scores())) passMillis.put(p, 0.0);
        return new ScoreResult(request.arch(), request.config(), scores,
                input ? -(double) request.config().batchSize() : Double.NaN,
                param ? Cost.weightTensors(request.arch()) : 0, 0, 0, false,
                Cost.params(request.arch(), request.config().dataset().classes()),
                passMillis, 0.0, (System.nanoTime() - t0) / 1e6, device());
    }

    @Override public String device() { return "noop"; }

    @Override public String engineVersion() { return "noop"; }

    @Override public void close() { }
}
