package io.nasscore.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreMathTest {

    /** A scale that returns the raw value itself, so that tests can write E directly into eigenRaw. */
    static final Similarity.Scale IDENTITY = (raw, n) -> raw;

    static Similarity.Result sim(double e, double c) { return new Similarity.Result(8, 8, e, e, c); }

    static Similarity.Result undefined() { return Similarity.undefined(8, 1, true, true); }

    @Test
    void parameterAggregatesOnHandExamples() {
        // N = 3, weights of WPJS: 2i/(N(N+1)) = 1/6, 2/6, 3/6; of WPJSI: 2(N+1-i)/(N(N+1)) = 3/6, 2/6, 1/6.
        double[] first = {1, 0, 0};
        assertThat(ScoreMath.mean(first)).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(ScoreMath.weighted(first)).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(ScoreMath.weightedInverse(first)).isCloseTo(3.0 / 6, within(1e-15));
        double[] last = {0, 0, 1};
        assertThat(ScoreMath.weighted(last)).isCloseTo(3.0 / 6, within(1e-15));
        assertThat(ScoreMath.weightedInverse(last)).isCloseTo(1.0 / 6, within(1e-15));
        // the weights sum to 1
        assertThat(ScoreMath.weighted(new double[] {1, 1, 1, 1, 1})).isCloseTo(1.0, within(1e-15));
        assertThat(ScoreMath.weightedInverse(new double[] {1, 1, 1, 1, 1})).isCloseTo(1.0, within(1e-15));
        // S = [0.2, 0.5, 0.9]: WPJS = (0.2 + 1.0 + 2.7)/6 = 0.65, WPJSI = (0.6 + 1.0 + 0.9)/6 = 2.5/6
        double[] s = {0.2, 0.5, 0.9};
        assertThat(ScoreMath.mean(s)).isCloseTo(1.6 / 3, within(1e-15));
        assertThat(ScoreMath.weighted(s)).isCloseTo(0.65, within(1e-15));
        assertThat(ScoreMath.weightedInverse(s)).isCloseTo(2.5 / 6, within(1e-15));
        assertThat(ScoreMath.mean(new double[0])).isEqualTo(0.0);
    }

    @Test
    void parameterScoresCountDeadTensorsAsZeroInN() {
        List<Similarity.Result> tensors = List.of(sim(0.9, 0.4), undefined(), sim(0.6, 0.8));
        Map<ScoreName, Double> p = ScoreMath.parameterScores(EnumSet.copyOf(ScoreName.PAPER), tensors);
        assertThat(p).containsOnlyKeys(ScoreName.PJS, ScoreName.PJSC, ScoreName.WPJS, ScoreName.WPJSI);
        assertThat(p.get(ScoreName.PJS)).isCloseTo(1.5 / 3, within(1e-15));
        assertThat(p.get(ScoreName.PJSC)).isCloseTo(1.2 / 3, within(1e-15));
        assertThat(p.get(ScoreName.WPJS)).isCloseTo((0.9 + 0 + 3 * 0.6) / 6, within(1e-15));
        assertThat(p.get(ScoreName.WPJSI)).isCloseTo((3 * 0.9 + 0 + 0.6) / 6, within(1e-15));
        assertThat(ScoreMath.degenerateTensors(tensors)).isEqualTo(1);
    }

    @Test
    void noiseHelperRules() {
        assertThat(ScoreMath.noise(0.9, true, 0.7, true)).isCloseTo(0.8, within(1e-15));
        assertThat(ScoreMath.noise(0.7, true, 0.9, true)).isCloseTo(0.8, within(1e-15));
        assertThat(ScoreMath.noise(0.9, true, 0.9, true)).isEqualTo(1.0);
        // 0 whenever either similarity is undefined, even when both are (not "perfectly robust")
        assertThat(ScoreMath.noise(0.9, true, 0.0, false)).isEqualTo(0.0);
        assertThat(ScoreMath.noise(0.0, false, 0.9, true)).isEqualTo(0.0);
        assertThat(ScoreMath.noise(0.0, false, 0.0, false)).isEqualTo(0.0);
    }

    @Test
    void inputScoresAndProducts() {
        Map<Pass, Similarity.Result> byPass = new EnumMap<>(Pass.class);
        byPass.put(Pass.CLEAN, sim(0.9, 0.6));
        byPass.put(Pass.NOISE_0_1, sim(0.8, 0.5));
        byPass.put(Pass.NOISE_10, sim(0.5, 0.7));
        byPass.put(Pass.NOISE_100, sim(0.3, 0.2));
        Map<ScoreName, Double> s = ScoreMath.inputScores(EnumSet.copyOf(ScoreName.PAPER), byPass, IDENTITY);
        assertThat(s).hasSize(8);
        assertThat(s.get(ScoreName.JS)).isCloseTo(0.9, within(1e-15));
        assertThat(s.get(ScoreName.JSC)).isCloseTo(0.6, within(1e-15));
        assertThat(s.get(ScoreName.SNS)).isCloseTo(0.9, within(1e-15));
        assertThat(s.get(ScoreName.SNSC)).isCloseTo(0.9, within(1e-15));
        assertThat(s.get(ScoreName.LNS)).isCloseTo(0.6, within(1e-15));
        assertThat(s.get(ScoreName.LNSC)).isCloseTo(0.9, within(1e-15));
        // MNJS = 0.9 * 0.9 * 0.6 * 0.4; MNJSC = 0.6 * 0.9 * 0.9 * 0.6
        assertThat(s.get(ScoreName.MNJS)).isCloseTo(0.9 * 0.9 * 0.6 * 0.4, within(1e-15));
        assertThat(s.get(ScoreName.MNJSC)).isCloseTo(0.6 * 0.9 * 0.9 * 0.6, within(1e-15));
    }

    @Test
    void undefinedNoisyJacobianZeroesItsNoiseScoresOnly() {
        Map<Pass, Similarity.Result> byPass = new EnumMap<>(Pass.class);
        byPass.put(Pass.CLEAN, sim(0.9, 0.6));
        byPass.put(Pass.NOISE_0_1, undefined());
        byPass.put(Pass.NOISE_10, sim(0.5, 0.7));
        byPass.put(Pass.NOISE_100, sim(0.3, 0.2));
        Map<ScoreName, Double> s = ScoreMath.inputScores(EnumSet.copyOf(ScoreName.PAPER), byPass, IDENTITY);
        assertThat(s.get(ScoreName.JS)).isCloseTo(0.9, within(1e-15));
        assertThat(s.get(ScoreName.SNS)).isEqualTo(0.0);
        assertThat(s.get(ScoreName.SNSC)).isEqualTo(0.0);
        assertThat(s.get(ScoreName.LNS)).isCloseTo(0.6, within(1e-15));
        assertThat(s.get(ScoreName.MNJS)).isEqualTo(0.0);
    }

    @Test
    void degenerateCleanJacobianZeroesEveryInputScore() {
        Map<Pass, Similarity.Result> byPass = new EnumMap<>(Pass.class);
        byPass.put(Pass.CLEAN, undefined());
        byPass.put(Pass.NOISE_0_1, undefined());
        byPass.put(Pass.NOISE_10, undefined());
        byPass.put(Pass.NOISE_100, undefined());
        Map<ScoreName, Double> s = ScoreMath.inputScores(EnumSet.copyOf(ScoreName.PAPER), byPass, Similarity.BOUNDS);
        assertThat(ScoreMath.inputDegenerate(byPass.get(Pass.CLEAN))).isTrue();
        assertThat(s).hasSize(8);
        assertThat(s.values()).containsOnly(0.0);
    }

    @Test
    void onlyRequestedScoresAreReturnedAndOnlyTheirPassesAreRead() {
        Map<Pass, Similarity.Result> byPass = new EnumMap<>(Pass.class);
        byPass.put(Pass.CLEAN, sim(0.9, 0.6));
        byPass.put(Pass.NOISE_10, sim(0.5, 0.7));
        Map<ScoreName, Double> s = ScoreMath.inputScores(EnumSet.of(ScoreName.JS, ScoreName.LNSC, ScoreName.PJS), byPass, IDENTITY);
        assertThat(s).containsOnlyKeys(ScoreName.JS, ScoreName.LNSC);
        assertThat(ScoreMath.inputScores(EnumSet.of(ScoreName.PJS), Map.of(), IDENTITY)).isEmpty();
    }
}
