package io.nasscore.producer;

import io.nasscore.schemas.Topic;
import io.nasscore.schemas.Topics;
import io.nasscore.testsupport.KafkaTestBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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
        return cluster.clientConfig();
    }

    /** Every committed record of a topic, from the beginning to its current end, decoded with the topic's serde. */
    <V> List<ConsumerRecord<String, V>> readAll(Topic<V> topic) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : cluster.readAll(topic.name())) {
            V v = r.value() == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
            out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), v));
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
