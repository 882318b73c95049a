package io.nasscore.testsupport;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Empties a broker between the tests of a class, so the class starts one broker instead of one per test: the
 * pipeline's components use the catalogue's fixed topic names and the workers' fixed group, so each test needs
 * those topics empty and that group without offsets rather than unique names.
 */
public final class KafkaReset {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private KafkaReset() {}

    /**
     * Deletes every consumer group and every record of every (non-internal) topic whose cleanup policy allows record
     * deletion, keeping the topics: a producer then writes to partitions that have long had their leader, where a
     * re-created topic can make a loaded broker refuse an idempotent producer's first batches
     * (OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout). Compacted-only topics refuse record deletion and
     * are left as they are. The previous test's consumers must be closed.
     */
    public static void deleteGroupsAndRecords(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            deleteGroups(admin);
            Set<String> topics = admin.listTopics().names().get();
            if (topics.isEmpty()) return;
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
                Config c = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, d.name())))
                        .all().get().values().iterator().next();
                if (!c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value().contains(TopicConfig.CLEANUP_POLICY_DELETE)) continue;
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, RecordsToDelete> upTo = new HashMap<>();
            admin.listOffsets(latest).all().get()
                    .forEach((tp, o) -> upTo.put(tp, RecordsToDelete.beforeOffset(o.offset())));
            admin.deleteRecords(upTo).all().get();
        }
    }

    private static void deleteGroups(Admin admin) throws Exception {
        List<String> groups = admin.listGroups().all().get().stream().map(GroupListing::groupId).toList();
        if (!groups.isEmpty()) admin.deleteConsumerGroups(groups).all().get();
    }

    /**
     * Deletes every consumer group and every (non-internal) topic, waiting until the topics are gone. The previous
     * test's consumers must be closed: deleting a group with members fails, and says which.
     */
    public static void deleteGroupsAndTopics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            deleteGroups(admin);
            Set<String> topics = admin.listTopics().names().get();
            if (topics.isEmpty()) return;
            admin.deleteTopics(topics).all().get();
            Poll.until(TIMEOUT, "the deletion of topics " + topics,
                    () -> Collections.disjoint(admin.listTopics().names().get(), topics));
        }
    }
}
