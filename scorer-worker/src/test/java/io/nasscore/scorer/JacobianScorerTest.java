package io.nasscore.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.Cost;
import io.nasscore.core.space.SearchSpace;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real DJL on the CPU, small batches. */
class JacobianScorerTest {
    static final Set<ScoreName> ALL = EnumSet.copyOf(ScoreName.PAPER);
    static final Set<ScoreName> INPUT = EnumSet.of(ScoreName.JS, ScoreName.JSC, ScoreName.SNS, ScoreName.SNSC,
            ScoreName.LNS, ScoreName.LNSC, ScoreName.MNJS, ScoreName.MNJSC);
    static final Set<ScoreName> PARAM = EnumSet.of(ScoreName.PJS, ScoreName.PJSC, ScoreName.WPJS, ScoreName.WPJSI);
    static JacobianScorer scorer;

    @BeforeAll
    static void open() { scorer = new JacobianScorer("cpu"); }

    @AfterAll
    static void close() { scorer.close(); }

    static ScoreConfig config(int b) { return ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(b); }

    static ScoreResult score(int index, ScoreConfig cfg, Set<ScoreName> scores) {
        return scorer.score(new ScoreRequest(SearchSpace.arch(index), cfg, scores));
    }

    @Test
    void allTwelveScoresOfArch1AreFiniteAndInTheUnitInterval() {
        ScoreResult r = score(1, config(16), ALL);
        assertThat(r.scores()).hasSize(12);
        for (ScoreName s : ALL) {
            assertThat(r.score(s)).as(s.name()).isFinite().isBetween(0.0, 1.0);
        }
        assertThat(r.score(ScoreName.JS)).isGreaterThan(0.5);
        assertThat(r.jsRaw()).isFinite();
        assertThat(r.weightTensors()).isEqualTo(Cost.weightTensors(SearchSpace.arch(1))).isEqualTo(53);
        assertThat(r.params()).isEqualTo(802_426L);
        assertThat(r.inputDegenerate()).isFalse();
        assertThat(r.degenerateRows()).isZero();
        assertThat(r.passMillis().keySet()).containsExactlyInAnyOrder(Pass.CLEAN, Pass.NOISE_0_1, Pass.NOISE_10, Pass.NOISE_100);
        assertThat(r.similarityMillis()).isPositive();
        assertThat(r.totalMillis()).isGreaterThanOrEqualTo(r.similarityMillis());
        assertThat(r.device()).isEqualTo("cpu()");
        assertThat(scorer.engineVersion()).contains("PyTorch 2.5.1");
        System.out.println("arch 1, B=16: " + r);
    }

    @Test
    void sameRequestSameNumbersOtherSeedOtherNumbers() {
        ScoreResult a = score(857, config(8), ALL);
        ScoreResult b = score(857, config(8), ALL);
        ScoreResult c = score(857, config(8).withSeed(1), ALL);
        assertThat(b.scores()).isEqualTo(a.scores());
        assertThat(b.jsRaw()).isEqualTo(a.jsRaw());
        assertThat(c.jsRaw()).isNotEqualTo(a.jsRaw());
        assertThat(c.score(ScoreName.PJS)).isNotEqualTo(a.score(ScoreName.PJS));
        // asking for fewer scores does not change the ones computed
        ScoreResult lns = score(857, config(8), EnumSet.of(ScoreName.LNS, ScoreName.WPJS));
        assertThat(lns.score(ScoreName.LNS)).isEqualTo(a.score(ScoreName.LNS));
        assertThat(lns.score(ScoreName.WPJS)).isEqualTo(a.score(ScoreName.WPJS));
    }

    @Test
    void onlyTheNeededPassesRun() {
        assertPasses(EnumSet.of(ScoreName.JS), 1, 0);
        assertPasses(EnumSet.of(ScoreName.JSC), 1, 0);
        assertPasses(EnumSet.of(ScoreName.SNS), 2, 0);
        assertPasses(EnumSet.of(ScoreName.SNS, ScoreName.LNSC), 3, 0);
        assertPasses(ALL, 4, 1);
        assertPasses(EnumSet.of(ScoreName.PJS), 1, 1);
        assertPasses(PARAM, 1, 1);
        assertPasses(EnumSet.of(ScoreName.JS, ScoreName.WPJSI), 1, 1);
    }

    private static void assertPasses(Set<ScoreName> scores, int passes, int withParams) {
        long p0 = scorer.passesRun();
        long g0 = scorer.parameterGradientPassesRun();
        ScoreResult r = score(1, config(4), scores);
        assertThat(scorer.passesRun() - p0).as("passes for %s", scores).isEqualTo(passes);
        assertThat(scorer.parameterGradientPassesRun() - g0).as("parameter-gradient passes for %s", scores).isEqualTo(withParams);
        assertThat(r.passMillis().keySet()).isEqualTo(ScoreName.passes(scores));
        assertThat(r.scores().keySet()).isEqualTo(scores);
    }

    @Test
    void allNoneArchitectureScoresZeroOnInputScoresAndIsFlagged() {
        ScoreResult r = score(1651, config(8), ALL);
        assertThat(r.inputDegenerate()).isTrue();
        assertThat(r.degenerateRows()).isEqualTo(8);
        for (ScoreName s : INPUT) assertThat(r.score(s)).as(s.name()).isEqualTo(0.0);
        // parameter scores are still computed: every weight gradient is zero (nothing reaches the head), so each
        // tensor is degenerate and scores 0, and all of them still count in N
        assertThat(r.weightTensors()).isEqualTo(Cost.weightTensors(SearchSpace.arch(1651))).isEqualTo(8);
        for (ScoreName s : PARAM) assertThat(r.score(s)).as(s.name()).isFinite().isBetween(0.0, 1.0);
        System.out.println("arch 1651: " + r);
    }

    @Test
    void mellorTargetRunsWithOneExtraPassForParameterScores() {
        long p0 = scorer.passesRun();
        ScoreResult r = score(1, config(8).withTarget(ScoreConfig.JacobianTarget.MELLOR), ALL);
        assertThat(scorer.passesRun() - p0).isEqualTo(5);
        for (ScoreName s : ALL) assertThat(r.score(s)).as(s.name()).isFinite().isBetween(0.0, 1.0);
        ScoreResult in = score(1, config(8).withTarget(ScoreConfig.JacobianTarget.MELLOR), EnumSet.of(ScoreName.JS));
        assertThat(in.score(ScoreName.JS)).isEqualTo(r.score(ScoreName.JS));
        ScoreResult loss = score(1, config(8), EnumSet.of(ScoreName.JS, ScoreName.PJS));
        assertThat(loss.score(ScoreName.PJS)).isEqualTo(r.score(ScoreName.PJS)); // same K-class net and CE loss
    }

    @Test
    void outputSumTargetRuns() {
        ScoreResult r = score(1, config(8).withTarget(ScoreConfig.JacobianTarget.OUTPUT_SUM), ALL);
        for (ScoreName s : ALL) assertThat(r.score(s)).as(s.name()).isFinite().isBetween(0.0, 1.0);
    }

    @Test
    void evalBatchNormRuns() {
        ScoreConfig eval = new ScoreConfig(Dataset.CIFAR10, 8, ScoreConfig.BatchPolicy.FIXED, ScoreConfig.JacobianTarget.LOSS,
                ScoreConfig.BnMode.EVAL, 0, ScoreConfig.Normalisation.BOUNDS, ScoreConfig.SHIPPED);
        ScoreResult r = score(1, eval, ALL);
        ScoreResult t = score(1, config(8), ALL);
        for (ScoreName s : ALL) assertThat(r.score(s)).as(s.name()).isFinite().isBetween(0.0, 1.0);
        assertThat(r.jsRaw()).isNotEqualTo(t.jsRaw());
    }

    @Test
    void freshBatchesDifferPerArchitectureAndRandomImagesWorkForImageNet16() {
        ScoreConfig fresh = new ScoreConfig(Dataset.CIFAR10, 8, ScoreConfig.BatchPolicy.FRESH, ScoreConfig.JacobianTarget.LOSS,
                ScoreConfig.BnMode.TRAIN, 0, ScoreConfig.Normalisation.BOUNDS, ScoreConfig.SHIPPED);
        ScoreResult f = score(1, fresh, EnumSet.of(ScoreName.JS));
        ScoreResult x = score(1, config(8), EnumSet.of(ScoreName.JS));
        assertThat(f.jsRaw()).isNotEqualTo(x.jsRaw());
        ScoreResult inet = score(1, ScoreConfig.defaults(Dataset.IMAGENET16_120).withBatchSize(8), ALL);
        for (ScoreName s : ALL) assertThat(inet.score(s)).as(s.name()).isFinite().isBetween(0.0, 1.0);
        assertThat(inet.params()).isEqualTo(809_576L);
    }

    @Test
    void badRequestsGiveClearErrors() {
        assertThatThrownBy(() -> score(1, config(2001), EnumSet.of(ScoreName.JS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size 2001").hasMessageContaining("2000 images");
        ScoreConfig minmax = new ScoreConfig(Dataset.CIFAR10, 8, ScoreConfig.BatchPolicy.FIXED, ScoreConfig.JacobianTarget.LOSS,
                ScoreConfig.BnMode.TRAIN, 0, ScoreConfig.Normalisation.MINMAX, ScoreConfig.SHIPPED);
        assertThatThrownBy(() -> score(1, minmax, EnumSet.of(ScoreName.JS))).hasMessageContaining("minmax");
        assertThatThrownBy(() -> new JacobianScorer("gpu:3")).hasMessageContaining("gpu:3");
        assertThatThrownBy(() -> new JacobianScorer("tpu")).hasMessageContaining("tpu");
        // the scorer still works after a refused request
        assertThat(score(1, config(4), EnumSet.of(ScoreName.JS)).score(ScoreName.JS)).isBetween(0.0, 1.0);
    }

    @Test
    void noopScorerIsInstantAndWellFormed() {
        try (NoopScorer noop = new NoopScorer()) {
            ScoreResult r = noop.score(new ScoreRequest(SearchSpace.arch(1), config(256), ALL));
            assertThat(r.device()).isEqualTo("noop");
            assertThat(r.scores()).hasSize(12);
            for (ScoreName s : ALL) assertThat(r.score(s)).isFinite().isBetween(0.0, 1.0);
            assertThat(noop.score(new ScoreRequest(SearchSpace.arch(1), config(256), ALL)).scores()).isEqualTo(r.scores());
            assertThat(r.passMillis()).hasSize(4);
        }
    }
}
