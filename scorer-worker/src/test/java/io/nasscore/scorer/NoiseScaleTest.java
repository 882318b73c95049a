package io.nasscore.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nasscore.core.score.Pass;
import io.nasscore.core.space.SplitMix64;
import io.nasscore.scorer.images.Batch;
import io.nasscore.scorer.images.Gaussian;
import org.junit.jupiter.api.Test;

/** noisy_a = x + a · Var(x) · ε, with Var the population variance of the normalised batch (scores.md section 4). */
class NoiseScaleTest {

    @Test
    void noisyBatchIsTheCleanBatchPlusLevelTimesVarianceTimesSeededNormalNoise() {
        int n = 2 * 3 * 4 * 4;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (Math.sin(0.37 * i) * 2 + 0.5);
        double var = Batch.populationVariance(x);
        Batch batch = new Batch(x, new int[] {0, 1}, 4, var);
        try (JacobianScorer scorer = new JacobianScorer("cpu")) {
            for (Pass pass : new Pass[] {Pass.NOISE_0_1, Pass.NOISE_10, Pass.NOISE_100}) {
                float[] eps = new float[n];
                Gaussian.fill(eps, n, new SplitMix64(Seeds.noise(42L, pass)));
                float[] noisy = scorer.noisyBatch(batch, pass, 42L).clone();
                for (int i = 0; i < n; i++) {
                    assertThat(noisy[i]).isEqualTo((float) (x[i] + pass.level() * var * eps[i]));
                }
                // the noise has standard deviation a · Var(x): check on the realised values
                double s = 0;
                double s2 = 0;
                for (int i = 0; i < n; i++) {
                    double d = (noisy[i] - x[i]) / (pass.level() * var);
                    s += d;
                    s2 += d * d;
                }
                assertThat(s2 / n - (s / n) * (s / n)).isCloseTo(1.0, within(0.35));
            }
            float[] one = scorer.noisyBatch(batch, Pass.NOISE_10, 1L).clone();
            assertThat(one).isNotEqualTo(scorer.noisyBatch(batch, Pass.NOISE_10, 2L).clone());
        }
        // the clean batch is never modified
        assertThat(x[5]).isEqualTo((float) (Math.sin(0.37 * 5) * 2 + 0.5));
    }
}
