package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The aggregator's consumer groups (Streams and the sink) free a killed aggregator's partitions after 10 s, and a
 * restart on the same state directory gets them back at once (static membership).
 */
class AggregatorMembershipTest {
    static final AggregatorConfig CONFIG = AggregatorConfig.defaults().withStateDir(Path.of("/tmp/agg-state"));

    @Test
    void streamsAndTheSinkUseATenSecondSessionAndStaticMembership() {
        Properties streams = CONFIG.streamsProperties("b:9092", Map.of());
        StreamsConfig sc = new StreamsConfig(streams);
        Map<String, Object> consumer = sc.getMainConsumerConfigs("g", "c", 0);
        assertThat(consumer).containsEntry("session.timeout.ms", 10_000).containsEntry("heartbeat.interval.ms", 3_333);
        assertThat(consumer.get("group.instance.id").toString()).startsWith(CONFIG.effectiveInstanceId());

        Map<String, Object> sink = Aggregator.sinkKafkaProperties("b:9092", Map.of(), CONFIG);
        assertThat(sink).containsEntry("session.timeout.ms", 10_000).containsEntry("heartbeat.interval.ms", 3_333)
                .containsEntry("group.instance.id", CONFIG.effectiveInstanceId() + "-sink")
                .containsEntry("bootstrap.servers", "b:9092");
        assertThat(Aggregator.sinkKafkaProperties("b:9092", Map.of(), CONFIG.withStateDir(Path.of("/tmp/other"))))
                .as("another state dir, another instance").doesNotContainEntry("group.instance.id", sink.get("group.instance.id"));
    }

    @Test
    void theClientSettingsWinAndTheBrokerOwnsTheTimeoutUnderTheNewProtocols() {
        Map<String, Object> client = Map.of("session.timeout.ms", "30000");
        assertThat(new StreamsConfig(CONFIG.streamsProperties("b:9092", client)).getMainConsumerConfigs("g", "c", 0))
                .containsEntry("session.timeout.ms", "30000");
        assertThat(Aggregator.sinkKafkaProperties("b:9092", client, CONFIG)).containsEntry("session.timeout.ms", "30000");

        Map<String, Object> kip848 = Map.of("group.protocol", "consumer");
        assertThat(Aggregator.sinkKafkaProperties("b:9092", kip848, CONFIG))
                .doesNotContainKey("session.timeout.ms").doesNotContainKey("heartbeat.interval.ms");
        assertThat(CONFIG.streamsProperties("b:9092", Map.of("group.protocol", "streams")))
                .doesNotContainKey("session.timeout.ms");
    }
}
