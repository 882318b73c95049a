package io.nasscore.schemas;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the catalogue: its name, key and value serdes, and how to create it.
 *
 * @param name the topic name
 * @param keySerde always a plain String serde (keys are never Avro)
 * @param valueSerde the value serde ({@link AvroSerde} of the record, or raw bytes for the DLQ)
 * @param cleanupPolicy {@code delete}, {@code compact} or {@code compact,delete}
 * @param partitions default partition count
 * @param configs topic-level configs to create it with (cleanup.policy included)
 * @param description what it carries, who writes it
 */
public record Topic<V>(
        String name,
        Serde<String> keySerde,
        Serde<V> valueSerde,
        String cleanupPolicy,
        int partitions,
        Map<String, String> configs,
        String description) {

    public Topic {
        configs = Map.copyOf(configs);
        if (!cleanupPolicy.equals(configs.get(TopicConfig.CLEANUP_POLICY_CONFIG))) {
            throw new IllegalArgumentException("topic " + name + ": configs must carry cleanup.policy=" + cleanupPolicy);
        }
    }

    /** The topic with its default partition count. */
    public NewTopic newTopic(short replicationFactor) { return newTopic(partitions, replicationFactor); }

    /**
     * The topic with {@code partitions} partitions and the given replication factor; with a replication factor
     * of 3 or more, {@code min.insync.replicas=2} as well (producers use acks=all).
     */
    public NewTopic newTopic(int partitions, short replicationFactor) {
        if (partitions < 1) throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, got " + partitions);
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + ": replication factor must be >= 1, got " + replicationFactor);
        }
        Map<String, String> c = new LinkedHashMap<>(configs);
        if (replicationFactor >= 3) c.putIfAbsent(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        return new NewTopic(name, partitions, replicationFactor).configs(c);
    }

    @Override public String toString() { return name; }
}
