package io.nasscore.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerConfigTest {
    @Test
    void thePublishersSendOneIdempotentRequestAtATimeWhateverTheClientConfigSays() {
        // KAFKA-15591: a pipelined request right after topic creation wedges an idempotent producer for 120 s
        Map<String, Object> c = JobPublisher.producerConfig(
                Map.of("bootstrap.servers", "localhost:9", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5), "t");
        assertThat(c).containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }
}
