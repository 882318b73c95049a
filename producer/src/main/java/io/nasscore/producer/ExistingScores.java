package io.nasscore.producer;

import io.nasscore.schemas.BadRecordException;
import io.nasscore.schemas.Topic;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scores already on the compacted {@code nas.scores} topic: read from the beginning to the end offsets seen at
 * the start (with {@code read_committed}, the last stable offsets: aborted and still-open transactions are not
 * counted), without a consumer group (nothing is committed). The latest value of each key wins and a tombstone
 * removes the key, as compaction would.
 */
public final class ExistingScores {
    private static final Logger log = LoggerFactory.getLogger(ExistingScores.class);

    private ExistingScores() {}

    /**
     * The latest committed record of every key accepted by {@code keys} (undecodable values are skipped and
     * logged).
     *
     * @param kafka   client config (bootstrap servers, security)
     * @param keys    which score keys to keep (the others are not decoded)
     * @param timeout how long reading may go without progress (the deadline moves on while records arrive, so a
     *                large topic is read to its end however long that takes)
     * @throws KafkaException when no record arrives for {@code timeout} before the end
     */
    public static Map<String, ScoreRecord> read(Map<String, Object> kafka, Predicate<String> keys, Duration timeout) {
        return read(kafka, keys, Map.of(), Map.of(), timeout);
    }

    /**
     * As {@link #read(Map, Predicate, Duration)}, but only the tail of the topic: each partition from
     * {@code from} (the beginning when absent, or when the offset is no longer in the log), applied on top of
     * {@code base} (the records up to those offsets, e.g. a {@link PersistedScores.Snapshot}): a later record of a
     * key replaces the base's, a tombstone removes it.
     */
    public static Map<String, ScoreRecord> read(Map<String, Object> kafka, Predicate<String> keys, Map<Integer, Long> from,
                                                Map<String, ScoreRecord> base, Duration timeout) {
        return read(kafka, Topics.SCORES, keys, from, base, timeout);
    }

    /** As {@link #read(Map, Predicate, Map, Map, Duration)}, on the scores topic {@code scores}. */
    public static Map<String, ScoreRecord> read(Map<String, Object> kafka, Topic<ScoreRecord> scores, Predicate<String> keys,
                                                Map<Integer, Long> from, Map<String, ScoreRecord> base, Duration timeout) {
        Map<String, Object> c = new HashMap<>(kafka);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "nasscore-existing-scores");
        String topic = scores.name();
        Map<String, ScoreRecord> out = new HashMap<>(base);
        long deadline = System.nanoTime() + timeout.toNanos();
        int undecodable = 0;
        long read = 0;
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) return out;
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
            List<TopicPartition> fromStart = new ArrayList<>();
            for (TopicPartition tp : parts) {
                Long o = from.get(tp.partition());
                // beyond the end (the topic was re-created after the store read it): that partition from the beginning;
                // below the log start offset (deleted by retention) the consumer resets to the earliest: still exact
                if (o == null || o > end.get(tp)) fromStart.add(tp);
                else consumer.seek(tp, o);
            }
            // (never with an empty list: Kafka reads that as "every assigned partition")
            if (!fromStart.isEmpty()) consumer.seekToBeginning(fromStart);
            while (!reachedEnd(consumer, end)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new KafkaException("cannot read " + topic + " to its end: no record for " + timeout
                            + " (read " + read + " records so far)");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(Math.min(500, left / 1_000_000 + 1)))) {
                    read++;
                    deadline = System.nanoTime() + timeout.toNanos();
                    if (r.key() == null || !keys.test(r.key())) continue;
                    if (r.value() == null) {
                        out.remove(r.key());
                        continue;
                    }
                    try {
                        out.put(r.key(), scores.valueSerde().deserializer().deserialize(topic, r.value()));
                    } catch (BadRecordException e) {
                        undecodable++;
                        log.warn("skipping an undecodable record of {} at partition {} offset {}: {}", topic,
                                r.partition(), r.offset(), e.getMessage());
                    }
                }
            }
        } finally {
            // no group, nothing to commit: a graceful close would only wait for the fetch the consumer keeps
            // parked at the broker (fetch.max.wait.ms, 0.5 s of every submit)
            consumer.close(Duration.ZERO);
        }
        log.debug("read {} record(s) of {}: {} matching key(s), {} undecodable", read, topic, out.size(), undecodable);
        return out;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }
}
