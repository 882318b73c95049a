package io.nasscore.scorer.worker;

import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A worker's place in its consumer group: whether it holds partitions of nas.jobs, told to its health. */
final class Membership implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(ScorerWorker.class);

    private final String workerId;
    private final Consumer<?, ?> consumer;
    private final WorkerHealth health;
    private volatile boolean assigned;

    Membership(String workerId, Consumer<?, ?> consumer, WorkerHealth health) {
        this.workerId = workerId;
        this.consumer = consumer;
        this.health = health;
    }

    /** Whether the group has given the worker partitions (thread-safe). */
    boolean assigned() { return assigned; }

    @Override public void onPartitionsRevoked(Collection<TopicPartition> parts) {
        if (!parts.isEmpty()) log.info("worker {}: partitions revoked {}", workerId, parts);
        assigned = false;
    }

    @Override public void onPartitionsAssigned(Collection<TopicPartition> parts) {
        if (!parts.isEmpty()) log.info("worker {}: partitions assigned {}", workerId, parts);
        assigned = !consumer.assignment().isEmpty();
        health.joined(true); // called after every join, also with no partition for this worker
    }

    @Override public void onPartitionsLost(Collection<TopicPartition> parts) {
        log.warn("worker {}: partitions lost {}", workerId, parts);
        assigned = false;
        health.joined(false);
    }
}
