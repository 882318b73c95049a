package io.nasscore.aggregator;

import io.nasscore.schemas.Keys;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Materialized;

/**
 * Configuration of the aggregator's Kafka Streams application.
 *
 * @param applicationId     Kafka Streams application id: consumer group, transactional id prefix, prefix of the
 *                          internal topics (default {@value #DEFAULT_APPLICATION_ID})
 * @param windowSize        W of the {@code last-<W>} window: the W most recent points of a table (default 1000)
 * @param recomputeInterval wall-clock interval of the punctuator that recomputes the tables marked dirty (default 1 s)
 * @param stateDir          Kafka Streams state directory (RocksDB stores); null = Kafka's default
 * @param storeType         {@code ROCKS_DB} (default: persistent, restored from the local state after a restart)
 *                          or {@code IN_MEMORY} (restored from the changelog topics at every start; for tests and
 *                          small tables). Both are logged to changelog topics.
 * @param instanceId        static group membership id ({@code group.instance.id}; Kafka Streams appends the thread
 *                          number): a restarted aggregator takes its tasks back at once instead of after the session
 *                          timeout, and {@code close} removes it from the group. null = derived from the application id,
 *                          the host name and the state directory ({@link #effectiveInstanceId()}); unique per running
 *                          instance, since two instances cannot share a state directory
 * @param replicationFactor replication factor of the Kafka Streams internal topics (repartition and changelog);
 *                          0 (the default) = the one nasscore's own topics get on the cluster,
 *                          {@link io.nasscore.schemas.Topics#defaultReplicationFactor} of its broker count: the state
 *                          survives a lost broker as the input topics do
 * @param catalogue         the topics it reads and writes (default {@link Topics#DEFAULT}); with a prefix, give the
 *                          application id the same prefix ({@link TopicCatalogue#qualify}) so that two pipelines'
 *                          groups and internal topics stay apart
 */
public record AggregatorConfig(String applicationId, int windowSize, Duration recomputeInterval, Path stateDir,
                               Materialized.StoreType storeType, String instanceId, int replicationFactor,
                               TopicCatalogue catalogue) {

    public static final String DEFAULT_APPLICATION_ID = "nasscore-aggregator";
    public static final int DEFAULT_WINDOW_SIZE = 1000;
    public static final Duration DEFAULT_RECOMPUTE_INTERVAL = Duration.ofSeconds(1);
    /**
     * Session timeout of the aggregator's consumer groups (Streams and the sink), like the worker's: a killed
     * aggregator that is not restarted under the same instance id frees its partitions after 10 s, not 45 s
     * (docs/reliability.md, "Killed aggregator").
     */
    public static final int SESSION_TIMEOUT_MS = 10_000;

    public AggregatorConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        if (applicationId.isBlank()) throw new IllegalArgumentException("aggregator application id must not be blank");
        if (windowSize < 1) throw new IllegalArgumentException("aggregator window size must be >= 1, got " + windowSize);
        Objects.requireNonNull(recomputeInterval, "recomputeInterval");
        Objects.requireNonNull(storeType, "storeType");
        Objects.requireNonNull(catalogue, "catalogue");
        if (replicationFactor < 0) {
            throw new IllegalArgumentException("aggregator replication factor must be >= 1 (or 0 = the cluster's default), got "
                    + replicationFactor);
        }
        if (recomputeInterval.toMillis() < 1) {
            throw new IllegalArgumentException("aggregator recompute interval must be >= 1 ms, got " + recomputeInterval);
        }
    }

    /** Application id {@value #DEFAULT_APPLICATION_ID}, W = 1000, recompute every second, Kafka's default state dir. */
    public static AggregatorConfig defaults() {
        return new AggregatorConfig(DEFAULT_APPLICATION_ID, DEFAULT_WINDOW_SIZE, DEFAULT_RECOMPUTE_INTERVAL, null,
                Materialized.StoreType.ROCKS_DB, null, 0, Topics.DEFAULT);
    }

    public AggregatorConfig withApplicationId(String id) {
        return new AggregatorConfig(id, windowSize, recomputeInterval, stateDir, storeType, instanceId, replicationFactor, catalogue);
    }

    public AggregatorConfig withWindowSize(int w) {
        return new AggregatorConfig(applicationId, w, recomputeInterval, stateDir, storeType, instanceId, replicationFactor, catalogue);
    }

    public AggregatorConfig withRecomputeInterval(Duration d) {
        return new AggregatorConfig(applicationId, windowSize, d, stateDir, storeType, instanceId, replicationFactor, catalogue);
    }

    public AggregatorConfig withStateDir(Path dir) {
        return new AggregatorConfig(applicationId, windowSize, recomputeInterval, dir, storeType, instanceId, replicationFactor, catalogue);
    }

    public AggregatorConfig withStoreType(Materialized.StoreType type) {
        return new AggregatorConfig(applicationId, windowSize, recomputeInterval, stateDir, type, instanceId, replicationFactor, catalogue);
    }

    public AggregatorConfig withInstanceId(String id) {
        return new AggregatorConfig(applicationId, windowSize, recomputeInterval, stateDir, storeType, id, replicationFactor, catalogue);
    }

    public AggregatorConfig withCatalogue(TopicCatalogue c) {
        return new AggregatorConfig(applicationId, windowSize, recomputeInterval, stateDir, storeType, instanceId, replicationFactor, c);
    }

    public AggregatorConfig withReplicationFactor(int rf) {
        return new AggregatorConfig(applicationId, windowSize, recomputeInterval, stateDir, storeType, instanceId, rf, catalogue);
    }

    /** {@link #instanceId()}, or {@code <applicationId>-<host>-<8 hex digits of the state directory's path hash>}. */
    public String effectiveInstanceId() {
        if (instanceId != null) return instanceId;
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        String dir = stateDir == null ? System.getProperty("java.io.tmpdir") + "/kafka-streams" : stateDir.toAbsolutePath().normalize().toString();
        return applicationId + "-" + host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + String.format("%08x", dir.hashCode());
    }

    /** The sliding window's name, {@code last-<W>}. */
    public String windowName() { return Keys.lastWindow(windowSize); }

    /**
     * {@link #streamsProperties(String, String, Path, Map)} with this configuration's application id and state dir,
     * plus static membership ({@code group.instance.id} = {@link #effectiveInstanceId()}, unless clientProps set one).
     */
    public Properties streamsProperties(String bootstrapServers, Map<String, ?> clientProps) {
        Properties p = streamsProperties(bootstrapServers, applicationId, stateDir, clientProps);
        p.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, effectiveInstanceId());
        return p;
    }

    /**
     * The group membership settings of the aggregator's consumers (added under the client settings, which win):
     * {@code session.timeout.ms} {@value #SESSION_TIMEOUT_MS} and a heartbeat a third of it, unless the client settings
     * choose the consumer or streams group protocol (KIP-848, KIP-1071), where the broker owns the timeout and a client
     * that sets it is refused.
     */
    static Map<String, Object> sessionProperties(Map<String, ?> clientProps) {
        Object protocol = clientProps == null ? null : clientProps.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        if (protocol != null && !"classic".equalsIgnoreCase(protocol.toString().trim())) return Map.of();
        return Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SESSION_TIMEOUT_MS / 3);
    }

    /**
     * The internal topics' replication settings for a replication factor: {@code replication.factor} and, through the
     * {@code topic.} prefix, {@code min.insync.replicas} (2 of 3: one broker may be down and every acknowledged write
     * still has two copies; 1 below 3 replicas, so that a lone broker or a pair down to one is not blocked).
     */
    public static Map<String, Object> internalTopicProperties(int replicationFactor) {
        int minInsync = Math.max(1, Math.min(2, replicationFactor - 1));
        return Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor,
                StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), Integer.toString(minInsync));
    }

    /**
     * The Kafka Streams properties of the aggregator: {@code exactly_once_v2}; the consumer's session timeout
     * {@link #sessionProperties}; undecodable input records and
     * processing errors on one record logged in one line, counted and skipped ({@link BadRecordLogger}); every internal topic and store explicitly named (checked when the topology is built).
     *
     * @param clientProps any extra client or Streams settings (SASL/TLS, {@code replication.factor},
     *                    {@code num.stream.threads}, ...); applied on top of the defaults, except that the
     *                    processing guarantee stays {@code exactly_once_v2}
     */
    public static Properties streamsProperties(String bootstrapServers, String applicationId, Path stateDir,
            Map<String, ?> clientProps) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (stateDir != null) p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, BadRecordLogger.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, BadRecordLogger.class.getName());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putAll(sessionProperties(clientProps)); // unprefixed, so that an unprefixed client setting replaces it
        if (clientProps != null) clientProps.forEach((k, v) -> { if (v != null) p.put(k, v); });
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return p;
    }
}
