package io.nasscore.sink;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.nasscore.ops.Health;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink as a service: migrates PostgreSQL, runs {@link PostgresSink} on a thread of its own and restarts its loop
 * after an unexpected error (PostgreSQL's outages are handled inside the loop; this is for anything else), and
 * stops it after its current transaction. {@code nasscore sink} runs it alone; the aggregator runs it beside
 * Kafka Streams.
 *
 * <pre>
 * try (SinkService s = new SinkService(bootstrap, clientProps, dataSource, SinkConfig.defaults())) {
 *     s.bindTo(registry, health);   // optional: meters and the readiness check
 *     s.start();                    // Database.migrate, then the loop
 *     ...
 * }                                 // close(): the loop returns after its transaction, the consumer leaves
 * </pre>
 */
public final class SinkService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkService.class);
    /** Wait before a loop that died of an unexpected error starts again. */
    static final Duration RESTART_BACKOFF = Duration.ofSeconds(1);
    /** The sink consumer's session timeout unless the client settings give one. */
    static final int SESSION_TIMEOUT_MS = 10_000;

    private final DataSource dataSource;
    private final Map<String, Object> kafka;
    private final PostgresSink sink;
    private volatile Thread thread;
    private SinkMetrics metrics;
    private volatile boolean closing;

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param clientProps      extra client settings (SASL/TLS, ...); may be null or empty
     * @param dataSource       PostgreSQL; the caller closes it
     */
    public SinkService(String bootstrapServers, Map<String, ?> clientProps, DataSource dataSource, SinkConfig config) {
        Map<String, Object> kafka = new HashMap<>();
        if (clientProps != null) clientProps.forEach((k, v) -> { if (v != null) kafka.put(k, v); });
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Object protocol = kafka.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        if (protocol == null || "classic".equalsIgnoreCase(protocol.toString().trim())) {
            // a killed sink's partitions wait out its session: 10 s like the worker's and the aggregator's, not the
            // client's 45 s (docs/reliability.md); the client settings given win
            kafka.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
            kafka.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SESSION_TIMEOUT_MS / 3);
        }
        this.dataSource = dataSource;
        this.kafka = Map.copyOf(kafka);
        this.sink = new PostgresSink(kafka, dataSource, config == null ? SinkConfig.defaults() : config);
    }

    public PostgresSink sink() { return sink; }

    /**
     * Registers the sink's meters, the Hikari pool's, and the readiness check "sink" (docs/operations.md). Call once,
     * before {@link #start()}: Hikari's tracker is set on the pool.
     */
    public synchronized void bindTo(MeterRegistry registry, Health health) {
        if (metrics != null) throw new IllegalStateException("the sink's metrics are already bound");
        metrics = SinkMetrics.bind(sink, registry);
        if (dataSource instanceof HikariDataSource h && h.getMetricsTrackerFactory() == null && h.getMetricRegistry() == null) {
            h.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        health.live("sink", this::notLive);
        health.ready("sink", sink::notReady);
    }

    /** The loop stopped by itself (it restarts after errors, so only an interrupt ends it): null while it runs. */
    private String notLive() {
        Thread t = thread;
        return t == null || closing || t.isAlive() ? null : "the PostgreSQL sink's loop has stopped";
    }

    /** Applies the pending migrations, then starts the loop. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("the sink is already started");
        int applied;
        try {
            applied = Database.migrate(dataSource);
        } catch (RuntimeException e) { // FlywayException: several lines, the cause's first line says it
            Throwable c = e;
            while (c.getCause() != null && c.getCause() != c) c = c.getCause();
            String at = dataSource instanceof HikariDataSource h ? " at " + h.getJdbcUrl() : "";
            throw new IllegalStateException("cannot migrate PostgreSQL" + at + ": " + SinkSql.rootMessage(c), e);
        }
        if (applied > 0) log.info("sink: applied {} database migration(s)", applied);
        thread = new Thread(this::loop, "nasscore-sink");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!closing) {
            try {
                sink.run();
                return;
            } catch (RuntimeException e) {
                if (closing) return;
                log.error("sink: the PostgreSQL sink failed, restarting its loop: {}", e.toString(), e);
                try {
                    Thread.sleep(RESTART_BACKOFF.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override public void close() { close(Duration.ofSeconds(30)); }

    /** Stops the loop after its current transaction (waiting up to {@code timeout}) and closes the consumer. */
    public synchronized void close(Duration timeout) {
        closing = true;
        sink.stop();
        if (thread != null) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sink.close();
        leaveGroup(timeout);
        if (metrics != null) metrics.close();
    }

    /**
     * A static member ({@code group.instance.id} set, as the aggregator's sink is) does not leave its group when its
     * consumer closes: without this, a cleanly stopped sink would hold its partitions for a session timeout and its
     * group could not be deleted. Removed through an Admin, as Kafka Streams' {@code leaveGroup} does.
     */
    private void leaveGroup(Duration timeout) {
        Object instance = kafka.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (instance == null) return;
        Map<String, Object> admin = new HashMap<>(kafka);
        admin.keySet().retainAll(AdminClientConfig.configNames());
        try (Admin a = Admin.create(admin)) {
            a.removeMembersFromConsumerGroup(sink.config().groupId(), new RemoveMembersFromConsumerGroupOptions(
                    List.of(new MemberToRemove(instance.toString()))))
                    .all().get(Math.max(1, Math.min(timeout.toMillis(), 10_000)), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            log.info("sink: member {} did not leave group {} ({}); it expires after its session timeout",
                    instance, sink.config().groupId(), c.getMessage());
        }
    }
}
