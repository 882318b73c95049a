package io.nasscore.stack;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The {@code server.properties} of one KRaft node that is both controller and broker, as the Kafka distribution's
 * {@code config/server.properties} describes one: the same file starts the node in this JVM ({@link KafkaNode}) or
 * as its own process ({@code java -cp ... kafka.Kafka server.properties}, {@link KafkaProcessCluster}).
 *
 * <p>Three listeners, each on the node's host, which is the loopback address unless configured otherwise (a
 * listener on every interface would let anyone on the network read the topics):
 * <ul>
 *   <li>{@value #CLIENT}: what clients bootstrap from;</li>
 *   <li>{@value #BROKER}: replication between brokers;</li>
 *   <li>{@value #CONTROLLER}: the KRaft quorum.</li>
 * </ul>
 *
 * <p>Replication: the internal topics (consumer offsets, transaction state, share-group state) and new topics get
 * {@code replicationFactor} replicas and {@code minInsyncReplicas}; a single node needs 1 and 1, a 3-node cluster
 * runs 3 and 2 so that one lost broker neither loses an acknowledged write nor stops writes.
 *
 * @param self              this node
 * @param quorum            every controller of the cluster, this node included (static quorum)
 * @param logDir            the partition logs and the {@code __cluster_metadata} log
 * @param replicationFactor replicas of internal and new topics
 * @param minInsyncReplicas their {@code min.insync.replicas}
 * @param security          secured mode (SASL listeners, ACLs), or null for PLAINTEXT listeners
 * @param extra             further broker configs, overriding the ones above
 */
public record BrokerConfig(Node self, List<Node> quorum, Path logDir, int replicationFactor, int minInsyncReplicas,
        KafkaSecurity security, Map<String, String> extra) {

    public static final String CLIENT = "CLIENT";
    public static final String BROKER = "BROKER";
    public static final String CONTROLLER = "CONTROLLER";
    /** The file name the distribution uses. */
    public static final String FILE_NAME = "server.properties";

    /**
     * A node's id and addresses.
     *
     * @param id             {@code node.id}
     * @param host           the address every listener binds to and advertises
     * @param clientPort     port of the {@value #CLIENT} listener
     * @param brokerPort     port of the {@value #BROKER} listener
     * @param controllerPort port of the {@value #CONTROLLER} listener
     */
    public record Node(int id, String host, int clientPort, int brokerPort, int controllerPort) {
        public String bootstrapServer() {
            return host + ":" + clientPort;
        }

        String voter() {
            return id + "@" + host + ":" + controllerPort;
        }
    }

    public BrokerConfig {
        if (quorum.stream().noneMatch(n -> n.id() == self.id())) throw new IllegalArgumentException("node " + self.id() + " is not in the quorum " + quorum);
        if (minInsyncReplicas > replicationFactor) throw new IllegalArgumentException("min.insync.replicas " + minInsyncReplicas + " > replication factor " + replicationFactor);
        quorum = List.copyOf(quorum);
        extra = Map.copyOf(extra);
    }

    /** A node that is the whole cluster: replication factor 1, groups start without the initial rebalance delay. */
    public static BrokerConfig singleNode(Node self, Path logDir, KafkaSecurity security, Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        // a group's first member would otherwise wait 3 s for others that never come
        m.put("group.initial.rebalance.delay.ms", "0");
        // fewer partitions for the internal topics: the first consumer group or transactional producer waits for
        // their creation
        m.put("offsets.topic.num.partitions", "8");
        m.put("transaction.state.log.num.partitions", "8");
        m.putAll(extra);
        return new BrokerConfig(self, List.of(self), logDir, 1, 1, security, m);
    }

    /** The loopback address, as a literal (binding to "localhost" could pick another address on some hosts). */
    public static String loopback() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    /** The node's configuration. */
    public Properties properties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("process.roles", "broker,controller");
        m.put("node.id", Integer.toString(self.id()));
        m.put("controller.quorum.voters", quorum.stream().map(Node::voter).collect(Collectors.joining(",")));
        m.put("listeners", String.format("%s://%s:%d,%s://%s:%d,%s://%s:%d", CLIENT, self.host(), self.clientPort(),
                BROKER, self.host(), self.brokerPort(), CONTROLLER, self.host(), self.controllerPort()));
        m.put("advertised.listeners", String.format("%s://%s:%d,%s://%s:%d", CLIENT, self.host(), self.clientPort(),
                BROKER, self.host(), self.brokerPort()));
        m.put("listener.security.protocol.map", CLIENT + ":PLAINTEXT," + BROKER + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        m.put("inter.broker.listener.name", BROKER);
        m.put("controller.listener.names", CONTROLLER);
        m.put("log.dirs", logDir.toAbsolutePath().toString());
        String rf = Integer.toString(replicationFactor);
        String isr = Integer.toString(minInsyncReplicas);
        m.put("offsets.topic.replication.factor", rf);
        m.put("transaction.state.log.replication.factor", rf);
        m.put("transaction.state.log.min.isr", isr);
        m.put("share.coordinator.state.topic.replication.factor", rf);
        m.put("share.coordinator.state.topic.min.isr", isr);
        m.put("default.replication.factor", rf);
        m.put("min.insync.replicas", isr);
        // behave like a released broker
        m.put("unstable.api.versions.enable", "false");
        m.put("unstable.feature.versions.enable", "false");
        if (security != null) m.putAll(security.brokerProperties());
        m.putAll(extra);
        Properties p = new Properties();
        p.putAll(m);
        return p;
    }

    /** Client settings that reach this node as the super user in secured mode, else as any client. */
    public Map<String, Object> adminClientConfig() {
        return security == null ? Map.of("bootstrap.servers", self.bootstrapServer()) : security.adminClientConfig(self);
    }

    /** Writes {@link #properties()} to {@code file} (its directory created if absent). */
    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties().store(w, "KRaft node " + self.id() + " (broker and controller), written by nasscore");
        }
        return file;
    }
}
