package io.nasscore.scorer.worker;

import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Topic;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.testsupport.KafkaTestBroker;
import io.nasscore.testsupport.KafkaReset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real single-node KRaft broker with the pipeline's topics, plus helpers to write jobs and read topics. A test
 * class starts one and calls {@link #reset()} before each test: the worker, the publisher and the sink use the
 * catalogue's fixed topic names, so each test gets fresh, empty topics of those names instead of a broker of its own.
 */
final class Broker implements AutoCloseable {
    static final Duration RESET_TIMEOUT = Duration.ofSeconds(60);
    static final Duration SETTLE = Duration.ofSeconds(10);
    final KafkaTestBroker cluster;

    Broker() throws Exception {
        // the workers' transactions must behave as on the embedded stack's released broker
        cluster = KafkaTestBroker.start();
        try (Admin admin = admin()) {
            Topics.createAll(admin, (short) 1);
        }
    }

    /**
     * Empties the broker for the next test: deletes every consumer group (the workers' committed offsets) and every
     * topic, then creates the catalogue's topics again (not just their records: tests assert offsets from 0). The
     * previous test's workers and producers must be closed.
     */
    void reset() throws Exception {
        KafkaReset.deleteGroupsAndTopics(cluster.bootstrapServers());
        try (Admin admin = admin()) {
            Topics.createAll(admin, (short) 1, RESET_TIMEOUT);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    Map<String, Object> kafka() {
        return cluster.clientConfig();
    }

    WorkerConfig workerConfig(String id) {
        return WorkerConfig.of(kafka()).withWorkerId(id).withProgressEvery(Duration.ofSeconds(2));
    }

    static ScoringJob job(ScoreConfig c, int index, String experiment) {
        return Convert.scoringJob(new ScoreRequest(SearchSpace.arch(index), c, ScoreName.PAPER), experiment,
                false, Instant.now(), List.of());
    }

    static byte[] bytes(ScoringJob job) {
        return Topics.JOBS.valueSerde().serializer().serialize(Topics.JOBS.name(), job);
    }

    /** Writes raw (key, value) pairs to nas.jobs, in order, on one partition when {@code partition} is not null. */
    void sendRaw(Integer partition, List<Map.Entry<String, byte[]>> records) {
        Map<String, Object> config = new java.util.HashMap<>(kafka());
        config.put(org.apache.kafka.clients.producer.ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1); // KAFKA-15591
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> r : records) {
                p.send(new ProducerRecord<>(Topics.JOBS.name(), partition, r.getKey(), r.getValue()));
            }
            p.flush();
        }
    }

    void sendJobs(List<ScoringJob> jobs) {
        List<Map.Entry<String, byte[]>> raw = new ArrayList<>();
        for (ScoringJob j : jobs) raw.add(Map.entry(j.getJobId(), bytes(j)));
        sendRaw(null, raw);
    }

    /**
     * Every committed record of a topic, raw, from the beginning to its current end, once the transactions on it are
     * decided ({@link KafkaTestBroker#readAll}): the tests read after their workers committed, and must not read short.
     */
    List<ConsumerRecord<String, byte[]>> readRaw(String topic) {
        return readRaw(topic, "read_committed");
    }

    /** The committed records visible at once: for a test that reads while a transaction is open on purpose. */
    List<ConsumerRecord<String, byte[]>> readCommittedNow(String topic) {
        return KafkaTestBroker.readAllNow(cluster.bootstrapServers(), topic, "read_committed");
    }

    /**
     * Waits (up to {@link #SETTLE}) until every transaction on the topic is decided, so a read_committed reader, the
     * publisher's already-scored lookup among them, sees all that was committed; a transaction a test holds open on
     * purpose only costs the wait.
     */
    void awaitDecided(String topic) {
        KafkaTestBroker.awaitDecided(cluster.bootstrapServers(), topic, SETTLE);
    }

    /**
     * Every record of a topic, raw, from the beginning to its current end, as a reader with the given isolation
     * level sees them ({@code read_uncommitted} also returns the records of aborted transactions).
     */
    List<ConsumerRecord<String, byte[]>> readRaw(String topic, String isolation) {
        return KafkaTestBroker.readAll(cluster.bootstrapServers(), topic, isolation);
    }

    /** The offsets the workers' group committed on nas.jobs (partition -> next offset to read). */
    Map<Integer, Long> committedJobOffsets(String group) throws Exception {
        Map<Integer, Long> out = new TreeMap<>();
        try (Admin admin = admin()) {
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, om) -> {
                if (tp.topic().equals(Topics.JOBS.name()) && om != null) out.put(tp.partition(), om.offset());
            });
        }
        return out;
    }

    /** Every committed value of a topic, decoded. */
    <V> List<V> read(Topic<V> topic) {
        List<V> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readRaw(topic.name())) {
            out.add(topic.valueSerde().deserializer().deserialize(topic.name(), r.value()));
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
