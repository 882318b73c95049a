package io.nasscore.testsupport;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft cluster of one node (combined broker and controller) in the test's JVM. It starts without topics:
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
        MetadataVersion mv = MetadataVersion.latestProduction();
        Map<String, Short> features = new TreeMap<>();
        for (Feature f : Feature.PRODUCTION_FEATURES) features.put(f.featureName(), f.defaultLevel(mv));
        return start(new TestKitNodes.Builder(BootstrapMetadata.fromVersions(mv, features, "nasscore-test")));
    }

    private static KafkaTestBroker start(TestKitNodes.Builder nodes) throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(
                nodes.setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                // one broker: the internal topics cannot have more replicas
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
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

    public KafkaClusterTestKit cluster() {
        return cluster;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
