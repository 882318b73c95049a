package io.nasscore.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proxies through the scorer (real DJL, CPU, B = 16): which passes run for which scores, and the −∞ rule. */
class JacobianScorerProxiesTest {
    static JacobianScorer scorer;

    @BeforeAll
    static void open() { scorer = new JacobianScorer("cpu"); }

    @AfterAll
    static void close() { scorer.close(); }

    static ScoreConfig config() { return ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(16); }

    /** Runs one scoring and returns {passes run, of them with parameter gradients}. */
    static long[] passes(ScoreResult[] out, int index, ScoreConfig cfg, Set<ScoreName> scores) {
        long p0 = scorer.passesRun();
        long g0 = scorer.parameterGradientPassesRun();
        out[0] = scorer.score(new ScoreRequest(SearchSpace.arch(index), cfg, scores));
        return new long[] {scorer.passesRun() - p0, scorer.parameterGradientPassesRun() - g0};
    }

    @Test
    void onlyThePassesTheRequestedProxiesNeedRun() {
        ScoreResult[] r = new ScoreResult[1];
        // NASWOT alone: one forward with the hooks, no gradient
        assertThat(passes(r, 1, config(), EnumSet.of(ScoreName.NWOT))).containsExactly(1, 0);
        assertThat(r[0].passMillis().keySet()).containsExactly(Pass.CLEAN);
        assertThat(r[0].score(ScoreName.NWOT)).isFinite();
        // the gradient proxies share the clean pass
        assertThat(passes(r, 1, config(), EnumSet.of(ScoreName.GRAD_NORM, ScoreName.SNIP, ScoreName.PLAIN, ScoreName.NWOT)))
                .containsExactly(1, 1);
        // ZiCo: the clean pass and a second batch, both with weight gradients
        assertThat(passes(r, 1, config(), EnumSet.of(ScoreName.ZICO))).containsExactly(2, 2);
        assertThat(r[0].passMillis().keySet()).containsExactlyInAnyOrder(Pass.CLEAN, Pass.ZICO);
        // l2_norm and az_flops: no pass at all
        assertThat(passes(r, 1, config(), EnumSet.of(ScoreName.L2_NORM, ScoreName.AZ_FLOPS))).containsExactly(0, 0);
        assertThat(r[0].passMillis()).isEmpty();
        assertThat(r[0].score(ScoreName.AZ_FLOPS)).isEqualTo(113.95137);
        // synflow: its own float64 pass only
        assertThat(passes(r, 1, config(), EnumSet.of(ScoreName.SYNFLOW))).containsExactly(0, 0);
        assertThat(r[0].passMillis().keySet()).containsExactly(Pass.SYNFLOW);
        // jacov under the loss target: its own input-gradient pass, beside the clean one of JS
        assertThat(passes(r, 1, config(), EnumSet.of(ScoreName.JS, ScoreName.JACOV))).containsExactly(2, 0);
        assertThat(r[0].passMillis().keySet()).containsExactlyInAnyOrder(Pass.CLEAN, Pass.JACOV);
        double jacovLossTarget = r[0].score(ScoreName.JACOV);
        // under output-sum it is the clean pass's raw JS: no extra pass, the same number
        ScoreConfig outputSum = config().withTarget(ScoreConfig.JacobianTarget.OUTPUT_SUM);
        assertThat(passes(r, 1, outputSum, EnumSet.of(ScoreName.JS, ScoreName.JACOV))).containsExactly(1, 0);
        assertThat(r[0].passMillis().keySet()).containsExactly(Pass.CLEAN);
        assertThat(r[0].score(ScoreName.JACOV)).isEqualTo(r[0].jsRaw()).isEqualTo(jacovLossTarget);
        // the twelve paper scores still run their four passes
        assertThat(passes(r, 1, config(), ScoreName.PAPER)).containsExactly(4, 1);
        // everything: 4 paper passes + jacov + zico (synflow and AZ counted by their times)
        assertThat(passes(r, 1, config(), EnumSet.allOf(ScoreName.class))).containsExactly(6, 2);
        assertThat(r[0].passMillis().keySet()).containsExactlyInAnyOrder(Pass.values());
        assertThat(r[0].scores()).hasSize(24);
        for (ScoreName s : ScoreName.PROXIES) assertThat(r[0].score(s)).as(s.column()).isFinite();
    }

    /** baselines.md §11: the all-`none` arch 1651 has raw grad_norm = snip = zico = 0 and synflow S = 0; emitted −∞. */
    @Test
    void allNoneArchitectureGetsMinusInfinityWithTheRawValueKept() {
        ScoreResult r = scorer.score(new ScoreRequest(SearchSpace.arch(1651), config(),
                EnumSet.of(ScoreName.GRAD_NORM, ScoreName.SNIP, ScoreName.SYNFLOW, ScoreName.ZICO, ScoreName.NWOT,
                        ScoreName.JACOV, ScoreName.L2_NORM)));
        for (ScoreName s : ProxyPasses.OVERRIDDEN) assertThat(r.score(s)).as(s.column()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(r.proxyRaw().get(ScoreName.GRAD_NORM)).isZero();
        assertThat(r.proxyRaw().get(ScoreName.SNIP)).isZero();
        assertThat(r.proxyRaw().get(ScoreName.ZICO)).isZero();
        assertThat(r.proxyRaw().get(ScoreName.SYNFLOW)).as("ln S with S = 0").isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(r.proxyRaw()).containsKey(ScoreName.NWOT);
        assertThat(r.score(ScoreName.L2_NORM)).as("not data-dependent: no override").isFinite();
    }

    @Test
    void evalBatchNormComputesNoProxy() {
        ScoreConfig c = config();
        ScoreConfig eval = new ScoreConfig(c.dataset(), c.batchSize(), c.batchPolicy(), c.target(), ScoreConfig.BnMode.EVAL,
                c.seed(), c.normalisation(), c.data());
        ScoreResult r = scorer.score(new ScoreRequest(SearchSpace.arch(1), eval, EnumSet.of(ScoreName.JS, ScoreName.NWOT)));
        assertThat(r.scores()).containsOnlyKeys(ScoreName.JS);
    }
}
