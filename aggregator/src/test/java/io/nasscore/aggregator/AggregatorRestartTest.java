package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.sink.PostgresSink;
import io.nasscore.sink.SinkConfig;
import io.nasscore.testsupport.KafkaTestBroker;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Restarts (on {@link AggregatorIntegrationFixture}'s broker and database): a restarted aggregator loses and duplicates
 * nothing, a sink stopped and restarted mid-stream writes every record once, and poison on the aggregator's inputs is
 * dead-lettered once across a restart.
 */
class AggregatorRestartTest extends AggregatorIntegrationFixture {
    @Test
    void aRestartedAggregatorLosesAndDuplicatesNothing() throws Exception {
        publishFirstAndAggregate();
        publishLaterAndAggregate();
        assertThat(count("SELECT count(*) FROM scores")).isEqualTo(150);
        assertThat(count("SELECT count(*) FROM experiment_scores")).isEqualTo(170);
        assertQualityEqualsEvaluate(EXP, samples);
    }

    @Test
    void aSinkStoppedAndRestartedMidStreamWritesEveryRecordExactlyOnce() throws Exception {
        publishFirstAndAggregate();
        publishLaterAndAggregate();
        // a second database and consumer group: a fresh sink over every topic, stopped after a few small transactions
        DataSource ds2 = freshDatabase("sink2_" + tests);
        Map<String, Object> kafka = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        SinkConfig cfg = sink("it-sink2").withMaxPollRecords(7).withPollTimeout(Duration.ofMillis(300));
        long total = committedRecords(topics.scores().name()) + committedRecords(topics.groundTruth().name())
                + committedRecords(topics.scoreQuality().name());
        long firstRun = 0;
        try (PostgresSink sink = new PostgresSink(kafka, ds2, cfg)) {
            for (int i = 0; i < 200 && sink.counts().transactions() < 5; i++) firstRun += sink.pollOnce();
            assertThat(sink.counts().transactions()).isEqualTo(5);
            assertThat(firstRun).isBetween(5L, 35L).isEqualTo(sink.counts().records());
        }
        long qualityRecords = committedRecords(topics.scoreQuality().name());
        long rest = total - firstRun;
        try (PostgresSink sink = new PostgresSink(kafka, ds2, cfg.withMaxPollRecords(500))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            sink.runUntil(() -> sink.counts().records() >= rest || System.nanoTime() > deadline);
            // nothing more (the poll waits its timeout for records): the first sink's records are not read again
            assertThat(sink.pollOnce()).isZero();
            assertThat(sink.counts().records()).isEqualTo(rest);
            assertThat(sink.scoreCount(EXP)).isEqualTo(150);
        }
        try (Connection c = ds2.getConnection(); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT count(*) FROM scores")).isEqualTo(150);
            assertThat(one(s, "SELECT count(*) FROM experiment_scores")).isEqualTo(170);
            assertThat(one(s, "SELECT count(*) FROM ground_truth")).isEqualTo(150);
            assertThat(one(s, "SELECT count(*) FROM score_quality_history")).as("each quality record once").isEqualTo(qualityRecords);
            assertThat(one(s, "SELECT count(*) FROM score_quality")).isEqualTo(2 * QualityTopologyTest.SCORES * 4);
        }
    }

    /**
     * Poison on nas.scores and nas.ground-truth reaches nas.aggregator.dlq, committed, once per record with its reason:
     * a restarted aggregator does not dead-letter them again, and the good records still make their rows and tables.
     */
    @Test
    void poisonOnTheAggregatorsInputsIsDeadLetteredOnceAcrossARestart() throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.qualify("it-dlq"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.scores().name(), "poison-score", new byte[] {1, 2, 3}));
            producer.send(new ProducerRecord<>(topics.groundTruth().name(), "poison-truth", new byte[] {4, 5}));
            producer.commitTransaction();
        }
        publishFirstAndAggregate();
        try (Aggregator a = aggregator()) {
            a.start();
            assertThat(a.awaitRunning(WAIT)).isTrue();
            awaitInputProcessedAndTwoPunctuations(a);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            // the sink is a static member: a clean close must still leave, or its partitions wait for the session
            assertThat(admin.describeConsumerGroups(List.of(sink(SinkConfig.DEFAULT_GROUP).groupId())).all().get().get(sink(SinkConfig.DEFAULT_GROUP).groupId()).members())
                    .as("members of the sink's group after a clean close").isEmpty();
        }
        publishLaterAndAggregate(); // a third run, on new records
        try (Aggregator a = aggregator()) {
            a.start();
            assertThat(a.awaitRunning(WAIT)).isTrue();
            awaitInputProcessedAndTwoPunctuations(a);
        }
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> dead =
                KafkaTestBroker.readAll(cluster.bootstrapServers(), topics.aggregatorDlq().name(), "read_committed");
        assertThat(dead).extracting(org.apache.kafka.clients.consumer.ConsumerRecord::key)
                .containsExactlyInAnyOrder("poison-score", "poison-truth");
        assertThat(dead).allSatisfy(r -> {
            assertThat(io.nasscore.schemas.DlqHeaders.get(r.headers(), io.nasscore.schemas.DlqHeaders.REASON))
                    .isEqualTo("not-single-object");
            assertThat(io.nasscore.schemas.DlqHeaders.get(r.headers(), io.nasscore.schemas.DlqHeaders.WORKER))
                    .isEqualTo(applicationId());
        });
        assertThat(count("SELECT count(*) FROM scores")).isEqualTo(150);
        assertQualityEqualsEvaluate(EXP, samples);
    }
}
