package io.nasscore.sink;

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

    private final DataSource dataSource;
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
        this.dataSource = dataSource;
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
        if (metrics != null) metrics.close();
    }
}
