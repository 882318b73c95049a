package io.nasscore.systest;

import io.nasscore.schemas.AvroSerde;
import io.nasscore.schemas.avro.ScoreRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the scenarios read from and write to the cluster directly: poison records, the DLQ, committed scores. */
final class KafkaSide {
    private final Map<String, Object> client;

    /** @param client bootstrap.servers and any security settings of the test's own clients */
    KafkaSide(Map<String, Object> client) {
        this.client = Map.copyOf(client);
    }

    /** Writes records that no schema decodes ({@code acks=all}). */
    void poison(String topic, int n, String keyPrefix) throws Exception {
        Map<String, Object> cfg = new HashMap<>(client);
        cfg.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                byte[] key = (keyPrefix + i).getBytes(StandardCharsets.UTF_8);
                p.send(new ProducerRecord<>(topic, key, ("not avro " + i + " \u0000\u0001garbage").getBytes(StandardCharsets.UTF_8)))
                        .get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** The end offset of a one-partition topic (the DLQ), 0 when it does not exist yet. */
    long end(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer("read_uncommitted")) {
            TopicPartition tp = new TopicPartition(topic, 0);
            if (c.partitionsFor(topic, Duration.ofSeconds(30)).isEmpty()) return 0;
            return c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        }
    }

    /** The records of a one-partition topic from {@code from} to its end: key and every nas.error.* header. */
    List<Map<String, String>> read(String topic, long from) {
        List<Map<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer("read_committed")) {
            TopicPartition tp = new TopicPartition(topic, 0);
            if (c.partitionsFor(topic, Duration.ofSeconds(30)).isEmpty()) return out;
            c.assign(List.of(tp));
            c.seek(tp, from);
            long end = c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    Map<String, String> m = new HashMap<>();
                    m.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
                    for (Header h : r.headers()) {
                        if (h.key().startsWith("nas.error.")) m.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                    }
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** The committed (read_committed) score records of an experiment on nas.scores, by arch index. */
    Map<Integer, Integer> committedScores(String experiment) {
        Map<Integer, Integer> perArch = new HashMap<>();
        try (AvroSerde<ScoreRecord> serde = AvroSerde.scoreRecord();
             KafkaConsumer<byte[], byte[]> c = consumer("read_committed")) {
            List<TopicPartition> tps = c.partitionsFor("nas.scores", Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    ScoreRecord s;
                    try {
                        s = serde.deserializer().deserialize(r.topic(), r.value());
                    } catch (RuntimeException poison) {
                        continue;
                    }
                    if (s != null && experiment.equals(s.getExperiment())) perArch.merge(s.getArchIndex(), 1, Integer::sum);
                }
            }
        }
        return perArch;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String isolation) {
        Map<String, Object> cfg = new HashMap<>(client);
        cfg.put("isolation.level", isolation);
        cfg.put("enable.auto.commit", false);
        return new KafkaConsumer<>(cfg, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
