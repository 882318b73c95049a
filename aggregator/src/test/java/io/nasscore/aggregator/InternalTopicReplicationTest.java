package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.schemas.Topics;
import io.nasscore.testsupport.KafkaTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aggregator on a cluster of three brokers: its Kafka Streams internal topics are replicated like nasscore's own. */
class InternalTopicReplicationTest {
    @TempDir Path dir;

    @Test
    void everyInternalTopicHasThreeReplicasAndTwoInSync() throws Exception {
        try (KafkaTestBroker kafka = KafkaTestBroker.start(3); Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.createAll(admin, Topics.defaultReplicationFactor(3));
            AggregatorConfig cfg = AggregatorConfig.defaults().withApplicationId("rf-aggregator")
                    .withStateDir(dir.resolve("streams"));
            try (Aggregator aggregator = new Aggregator(kafka.bootstrapServers(), Map.of(), cfg, null, null)) {
                aggregator.start();
                assertThat(aggregator.awaitRunning(Duration.ofSeconds(180))).as("Kafka Streams running").isTrue();
            }
            Set<String> internal = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            internal.removeIf(t -> !t.startsWith("rf-aggregator-"));
            assertThat(internal).as("repartition and changelog topics").hasSizeGreaterThanOrEqualTo(7)
                    .allMatch(t -> t.endsWith("-repartition") || t.endsWith("-changelog"));
            Map<String, TopicDescription> described = admin.describeTopics(internal).allTopicNames().get(60, TimeUnit.SECONDS);
            described.values().forEach(d -> assertThat(d.partitions()).allSatisfy(p ->
                    assertThat(p.replicas()).as("replicas of %s-%d", d.name(), p.partition()).hasSize(3)));
            List<ConfigResource> resources = internal.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(60, TimeUnit.SECONDS);
            configs.forEach((r, c) -> assertThat(c.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value())
                    .as("min.insync.replicas of %s", r.name()).isEqualTo("2"));
        }
    }
}
