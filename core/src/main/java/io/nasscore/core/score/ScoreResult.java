package io.nasscore.core.score;

import io.nasscore.core.space.Arch;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one scoring produces (scores.md section 4): the requested scores and everything needed to trust and
 * compare them.
 *
 * @param scores the requested scores (absent = not requested)
 * @param jsRaw raw eigenvalue score of the clean-batch input Jacobian (NaN when no input score was asked)
 * @param weightTensors N, the parameter tensors with two or more dimensions (0 when no parameter score)
 * @param degenerateRows degenerate rows of the clean-batch input Jacobian
 * @param degenerateTensors parameter tensors whose similarity was undefined (fewer than 2 usable rows)
 * @param inputDegenerate the clean input Jacobian left fewer than 2 usable rows: every input score is 0
 * @param passMillis wall time of each forward/backward pass that ran
 * @param similarityMillis wall time of the similarity arithmetic (float64, on the CPU)
 * @param totalMillis wall time of the whole scoring, network construction included
 * @param device where the passes ran, e.g. "cpu()" or "gpu(0)"
 * @param proxyRaw the arithmetic's own value of each proxy the degenerate-architecture rule (baselines.md §1)
 *     replaced by −∞, for audit; empty otherwise
 */
public record ScoreResult(
        Arch arch,
        ScoreConfig config,
        Map<ScoreName, Double> scores,
        double jsRaw,
        int weightTensors,
        int degenerateRows,
        int degenerateTensors,
        boolean inputDegenerate,
        long params,
        Map<Pass, Double> passMillis,
        double similarityMillis,
        double totalMillis,
        String device,
        Map<ScoreName, Double> proxyRaw) {

    public ScoreResult {
        scores = Collections.unmodifiableMap(scores.isEmpty() ? new EnumMap<>(ScoreName.class) : new EnumMap<>(scores));
        passMillis = Collections.unmodifiableMap(passMillis.isEmpty() ? new EnumMap<>(Pass.class) : new EnumMap<>(passMillis));
        proxyRaw = Collections.unmodifiableMap(proxyRaw == null || proxyRaw.isEmpty() ? new EnumMap<>(ScoreName.class)
                : new EnumMap<>(proxyRaw));
    }

    /** A result without overridden proxies. */
    public ScoreResult(Arch arch, ScoreConfig config, Map<ScoreName, Double> scores, double jsRaw, int weightTensors,
            int degenerateRows, int degenerateTensors, boolean inputDegenerate, long params, Map<Pass, Double> passMillis,
            double similarityMillis, double totalMillis, String device) {
        this(arch, config, scores, jsRaw, weightTensors, degenerateRows, degenerateTensors, inputDegenerate, params,
                passMillis, similarityMillis, totalMillis, device, Map.of());
    }

    public int index() { return arch.index(); }

    /** The score's value, or NaN when it was not requested. */
    public double score(ScoreName name) {
        Double v = scores.get(name);
        return v == null ? Double.NaN : v;
    }
}
