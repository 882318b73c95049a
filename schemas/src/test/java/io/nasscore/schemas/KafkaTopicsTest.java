package io.nasscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.testsupport.KafkaTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real in-process KRaft broker: topic creation, transactional produce, read_committed consume. */
class KafkaTopicsTest {
    static KafkaTestBroker cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = KafkaTestBroker.start();
        try (Admin admin = admin()) {
            Topics.createAll(admin, (short) 1);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    static Admin admin() {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        return Admin.create(p);
    }

    @Test
    void createAllIsIdempotentAndAppliesTheCatalogue() throws Exception {
        try (Admin admin = admin()) {
            assertThat(Topics.createAll(admin, (short) 1)).as("second call creates nothing").isEmpty();
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(Topics.all().stream().map(Topic::name).toList());
            Map<String, TopicDescription> d = admin.describeTopics(List.of("nas.jobs", "nas.jobs.dlq")).allTopicNames().get();
            assertThat(d.get("nas.jobs").partitions()).hasSize(6);
            assertThat(d.get("nas.jobs.dlq").partitions()).hasSize(1);
            ConfigResource scores = new ConfigResource(ConfigResource.Type.TOPIC, "nas.scores");
            Config c = admin.describeConfigs(List.of(scores)).all().get().get(scores);
            assertThat(c.get("cleanup.policy").value()).isEqualTo("compact,delete");
        }
    }

    @Test
    void committedJobsAreReadAndAbortedOnesAreNot() {
        ScoringJob committed = Samples.job();
        ScoringJob aborted = Convert.scoringJob(Samples.request(), "aborted", true, Samples.AT, List.of());
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "schemas-test");
        try (KafkaProducer<String, ScoringJob> producer = new KafkaProducer<>(pp,
                Topics.JOBS.keySerde().serializer(), Topics.JOBS.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.JOBS.name(), aborted.getJobId(), aborted));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.JOBS.name(), committed.getJobId(), committed));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, ScoringJob>> got = new ArrayList<>();
        try (KafkaConsumer<String, ScoringJob> consumer = new KafkaConsumer<>(consumerProps("g1"),
                Topics.JOBS.keySerde().deserializer(), Topics.JOBS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.JOBS.name()));
            long end = System.currentTimeMillis() + 30_000;
            while (got.isEmpty() && System.currentTimeMillis() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        assertThat(got).hasSize(1);
        assertThat(got.get(0).key()).isEqualTo(committed.getJobId());
        assertThat(got.get(0).value()).isEqualTo(committed);
    }

    @Test
    void garbageOnATopicSurfacesAsABadRecordWithItsBytes() {
        byte[] garbage = {1, 2, 3};
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.SCORE_QUALITY.name(), "k", garbage));
        }
        try (KafkaConsumer<String, ?> consumer = new KafkaConsumer<>(consumerProps("g2"),
                Topics.SCORE_QUALITY.keySerde().deserializer(), Topics.SCORE_QUALITY.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.SCORE_QUALITY.name()));
            assertThatThrownBy(() -> {
                long end = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < end) consumer.poll(Duration.ofMillis(200));
            }).isInstanceOf(RecordDeserializationException.class)
                    .satisfies(e -> {
                        RecordDeserializationException r = (RecordDeserializationException) e;
                        assertThat(r.getCause()).isInstanceOf(BadRecordException.class)
                                .hasMessageContaining("topic nas.score-quality: value is not Avro single-object encoding");
                        byte[] raw = new byte[r.valueBuffer().remaining()];
                        r.valueBuffer().get(raw);
                        assertThat(raw).isEqualTo(garbage);
                    });
        }
    }

    @Test
    void aSubscriberWithoutTheJarDecodesScoresWithThePlainAvscFiles() throws Exception {
        ScoreRecord sent = Samples.scoreRecord();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<String, ScoreRecord> producer = new KafkaProducer<>(pp,
                Topics.SCORES.keySerde().serializer(), Topics.SCORES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.SCORES.name(), sent.getScoreKey(), sent)).get();
        }
        // as in docs/subscribing.md: every released .avsc, plain Avro, generic records
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; Files.exists(Path.of("src/main/avro/ScoreRecord/v" + v + ".avsc")); v++) {
            versions.add(new Schema.Parser().parse(Path.of("src/main/avro/ScoreRecord/v" + v + ".avsc").toFile()));
        }
        BinaryMessageDecoder<GenericRecord> decoder =
                new BinaryMessageDecoder<>(GenericData.get(), versions.get(versions.size() - 1));
        for (Schema w : versions) decoder.addSchema(w);
        List<ConsumerRecord<String, byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps("g3"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("nas.scores"));
            long end = System.currentTimeMillis() + 30_000;
            while (got.isEmpty() && System.currentTimeMillis() < end) consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        assertThat(got).hasSize(1);
        assertThat(got.get(0).key()).isEqualTo(sent.getScoreKey());
        GenericRecord s = decoder.decode(got.get(0).value());
        assertThat(s.get("archIndex")).isEqualTo(Samples.INDEX);
        assertThat(s.get("WPJS")).isEqualTo(Double.NaN);
        assertThat(s.get("JSC")).isNull();
        assertThat(s.get("JS")).isEqualTo(0.998);
        assertThat(s.get("scoredAt")).isEqualTo(Samples.AT.toEpochMilli());
        assertThat(s.get("configHash").toString()).isEqualTo(Samples.CONFIG.hash());
    }

    private static Properties consumerProps(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }
}
