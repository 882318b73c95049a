package io.nasscore.cli.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KRaft node (combined controller and broker) run by Kafka's {@link KafkaClusterTestKit}, its logs and
 * metadata log kept under a fixed directory so a second start finds the topics, records, committed offsets and
 * transaction state of the first.
 *
 * <p>How persistence works with the test kit: {@code TestKitNodes.Builder.setBaseDirectory} fixes the
 * directories ({@code <dir>/combined_0_0} holds both the partition logs and the {@code __cluster_metadata} log)
 * and {@code setDeleteOnClose(false)} keeps them. The kit formats with {@code ignoreFormatted=false}, so we format
 * only on the first start, and we pass the cluster id read back from {@code meta.properties} on later starts.
 * The kit builds the node's meta properties in memory with a fresh directory id each time; the broker's log
 * manager uses the one on disk, which never changes (checked by the stack's restart test).
 *
 * <p>Clients connect on a listener {@code CLIENT} on a fixed port. The kit's own broker listener ({@code EXTERNAL},
 * used between the broker and its controller) and the controller listener are pre-bound by the kit to free
 * ports, which change at every start.
 */
final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    static final String CLIENT_LISTENER = "CLIENT";
    private static final String NODE_DIR = "combined_0_0";

    private final KafkaClusterTestKit kit;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaClusterTestKit kit, String bootstrapServers) {
        this.kit = kit;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the node.
     *
     * @param dir      the directory of the node's data (created if absent)
     * @param port     the client port on localhost; 0 picks a free one
     * @param extra    broker configs added to (and overriding) the defaults below
     */
    static EmbeddedKafka start(Path dir, int port, Map<String, Object> extra) throws Exception {
        Files.createDirectories(dir);
        Path meta = dir.resolve(NODE_DIR).resolve("meta.properties");
        boolean formatted = Files.exists(meta);
        String clusterId = formatted ? clusterIdOf(meta) : Uuid.randomUuid().toString();

        TestKitNodes nodes = new TestKitNodes.Builder(productionBootstrapMetadata())
                .setCombined(true)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(1)
                .setBaseDirectory(dir.toAbsolutePath())
                .setClusterId(clusterId)
                .build();
        String broker = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();

        Map<String, Object> config = new TreeMap<>();
        config.put("listeners", String.format("%s://localhost:0,%s://localhost:0,%s://localhost:%d",
                broker, controller, CLIENT_LISTENER, port));
        config.put("listener.security.protocol.map", String.format("%s:%s,%s:%s,%s:PLAINTEXT",
                broker, nodes.brokerListenerProtocol().name, controller, nodes.controllerListenerProtocol().name,
                CLIENT_LISTENER));
        // one broker: every internal topic has one replica
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        // fewer partitions for the internal topics: they are created on first use, and the first consumer
        // group or transactional producer waits for it
        config.put("offsets.topic.num.partitions", "8");
        config.put("transaction.state.log.num.partitions", "8");
        config.put("group.initial.rebalance.delay.ms", "0");
        // behave like a released broker, not a test one
        config.put("unstable.api.versions.enable", "false");
        config.put("unstable.feature.versions.enable", "false");
        config.putAll(extra);

        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false);
        config.forEach(builder::setConfigProp);
        KafkaClusterTestKit kit = builder.build();
        try {
            if (!formatted) kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            int bound = kit.brokers().values().iterator().next().boundPort(ListenerName.normalised(CLIENT_LISTENER));
            return new EmbeddedKafka(kit, "localhost:" + bound);
        } catch (Exception | Error e) {
            closeQuietly(kit);
            throw e;
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        closeQuietly(kit);
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        try {
            kit.close();
        } catch (Exception e) {
            // the kit rethrows faults it recorded while running; the broker is stopped anyway
            log.warn("embedded Kafka stopped with: {}", e.toString());
        }
    }

    /** The metadata version and feature levels of a released broker of this Kafka version. */
    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion mv = MetadataVersion.latestProduction();
        Map<String, Short> features = Feature.PRODUCTION_FEATURES.stream()
                .collect(Collectors.toMap(Feature::featureName, f -> f.defaultLevel(mv), (a, b) -> a, TreeMap::new));
        return BootstrapMetadata.fromVersions(mv, features, "nasscore");
    }

    private static String clusterIdOf(Path meta) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String id = p.getProperty("cluster.id");
        if (id == null || id.isBlank()) throw new IOException(meta + " has no cluster.id");
        return id.trim();
    }
}
