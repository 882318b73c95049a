package io.nasscore.testsupport;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;

/**
 * Empties a broker between the tests of a class, so the class starts one broker instead of one per test: the
 * pipeline's components use the catalogue's fixed topic names and the workers' fixed group, so each test needs
 * those topics empty and that group without offsets rather than unique names.
 */
public final class KafkaReset {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private KafkaReset() {}

    /**
     * Deletes every consumer group and every (non-internal) topic, waiting until the topics are gone. The previous
     * test's consumers must be closed: deleting a group with members fails, and says which.
     */
    public static void deleteGroupsAndTopics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            List<String> groups = admin.listGroups().all().get().stream().map(GroupListing::groupId).toList();
            if (!groups.isEmpty()) admin.deleteConsumerGroups(groups).all().get();
            Set<String> topics = admin.listTopics().names().get();
            if (topics.isEmpty()) return;
            admin.deleteTopics(topics).all().get();
            Poll.until(TIMEOUT, "the deletion of topics " + topics,
                    () -> Collections.disjoint(admin.listTopics().names().get(), topics));
        }
    }
}
