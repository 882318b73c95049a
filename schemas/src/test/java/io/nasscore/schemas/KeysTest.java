package io.nasscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void scoreKeyIsConfigHashDatasetIndexSeed() {
        ScoreConfig c = Samples.CONFIG;
        assertThat(Keys.score(c, 1462)).isEqualTo(c.hash() + "/cifar10/1462/7");
        assertThat(Keys.score(c.hash(), "cifar10", 1462, 7)).isEqualTo(Keys.score(c, 1462));
        assertThat(Samples.scoreRecord().getScoreKey()).isEqualTo(Keys.score(c, Samples.INDEX));
    }

    @Test
    void groundTruthAndQualityKeys() {
        assertThat(Keys.groundTruth(Dataset.IMAGENET16_120, 0)).isEqualTo("imagenet16-120/0");
        assertThat(Keys.quality("exp-a", "cifar10", "WPJS", Keys.SUBSET_ABOVE_MEDIAN, Keys.lastWindow(1000)))
                .isEqualTo("exp-a/cifar10/WPJS/above-median/last-1000");
    }

    @Test
    void jobIdIsDeterministicExperimentIndependentAndDistinguishesArchAndConfig() {
        String id = Keys.jobId(Samples.CONFIG, 1462);
        assertThat(id).matches("j[0-9a-f]{16}");
        assertThat(Keys.jobId(Samples.CONFIG.hash(), 1462)).isEqualTo(id);
        assertThat(Keys.jobId(Samples.CONFIG, 1463)).isNotEqualTo(id);
        assertThat(Keys.jobId(Samples.CONFIG.withSeed(8), 1462)).isNotEqualTo(id);
        // two experiments asking for the same arch under the same config: same job
        assertThat(Convert.scoringJob(Samples.request(), "exp-b", true, Samples.AT, null).getJobId())
                .isEqualTo(Samples.job().getJobId()).isEqualTo(id);
    }

    @Test
    void badPartsAreNamed() {
        assertThatThrownBy(() -> Keys.quality("a/b", "cifar10", "JS", "all", "cumulative"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("experiment 'a/b' must not contain '/'");
        assertThatThrownBy(() -> Keys.groundTruth("cifar10", 15625))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15625");
        assertThatThrownBy(() -> Keys.score("", "cifar10", 1, 0)).hasMessageContaining("config hash is required");
        assertThatThrownBy(() -> Keys.lastWindow(0)).hasMessageContaining("window size");
    }
}
