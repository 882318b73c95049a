package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadRecordLoggerTest {
    @TempDir Path stateDir;

    @Test
    void anUndecodableRecordIsOneLogLineWithItsReasonAndIsCounted() {
        AggregatorConfig config = AggregatorConfig.defaults().withStoreType(Materialized.StoreType.IN_MEMORY);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        long before = BadRecordLogger.skipped();
        try (TopologyTestDriver driver = new TopologyTestDriver(QualityTopology.build(config),
                AggregatorConfig.streamsProperties("dummy:9092", config.applicationId(), stateDir, Map.of()), Fixtures.T0)) {
            TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.SCORES.name(), new StringSerializer(),
                    new ByteArraySerializer());
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            raw.pipeInput("poison", new byte[] {1, 2, 3});
        } finally {
            System.setErr(original);
        }
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(BadRecordLogger.skipped() - before).isEqualTo(1);
        assertThat(lines).as("one line, no stack trace").hasSize(1);
        assertThat(lines.get(0)).contains("aggregator: skipped record nas.scores-0@0 (undecodable): ")
                .contains("not Avro single-object encoding");
    }

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
