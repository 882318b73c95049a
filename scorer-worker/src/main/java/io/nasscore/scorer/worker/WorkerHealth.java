package io.nasscore.scorer.worker;

import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What a worker's health probes read: flags and times its loop sets (volatile: the probes run on the metrics
 * endpoint's thread), and the consumer's last heartbeat (its metrics map is safe to read from another thread).
 */
final class WorkerHealth {
    private static final long DEFAULT_SESSION_TIMEOUT_MS = 45_000;

    private final WorkerConfig config;
    private final Consumer<?, ?> consumer;
    private final LongSupplier lastActivityNanos;
    private volatile boolean started;
    private volatile boolean joined;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile long lastPollNanos;
    private volatile long joinedNanos;
    private volatile String fatal;

    WorkerHealth(WorkerConfig config, Consumer<?, ?> consumer, LongSupplier lastActivityNanos) {
        this.config = config;
        this.consumer = consumer;
        this.lastActivityNanos = lastActivityNanos;
    }

    void started() {
        lastPollNanos = System.nanoTime();
        started = true;
    }

    void polled() { lastPollNanos = System.nanoTime(); }

    /** After every join (with or without partitions for this worker): true; when the partitions were lost: false. */
    void joined(boolean j) {
        if (j) joinedNanos = System.nanoTime();
        joined = j;
    }

    void stopping() { stopping = true; }

    void closed() { closed = true; }

    /** The first fatal error wins: it is the cause. */
    void fatal(String reason) {
        if (fatal == null) fatal = reason;
    }

    String notLive() {
        String f = fatal;
        if (f != null) return f;
        if (closed) return "worker " + config.workerId() + " is closed";
        long quiet = System.nanoTime() - Math.max(lastPollNanos, lastActivityNanos.getAsLong());
        if (started && quiet > config.maxPollInterval().toNanos()) {
            return "worker " + config.workerId() + ": no poll and no job done for " + quiet / 1_000_000_000L
                    + " s (max.poll.interval.ms " + config.maxPollInterval().toMillis() + ")";
        }
        return null;
    }

    String notReady() {
        String dead = notLive();
        if (dead != null) return dead;
        if (stopping) return "worker " + config.workerId() + " is shutting down";
        if (!started || !joined) {
            return "worker " + config.workerId() + " has not joined consumer group " + config.groupId() + " yet";
        }
        double since = heartbeatSecondsAgo();
        long session = sessionTimeoutMillis();
        if (since * 1000 > session) {
            return String.format(Locale.ROOT, "worker %s: no heartbeat to the group coordinator for %.0f s (session "
                    + "timeout %d ms): is the broker reachable?", config.workerId(), since, session);
        }
        return null;
    }

    private double heartbeatSecondsAgo() {
        for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals("last-heartbeat-seconds-ago") && n.group().equals("consumer-coordinator-metrics")
                    && e.getValue().metricValue() instanceof Number v && Double.isFinite(v.doubleValue())
                    && v.doubleValue() >= 0) {
                return v.doubleValue();
            }
        }
        // -1 before the first heartbeat (one heartbeat interval after the join): count from the join
        return (System.nanoTime() - joinedNanos) / 1e9;
    }

    private long sessionTimeoutMillis() {
        Object v = config.kafka().get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        try {
            return v == null ? DEFAULT_SESSION_TIMEOUT_MS : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return DEFAULT_SESSION_TIMEOUT_MS;
        }
    }
}
