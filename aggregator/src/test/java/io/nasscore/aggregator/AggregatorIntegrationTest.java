package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.aggregator.Fixtures.Sample;
import io.nasscore.sink.Database;
import io.nasscore.sink.PostgresSink;
import io.nasscore.sink.SinkConfig;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.avro.ScoreRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * What the aggregator and its sink write to PostgreSQL (on {@link AggregatorIntegrationFixture}'s broker and database):
 * every row once per key, quality equal to Evaluation, republished records changing nothing, rows PostgreSQL rejects,
 * and the columns of a v2 record.
 */
class AggregatorIntegrationTest extends AggregatorIntegrationFixture {
    @Test
    void scoresAndQualityLandInPostgresOncePerKeyAndEqualEvaluate() throws Exception {
        publishFirstAndAggregate();
        assertThat(count("SELECT count(*) FROM scores")).as("one row per unique score key").isEqualTo(120);
        assertThat(count("SELECT count(*) FROM experiment_scores")).isEqualTo(140);
        assertThat(count("SELECT count(*) FROM experiment_scores WHERE experiment = 'aborted'")).isZero();
        assertThat(count("SELECT count(*) FROM ground_truth")).isEqualTo(120);
        assertThat(count("SELECT count(*) FROM score_quality WHERE experiment = 'it-a'")).isEqualTo(QualityTopologyTest.SCORES * 4);
        assertThat(n(EXP, "JS", "last-50")).isEqualTo(50);
        assertThat(count("SELECT count(*) FROM v_scores WHERE cifar10_test IS NOT NULL AND accuracy = cifar10_test")).isEqualTo(120);
        assertThat(count("SELECT count(*) FROM v_experiment_scores WHERE member_experiment = 'it-b'")).isEqualTo(20);
        assertQualityEqualsEvaluate(EXP, first);
        assertQualityEqualsEvaluate(EXP_B, shared);
    }

    @Test
    void republishingTheSameRecordsChangesNoCount() throws Exception {
        publishFirstAndAggregate();
        Map<String, Long> before = counts();
        long t = count("SELECT (extract(epoch from now()) * 1000)::bigint");
        publish(EXP, first, first, true);
        publish(EXP_B, shared, List.of(), true);
        String since = "written_at > to_timestamp(" + t + " / 1000.0)";
        try (Aggregator a = aggregator()) {
            a.start();
            assertThat(a.awaitRunning(WAIT)).isTrue();
            await("the sink to write the republished records again", () ->
                    count("SELECT count(*) FROM experiment_scores WHERE " + since) == 140
                            && count("SELECT count(*) FROM ground_truth WHERE " + since) == 120);
            awaitInputProcessedAndTwoPunctuations(a); // identical records change no point, so no recompute
            assertThat(a.metric(AggregatorMetrics.RECOMPUTE)).isZero();
        }
        assertThat(counts()).isEqualTo(before);
        assertThat(n(EXP, "JS", Keys.WINDOW_CUMULATIVE)).isEqualTo(120);
        assertQualityEqualsEvaluate(EXP, first);
    }

    @Test
    void anUndecodableRecordAndARowPostgresRejectsAreSkippedAloneAndCounted() throws Exception {
        List<Sample> extra = Fixtures.samples(22, Dataset.CIFAR10, 400, 0).stream()
                .filter(x -> samples.stream().noneMatch(p -> p.arch() == x.arch())).limit(3).toList();
        ScoreRecord poison = Fixtures.score("it-c", extra.get(1), Fixtures.T0);
        poison.setWorkerId("host\0"); // PostgreSQL text cannot hold NUL: SQLSTATE 22021
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-poison");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                ScoreRecord r = i == 1 ? poison : Fixtures.score("it-c", extra.get(i), Fixtures.T0);
                // all on partition 0, in order, with a garbage record between the first two
                producer.send(new ProducerRecord<>(topics.scores().name(), 0, r.getScoreKey(),
                        topics.scores().valueSerde().serializer().serialize(topics.scores().name(), r)));
                if (i == 0) producer.send(new ProducerRecord<>(topics.scores().name(), 0, "garbage", new byte[] {1, 2, 3}));
            }
            producer.commitTransaction();
        }
        DataSource ds2 = ds; // a sink of its own (no aggregator) on this test's database
        SinkConfig cfg = sink("it-sink2").withPollTimeout(Duration.ofMillis(300));
        try (PostgresSink sink = new PostgresSink(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()), ds2, cfg)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            sink.runUntil(() -> sink.counts().records() >= 4 || System.nanoTime() > deadline);
            PostgresSink.Counts c = sink.counts();
            assertThat(c.records()).isEqualTo(4);
            assertThat(c.badRecords()).isEqualTo(1);
            assertThat(c.rejectedRows()).isEqualTo(1);
            assertThat(c.failedTransactions()).isZero();
            assertThat(c.scores()).isEqualTo(2);
        }
        try (Connection c = ds2.getConnection(); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT count(*) FROM scores WHERE experiment = 'it-c'")).isEqualTo(2);
            assertThat(one(s, "SELECT count(*) FROM scores")).as("the poison row alone was skipped").isEqualTo(2);
        }
    }

    /** A v2 record with proxies (−∞ and the raw value kept, a proxy pass's time) lands in scores and v_scores. */
    @Test
    void proxiesOfAV2RecordLandInTheirColumnsAndViews() throws Exception {
        Sample x = Fixtures.samples(23, Dataset.CIFAR10, 400, 0).get(0);
        ScoreRecord r = Fixtures.score("it-proxies", x, Fixtures.T0);
        r.setNwot(731.5);
        r.setGradNorm(Double.NEGATIVE_INFINITY);
        r.setAzFlops(11.71521);
        r.setSynflowMillis(12.5);
        r.setProxyRaw(Map.of("grad_norm", 0.0, "synflow", Double.NEGATIVE_INFINITY));
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-proxies");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.scores().name(), r.getScoreKey(),
                    topics.scores().valueSerde().serializer().serialize(topics.scores().name(), r)));
            producer.commitTransaction();
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE sink3");
        }
        DataSource ds3 = pooled("sink3");
        Database.migrate(ds3);
        SinkConfig cfg = sink("it-sink3").withPollTimeout(Duration.ofMillis(300));
        try (PostgresSink sink = new PostgresSink(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()), ds3, cfg)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            sink.runUntil(() -> Database.scoreCount(ds3, "it-proxies") >= 1 || System.nanoTime() > deadline);
        }
        try (Connection c = ds3.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT js, nwot, grad_norm, snip, az_flops, synflow_ms, zico_ms, "
                     + "proxy_raw->>'synflow' AS raw_synflow, (proxy_raw->>'grad_norm')::float8 AS raw_grad_norm "
                     + "FROM v_scores WHERE experiment = 'it-proxies'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble("js")).isEqualTo(r.getJS());
            assertThat(rs.getDouble("nwot")).isEqualTo(731.5);
            assertThat(rs.getDouble("grad_norm")).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(rs.getObject("snip")).isNull();
            assertThat(rs.getDouble("az_flops")).isEqualTo(11.71521);
            assertThat(rs.getDouble("synflow_ms")).isEqualTo(12.5);
            assertThat(rs.getObject("zico_ms")).isNull();
            assertThat(rs.getString("raw_synflow")).isEqualTo("-Infinity");
            assertThat(rs.getDouble("raw_grad_norm")).isZero();
            assertThat(rs.next()).isFalse();
        }
    }
}
