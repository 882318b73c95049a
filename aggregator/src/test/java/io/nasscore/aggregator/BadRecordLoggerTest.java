package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BadRecordLoggerTest {
    @Test
    void theReasonIsTheFirstLineOfEachMessageDownTheCauseChainWithoutRepeats() {
        Exception e = new IllegalStateException("cannot update table exp-a/cifar10\nsecond line",
                new IllegalArgumentException("arch index 99999 out of range"));
        assertThat(BadRecordLogger.line("processing failed", "nas.scores", 3, 17, "scores-by-arch", e)).isEqualTo(
                "aggregator: skipped record nas.scores-3@17 in scores-by-arch (processing failed): "
                        + "cannot update table exp-a/cifar10: arch index 99999 out of range");
        Exception wrapped = new RuntimeException(new IllegalArgumentException("bad"));
        assertThat(BadRecordLogger.line("undecodable", "t", 0, 1, null, wrapped))
                .isEqualTo("aggregator: skipped record t-0@1 (undecodable): bad");
    }
}
