package io.nasscore.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import org.junit.jupiter.api.Test;

class RunConfigTest {

    @Test
    void commonConfigurationsAreRecognisedFromTheirHash() {
        ScoreConfig d = ScoreConfig.defaults(Dataset.CIFAR100).withBatchSize(64).withSeed(3)
                .withTarget(ScoreConfig.JacobianTarget.MELLOR);
        RunConfig rc = RunConfig.fromHash(d.hash().toUpperCase());
        assertThat(rc.config()).isEqualTo(d);
        assertThat(rc.dataset()).isEqualTo(Dataset.CIFAR100);
        assertThat(rc.describe()).contains("B = 64").contains("target mellor").contains("BN train").contains("init seed 3")
                .contains("config " + d.hash());
    }

    @Test
    void anUnknownHashIsShownAsSuchAndNoHashSaysSo() {
        RunConfig rc = RunConfig.fromHash("0123456789abcdef");
        assertThat(rc.config()).isNull();
        assertThat(rc.dataset()).isNull();
        assertThat(rc.describe()).isEqualTo("config 0123456789abcdef (not a common configuration)");
        assertThat(RunConfig.fromHash(" ").describe()).isEqualTo("score configuration not recorded");
        assertThat(RunConfig.of(ScoreConfig.defaults(Dataset.CIFAR10)).describe()).startsWith("B = 256 · fixed batch");
    }
}
