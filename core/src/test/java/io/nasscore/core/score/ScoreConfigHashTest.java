package io.nasscore.core.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScoreConfigHashTest {

    @Test
    void theHashIsTheSha256PrefixOfTheCanonicalStringAndNeverChanges() {
        ScoreConfig c = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(32);
        assertThat(c.canonical())
                .isEqualTo("dataset=cifar10;batch=32;policy=fixed;target=loss;bn=train;seed=0;norm=bounds;data=shipped");
        // `printf '<canonical>' | sha256sum | cut -c1-16`; hashes are ids on the topics and in PostgreSQL
        assertThat(c.hash()).isEqualTo("5c52c7e62a7affdc");
    }

    @Test
    void cachedHashesStayRightPastTheCacheBound() {
        ScoreConfig first = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(32);
        String expected = first.hash();
        Set<String> seen = new HashSet<>();
        for (int seed = 0; seed < 1_000; seed++) {
            seen.add(ScoreConfig.defaults(Dataset.CIFAR100).withSeed(seed).hash());
        }
        assertThat(seen).as("distinct configs, distinct hashes").hasSize(1_000);
        assertThat(first.hash()).isEqualTo(expected);
        assertThat(ScoreConfig.defaults(Dataset.CIFAR100).withSeed(7).hash())
                .isEqualTo(ScoreConfig.defaults(Dataset.CIFAR100).withSeed(7).hash())
                .isNotEqualTo(ScoreConfig.defaults(Dataset.CIFAR100).withSeed(8).hash());
    }
}
