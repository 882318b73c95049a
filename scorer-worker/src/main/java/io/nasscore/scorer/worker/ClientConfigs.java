package io.nasscore.scorer.worker;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The settings of a worker's Kafka clients: its user's Kafka config plus what the loop's guarantees need. */
final class ClientConfigs {
    private ClientConfigs() {}

    /** The consumer of nas.jobs: the worker group, read_committed, offsets committed only in transactions. */
    static Map<String, Object> consumer(WorkerConfig c) {
        Map<String, Object> m = new HashMap<>(c.kafka());
        m.put(ConsumerConfig.GROUP_ID_CONFIG, c.groupId());
        m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        m.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, c.maxPollRecords());
        m.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) c.maxPollInterval().toMillis());
        m.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "nasscore-worker-" + c.workerId() + "-consumer");
        // A killed worker keeps its partitions until the group gives up on its heartbeats: 10 s instead of the
        // default 45 s. Heartbeats come from the consumer's own thread, so a long scoring does not count against it
        // (max.poll.interval.ms covers that); the cost is that a JVM frozen over 10 s (GC, a SIGSTOP, a swapping
        // host) loses its partitions and its transaction is fenced. Not static membership: it only helps when a
        // successor with the same id comes back, and a dead worker nobody restarts would still stall its partitions
        // for the whole session timeout (docs/reliability.md). The consumer group protocol (KIP-848) sets the
        // timeout on the broker: leave it alone there.
        if (!"consumer".equalsIgnoreCase(String.valueOf(m.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            m.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, WorkerConfig.SESSION_TIMEOUT_MS);
            m.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, WorkerConfig.SESSION_TIMEOUT_MS / 3);
        }
        return m;
    }

    /** The transactional producer of nas.scores and nas.jobs.dlq, with the worker's transactional id. */
    static Map<String, Object> producer(WorkerConfig c) {
        Map<String, Object> m = new HashMap<>(c.kafka());
        m.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, c.transactionalId());
        m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        m.put(ProducerConfig.ACKS_CONFIG, "all");
        m.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) c.transactionTimeout().toMillis());
        // KAFKA-15591, as for the publishers (JobPublisher.producerConfig): a worker's first transaction can follow
        // the creation of nas.scores at once; a pipelined request accepted while the first got NOT_LEADER turns every
        // retry into OUT_OF_ORDER_SEQUENCE_NUMBER and aborts the transaction. One request per broker carries the whole
        // transaction's records anyway (256 KB batches, every partition the broker leads).
        m.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // A batch of jobs shares a transaction: let its records share produce requests (256 KB: hundreds of score
        // records). The linger costs nothing at the end of a transaction: the commit flushes at once. Compression
        // stays off unless the Kafka config sets it: lz4 made no measurable difference on the benchmark machine.
        m.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        m.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // Each transaction starts while the broker still writes the previous commit markers, and its first request
        // is refused with CONCURRENT_TRANSACTIONS until they are written (~10 ms on a local broker). The default
        // 100 ms backoff made that wait ~70 ms per transaction; retries back off exponentially (up to
        // retry.backoff.max.ms, 1 s) so a small base costs nothing when the broker is really unavailable.
        m.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        m.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "nasscore-worker-" + c.workerId() + "-producer");
        return m;
    }
}
