package io.nasscore.producer;

import io.nasscore.schemas.Topic;
import io.nasscore.schemas.Topics;
import io.nasscore.testsupport.KafkaTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A real single-node KRaft broker with the pipeline's topics, and a read_committed reader of a whole topic. */
final class TestBroker implements AutoCloseable {
    final KafkaTestBroker cluster;

    TestBroker() throws Exception {
        cluster = KafkaTestBroker.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Topics.createAll(admin, (short) 1);
        }
    }

    Map<String, Object> kafka() {
        return Map.of("bootstrap.servers", cluster.bootstrapServers());
    }

    /** Every committed record of a topic, from the beginning to its current end, decoded with the topic's serde. */
    <V> List<ConsumerRecord<String, V>> readAll(Topic<V> topic) {
        Map<String, Object> c = new HashMap<>(kafka());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) throw new AssertionError("cannot read " + topic + " to its end");
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    V v = r.value() == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
                    out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), v));
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
