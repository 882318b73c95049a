package io.nasscore.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KRaft node (controller and broker) in this JVM, run by the broker's own entry point
 * ({@link KafkaRaftServer}, what {@code kafka.Kafka} runs) from a {@link BrokerConfig}: its {@code server.properties}
 * is written next to the log directory, the log directory is formatted on the first start only, and a later start
 * on the same directory finds the topics, records, committed offsets and transaction state of the first.
 *
 * <p>The node's ports are fixed when its configuration is written; a client port of 0 is replaced by a free one,
 * the broker and controller ports are free ones, and the start is retried with new ports if another process took
 * one meanwhile.
 */
public final class KafkaNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);
    private static final int BIND_ATTEMPTS = 5;

    private final KafkaRaftServer server;
    private final BrokerConfig config;
    private final CompletableFuture<String> stopped = new CompletableFuture<>();
    private volatile boolean closing;

    private KafkaNode(KafkaRaftServer server, BrokerConfig config) {
        this.server = server;
        this.config = config;
        Thread watcher = new Thread(() -> {
            server.awaitShutdown();
            if (!closing) stopped.complete("the Kafka broker stopped on its own");
        }, "kafka-node-" + config.self().id() + "-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Starts a single node on {@code dir}: log directory {@code dir/data} (or {@code dir/combined_0_0}, the one an
     * older nasscore formatted), its configuration in {@code dir/server.properties}.
     *
     * @param host       the address every listener binds to (normally {@link BrokerConfig#loopback()})
     * @param clientPort the client port; 0 picks a free one
     * @param security   secured mode's credentials, or null for PLAINTEXT listeners
     * @param extra      broker configs overriding the defaults
     */
    public static KafkaNode startSingle(Path dir, String host, int clientPort, KafkaSecurity security, Map<String, String> extra) throws IOException {
        Files.createDirectories(dir);
        Path legacy = dir.resolve("combined_0_0");
        Path logDir = KafkaStorage.isFormatted(legacy) ? legacy : dir.resolve("data");
        int nodeId = KafkaStorage.nodeId(logDir).orElse(1);
        for (int attempt = 1; ; attempt++) {
            List<Integer> free = FreePorts.pick(host, 3);
            BrokerConfig.Node self = new BrokerConfig.Node(nodeId, host, clientPort == 0 ? free.get(0) : clientPort, free.get(1), free.get(2));
            BrokerConfig config = BrokerConfig.singleNode(self, logDir, security, extra);
            config.write(dir.resolve(BrokerConfig.FILE_NAME));
            if (!KafkaStorage.isFormatted(logDir)) KafkaStorage.format(config, KafkaStorage.newClusterId());
            try {
                return start(config);
            } catch (RuntimeException e) {
                if (!FreePorts.isBindFailure(e) || attempt == BIND_ATTEMPTS) throw e;
                log.debug("a port of {} was taken meanwhile; retrying with new ports", self);
            }
        }
    }

    /** Starts the node of a configuration whose log directory is formatted, and waits until it serves clients. */
    public static KafkaNode start(BrokerConfig config) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config.properties(), false), Time.SYSTEM);
        try {
            server.startup();
            awaitServing(config.adminClientConfig(), Duration.ofSeconds(60));
            return new KafkaNode(server, config);
        } catch (RuntimeException | Error e) {
            // a half-started node would keep its threads and ports
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Waits until a broker answers a cluster description on {@code bootstrapServers}. */
    static void awaitServing(String bootstrapServers, Duration timeout) {
        awaitServing(Map.of("bootstrap.servers", bootstrapServers), timeout);
    }

    /**
     * Waits until a broker answers a cluster description to a client with these settings; a failed attempt (the broker
     * not listening yet, credentials not yet applied) is retried until the timeout.
     */
    static void awaitServing(Map<String, Object> clientConfig, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> cfg = new java.util.HashMap<>(clientConfig);
        cfg.putIfAbsent("default.api.timeout.ms", 10_000);
        cfg.putIfAbsent("request.timeout.ms", 5_000);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = Admin.create(cfg)) {
                admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker at " + clientConfig.get("bootstrap.servers"));
            } catch (Exception e) {
                last = e;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker");
                }
            }
        }
        throw new IllegalStateException("the broker at " + clientConfig.get("bootstrap.servers") + " did not serve within "
                + timeout.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    public BrokerConfig config() {
        return config;
    }

    /** host:port of the client listener. */
    public String bootstrapServers() {
        return config.self().bootstrapServer();
    }

    /** Completes, with a one-line reason, when the broker stops without {@link #close()}. */
    public CompletableFuture<String> stopped() {
        return stopped;
    }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("embedded Kafka stopped with: {}", e.toString());
        }
    }
}
