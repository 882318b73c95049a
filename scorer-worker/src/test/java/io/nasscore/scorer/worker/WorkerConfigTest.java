package io.nasscore.scorer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
    static final Map<String, Object> KAFKA = Map.of("bootstrap.servers", "localhost:1");

    @Test
    void defaultsSuitARealScorer() {
        WorkerConfig c = WorkerConfig.of(KAFKA).withWorkerId("w");
        assertThat(c.maxPollRecords()).isEqualTo(WorkerConfig.DEFAULT_MAX_POLL_RECORDS).isEqualTo(1);
        assertThat(c.maxTransaction()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.withMaxPollRecords(2000).withMaxTransaction(Duration.ofMillis(250)))
                .satisfies(x -> assertThat(x.maxPollRecords()).isEqualTo(2000))
                .satisfies(x -> assertThat(x.maxTransaction()).isEqualTo(Duration.ofMillis(250)))
                .satisfies(x -> assertThat(x.workerId()).isEqualTo("w"));
        assertThat(ClientConfigs.consumer(c.withMaxPollRecords(2000)))
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .as("a killed worker's partitions wait 10 s, not 45").containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_333);
        assertThat(ClientConfigs.consumer(WorkerConfig.of(Map.of("bootstrap.servers", "localhost:1", "group.protocol", "consumer"))))
                .as("KIP-848: the broker owns the session timeout").doesNotContainKeys(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        assertThat(ClientConfigs.producer(c)).containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "nasscore-worker-w")
                .containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .as("KAFKA-15591: one request in flight").containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    }

    @Test
    void badValuesAreClearMessages() {
        WorkerConfig c = WorkerConfig.of(KAFKA);
        assertThatThrownBy(() -> c.withMaxPollRecords(0)).hasMessage("max poll records must be >= 1, got 0");
        assertThatThrownBy(() -> c.withMaxTransaction(Duration.ZERO)).hasMessageContaining("max transaction time must be >= 1 ms");
        assertThatThrownBy(() -> c.withMaxTransaction(Duration.ofSeconds(60)))
                .hasMessage("max transaction time (60000 ms) must be less than the transaction timeout (60000 ms)");
        assertThatThrownBy(() -> c.withTimeouts(Duration.ofMinutes(1), Duration.ofMillis(500)))
                .hasMessageContaining("must be less than the transaction timeout (500 ms)");
    }
}
