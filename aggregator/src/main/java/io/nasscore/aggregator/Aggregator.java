package io.nasscore.aggregator;

import io.micrometer.core.instrument.MeterRegistry;
import io.nasscore.sink.PostgresSink;
import io.nasscore.sink.SinkConfig;
import io.nasscore.sink.SinkService;
import io.nasscore.ops.Health;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.nasscore.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import javax.sql.DataSource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator service behind {@code nasscore aggregate} and the demo: the Kafka Streams application of
 * {@link QualityTopology} and, when a data source is given, the PostgreSQL sink ({@link SinkService}) on its own thread.
 *
 * <pre>
 * try (Aggregator a = new Aggregator(bootstrap, clientProps, AggregatorConfig.defaults().withStateDir(dir),
 *                                    dataSource, SinkConfig.defaults())) {
 *     a.start();                       // migrates PostgreSQL, starts the sink and Streams
 *     a.awaitRunning(Duration.ofSeconds(60));
 *     while (Database.scoreCount(dataSource, "exp") &lt; expected) Thread.sleep(500);
 * }                                    // close(): sink then Streams, cleanly
 * </pre>
 *
 * The source topics must exist ({@code Topics.createAll}); the internal repartition and changelog topics are
 * created by Kafka Streams. A stream thread that dies of an unexpected error is logged and replaced, unless it cannot
 * recover ({@link StreamsFailurePolicy}); when Streams reaches ERROR or NOT_RUNNING other than by {@link #close},
 * {@link #failed()} completes with the reason (the {@code aggregate} command then exits non-zero).
 */
public final class Aggregator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Aggregator.class);

    private final AggregatorConfig config;
    private final KafkaStreams streams;
    private final SinkService sink;
    private volatile boolean started;
    private volatile boolean closing;
    private final StreamsFailurePolicy failurePolicy;
    private final CompletableFuture<String> failed = new CompletableFuture<>();
    private AggregatorMeters meters;

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param clientProps      extra client settings for Streams and the sink (SASL/TLS, ...); may be empty
     * @param config           the Streams application (id, window, recompute interval, state dir)
     * @param dataSource       PostgreSQL, or null to run the Streams application alone
     * @param sinkConfig       the sink (ignored without a data source)
     */
    public Aggregator(String bootstrapServers, Map<String, ?> clientProps, AggregatorConfig config, DataSource dataSource,
            SinkConfig sinkConfig) {
        this.config = config;
        this.failurePolicy = new StreamsFailurePolicy(config.catalogue());
        this.streams = new KafkaStreams(QualityTopology.build(config),
                config.streamsProperties(bootstrapServers, withInternalTopicReplication(bootstrapServers, clientProps, config)));
        streams.setUncaughtExceptionHandler(failurePolicy);
        streams.setStateListener((now, before) -> {
            if ((now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) && !closing) {
                String why = failurePolicy.lastError();
                failed.complete("Kafka Streams stopped (" + now + ")" + (why == null ? "" : ": " + why));
            }
        });
        this.sink = dataSource == null ? null
                : new SinkService(bootstrapServers, sinkKafkaProperties(bootstrapServers, clientProps, config), dataSource,
                        sinkConfig == null ? SinkConfig.defaults().withCatalogue(config.catalogue()) : sinkConfig);
    }

    /**
     * The sink consumer's client settings: the client settings, and unless they set them, static membership
     * ({@code group.instance.id} = the aggregator's instance id + {@code -sink}) and the aggregator's session timeout
     * ({@link AggregatorConfig#sessionProperties}). A killed aggregator restarted on the same state directory gets the
     * sink's partitions back at once; one that is not restarted frees them after 10 s. With a dynamic member and the
     * default 45 s, the restarted sink waited for the dead member's session to expire (46 s in the system test).
     */
    static Map<String, Object> sinkKafkaProperties(String bootstrapServers, Map<String, ?> clientProps, AggregatorConfig config) {
        Map<String, Object> kafka = new HashMap<>(AggregatorConfig.sessionProperties(clientProps));
        kafka.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.effectiveInstanceId() + "-sink");
        if (clientProps != null) clientProps.forEach((k, v) -> { if (v != null) kafka.put(k, v); });
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return kafka;
    }

    /**
     * The client settings plus the internal topics' replication ({@link AggregatorConfig#internalTopicProperties}):
     * the configured replication factor, or the one nasscore's topics get on this cluster. Without it Kafka Streams
     * defers to the broker's default (1 unless configured), so one lost broker took part of the aggregator's state
     * with it. A {@code replication.factor} in the client settings wins.
     */
    static Map<String, Object> withInternalTopicReplication(String bootstrapServers, Map<String, ?> clientProps,
            AggregatorConfig config) {
        int rf = config.replicationFactor() > 0 ? config.replicationFactor() : clusterReplicationFactor(bootstrapServers, clientProps);
        Map<String, Object> p = new HashMap<>(AggregatorConfig.internalTopicProperties(rf));
        if (clientProps != null) clientProps.forEach((k, v) -> { if (v != null) p.put(k, v); });
        return p;
    }

    private static int clusterReplicationFactor(String bootstrapServers, Map<String, ?> clientProps) {
        Map<String, Object> admin = new HashMap<>();
        if (clientProps != null) clientProps.forEach((k, v) -> { if (v != null) admin.put(k, v); });
        admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin a = Admin.create(admin)) {
            return Topics.defaultReplicationFactor(a.describeCluster().nodes().get(60, TimeUnit.SECONDS).size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting the brokers of Kafka at " + bootstrapServers);
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot count the brokers of Kafka at " + bootstrapServers + " (for the "
                    + "replication factor of the aggregator's internal topics): " + c.getMessage());
        }
    }

    /** Migrates the database and starts the sink's thread (when there is a database), then Kafka Streams. */
    public synchronized void start() {
        if (started) throw new IllegalStateException("the aggregator is already started");
        started = true;
        if (sink != null) sink.start();
        streams.start();
        log.info("aggregator {} started (window last-{}, recompute every {} ms{})", config.applicationId(),
                config.windowSize(), config.recomputeInterval().toMillis(), sink == null ? ", no sink" : ", with the PostgreSQL sink");
    }

    public AggregatorConfig config() { return config; }

    /**
     * Registers the aggregator's meters (Streams, its state, the sink, the Hikari pool of {@code dataSource}) and its
     * health checks (docs/operations.md; the sink's are {@link SinkService#bindTo}'s). Call once, before {@link #start()}: Hikari's tracker is set on the pool.
     */
    public synchronized void bindTo(MeterRegistry registry, Health health) {
        if (meters != null) throw new IllegalStateException("the aggregator's metrics are already bound");
        meters = new AggregatorMeters(this, registry, health);
        if (sink != null) sink.bindTo(registry, health);
    }

    /** Completes with a one-line reason when Kafka Streams stops by itself (ERROR, or NOT_RUNNING not by close). */
    public CompletableFuture<String> failed() { return failed; }

    /** The reason Kafka Streams stopped by itself, if it did. */
    public Optional<String> failure() { return Optional.ofNullable(failed.getNow(null)); }

    public KafkaStreams.State state() { return streams.state(); }

    /** The Streams application (metrics, state, interactive queries). */
    public KafkaStreams streams() { return streams; }

    /** The sink, when there is a data source. */
    public Optional<PostgresSink> sink() { return Optional.ofNullable(sink).map(SinkService::sink); }

    /** Waits until Kafka Streams is RUNNING; false on timeout or when it failed. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) return true;
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) return false;
            Thread.sleep(50);
        }
        return false;
    }

    /** One of the {@link AggregatorMetrics} counters, summed over the stream threads. */
    public long metric(String op) { return AggregatorMetrics.total(streams.metrics(), op); }

    /** Stops the sink (after its current transaction) and Kafka Streams (committing), waiting up to 30 s. */
    @Override public void close() { close(Duration.ofSeconds(30)); }


    public synchronized void close(Duration timeout) {
        closing = true;
        if (sink != null) sink.close(timeout);
        // leave the group: a restarted aggregator gets its tasks at once, not after the session timeout
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(timeout));
        if (meters != null) meters.close();
        log.info("aggregator {} stopped", config.applicationId());
    }
}
