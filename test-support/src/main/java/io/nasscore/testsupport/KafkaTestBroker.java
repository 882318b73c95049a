package io.nasscore.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft cluster of one node (combined broker and controller), or of several brokers ({@link #start(int)}), in
 * the test's JVM. It starts without topics:
 * the caller creates the ones it needs.
 */
public final class KafkaTestBroker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private KafkaTestBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /**
     * A started node with the metadata version and feature levels of a released broker (transaction.version 2
     * included), as the embedded stack of {@code nasscore up} runs, rather than the test kit's newest unreleased
     * ones: tests exercise what users run.
     */
    public static KafkaTestBroker start() throws Exception {
        return start(1);
    }

    /**
     * {@link #start()} with {@code brokers} brokers (the first one also the controller), for tests of replication:
     * the consumer-offsets and transaction-state topics get min(3, brokers) replicas.
     */
    public static KafkaTestBroker start(int brokers) throws Exception {
        if (brokers < 1) throw new IllegalArgumentException("brokers must be >= 1, got " + brokers);
        MetadataVersion mv = MetadataVersion.latestProduction();
        Map<String, Short> features = new TreeMap<>();
        for (Feature f : Feature.PRODUCTION_FEATURES) features.put(f.featureName(), f.defaultLevel(mv));
        return start(new TestKitNodes.Builder(BootstrapMetadata.fromVersions(mv, features, "nasscore-test")), brokers);
    }

    private static KafkaTestBroker start(TestKitNodes.Builder nodes, int brokers) throws Exception {
        String internalReplicas = Integer.toString(Math.min(3, brokers));
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(
                nodes.setCombined(true).setNumBrokerNodes(brokers).setNumControllerNodes(1).build())
                // no more replicas than brokers
                .setConfigProp("offsets.topic.replication.factor", internalReplicas)
                .setConfigProp("transaction.state.log.replication.factor", internalReplicas)
                .setConfigProp("transaction.state.log.min.isr", "1")
                // the first consumer group and the first transactional producer wait for these topics to be created
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.num.partitions", "4")
                // otherwise a group's first member waits 3 s for others that never come
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaTestBroker(cluster);
        } catch (Exception | Error e) {
            // a half-started node would keep its threads and ports for the rest of the test JVM
            try {
                cluster.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client settings for this node: its bootstrap servers. */
    public Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", cluster.bootstrapServers());
    }

    /** Every committed record of a topic, raw, from its beginning to its end at the time of the call. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return readAll(cluster.bootstrapServers(), topic, "read_committed");
    }

    /**
     * Every record of a topic, raw, from its beginning to its end at the time of the call, as a reader with the given
     * isolation level sees them ({@code read_uncommitted} also returns the records of aborted transactions).
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic, String isolation) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) throw new AssertionError("cannot read " + topic + " to its end");
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        } finally {
            consumer.close(Duration.ZERO); // no group: a graceful close would only wait for the fetch parked at the broker
        }
        return out;
    }

    public KafkaClusterTestKit cluster() {
        return cluster;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
