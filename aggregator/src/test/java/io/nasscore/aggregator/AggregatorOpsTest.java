package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.aggregator.Fixtures.Sample;
import io.nasscore.sink.Database;
import io.nasscore.sink.SinkConfig;
import io.nasscore.core.Dataset;
import io.nasscore.ops.Endpoint;
import io.nasscore.ops.Ops;
import io.nasscore.ops.OpsServer;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.testsupport.KafkaTestBroker;
import io.nasscore.testsupport.Scrape;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator's and the sink's metrics and health endpoint, scraped over HTTP, on a real broker and a real
 * PostgreSQL that the test stops and starts again; and the aggregator's failure when a source topic goes away.
 */
class AggregatorOpsTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final List<Sample> samples = Fixtures.samples(5, Dataset.CIFAR10, 30, 1);

    static KafkaTestBroker cluster;
    static int tests;
    @TempDir Path dir;
    /** This test's topics and groups: its own prefix on the class's broker. */
    TopicCatalogue topics;
    EmbeddedPostgres pg;
    HikariDataSource ds;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = KafkaTestBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) cluster.close();
    }

    @BeforeEach
    void ownTopics() throws Exception {
        topics = Topics.withPrefix("ops" + (++tests) + ".");
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            topics.createAll(admin, (short) 1);
        }
    }

    /** The database of the tests that run the sink. */
    void startPostgres() throws Exception {
        pg = postgres(0);
        ds = Database.dataSource(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        ds.setConnectionTimeout(1000); // a stopped database fails a transaction in 1 s, not 10
    }

    /** PostgreSQL on {@code port} (0: any free one) over the test's data directory, kept when it stops. */
    EmbeddedPostgres postgres(int port) throws Exception {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false);
        if (port > 0) b.setPort(port);
        return b.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (ds != null) ds.close();
        if (pg != null) pg.close();
    }

    Aggregator aggregator() {
        return new Aggregator(cluster.bootstrapServers(), Map.of(), config(), ds,
                SinkConfig.defaults().withCatalogue(topics).withGroupId(topics.qualify(SinkConfig.DEFAULT_GROUP)).withPollTimeout(Duration.ofMillis(200)).withRetryBackoff(Duration.ofMillis(200)));
    }

    void publish(List<Sample> scores) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(cluster.clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (Sample s : scores) {
                ScoreRecord r = Fixtures.score("ops", s, Fixtures.T0.plusSeconds(s.arch()));
                p.send(new ProducerRecord<>(topics.scores().name(), r.getScoreKey(),
                        topics.scores().valueSerde().serializer().serialize(topics.scores().name(), r)));
            }
            p.flush();
        }
    }

    static Scrape.Response awaitValue(URI base, String name, double expected, String... labels) {
        return Scrape.await(base, OpsServer.METRICS, WAIT,
                r -> Scrape.value(r.body(), name, labels).orElse(Double.NaN) == expected);
    }

    @Test
    void rowsAreCountedAndTheSinkIsNotReadyWhileThePostgresIsDownThenReadyAgain() throws Exception {
        startPostgres();
        try (Ops ops = Ops.start(new Endpoint(Endpoint.LOOPBACK, 0)); Aggregator a = aggregator()) {
            a.bindTo(ops.registry(), ops.health().started());
            URI base = ops.server().orElseThrow().uri("/");
            assertThat(Scrape.get(base, OpsServer.READY).body()).isEqualTo("streams: Kafka Streams is CREATED\n");
            a.start();
            Scrape.await(base, OpsServer.READY, WAIT, r -> r.status() == 200);

            publish(samples.subList(0, 20));
            String page = awaitValue(base, "nasscore_sink_rows_written_total", 20, "table=\"scores\"").body();
            assertThat(Scrape.value(page, "nasscore_sink_rows_written_total", "table=\"experiment_scores\"")).hasValue(20);
            assertThat(Scrape.value(page, "nasscore_sink_transactions_total", "outcome=\"committed\"").orElse(0))
                    .isGreaterThanOrEqualTo(1);
            assertThat(Scrape.value(page, "nasscore_aggregator_streams_state", "state=\"RUNNING\"")).hasValue(1);
            assertThat(Scrape.value(page, "nasscore_sink_failing_seconds")).hasValue(0);
            assertThat(Scrape.value(page, "nasscore_sink_last_commit_age_seconds").orElseThrow()).isLessThan(WAIT.toSeconds());
            assertThat(page).as("Hikari, Kafka Streams and the sink's consumer")
                    .contains("hikaricp_connections_active{pool=\"nasscore\"}")
                    .contains("kafka_stream_thread_")
                    .contains("kafka_consumer_fetch_manager_records_consumed_total");

            int port = pg.getPort();
            pg.close();
            pg = null;
            publish(samples.subList(20, 25));
            Scrape.Response down = Scrape.await(base, OpsServer.READY, WAIT, r -> r.status() == 503);
            assertThat(down.body()).startsWith("sink: cannot write to PostgreSQL for ").contains(", retrying: ")
                    .doesNotContain("\n\n");
            assertThat(down.body().lines()).hasSize(1);
            assertThat(Scrape.get(base, OpsServer.LIVE).status()).as("alive: it retries").isEqualTo(200);
            Scrape.await(base, OpsServer.METRICS, WAIT,
                    r -> Scrape.value(r.body(), "nasscore_sink_failing_seconds").orElse(0) > 0);

            pg = postgres(port);
            Scrape.await(base, OpsServer.READY, WAIT, r -> r.status() == 200);
            awaitValue(base, "nasscore_sink_rows_written_total", 25, "table=\"scores\"");
            assertThat(Scrape.value(Scrape.get(base, OpsServer.METRICS).body(), "nasscore_sink_failing_seconds")).hasValue(0);
        }
    }

    /**
     * The Streams application alone: the sink's consumer would have the broker re-create a deleted topic
     * (auto.create.topics.enable, on by default), Streams' own consumer never does.
     */
    Aggregator streamsOnly() {
        return new Aggregator(cluster.bootstrapServers(), Map.of(), config(), null, null);
    }

    AggregatorConfig config() {
        return AggregatorConfig.defaults().withCatalogue(topics).withApplicationId(topics.qualify("ops-aggregator"))
                .withWindowSize(50).withRecomputeInterval(Duration.ofMillis(300)).withStateDir(dir.resolve("streams"));
    }

    void deleteTruthTopic() throws Exception {
        try (Admin admin = Admin.create(cluster.clientConfig())) {
            admin.deleteTopics(List.of(topics.groundTruth().name())).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theAggregatorFailsWithTheReasonWhenASourceTopicIsMissing() throws Exception {
        deleteTruthTopic();
        try (Ops ops = Ops.start(new Endpoint(Endpoint.LOOPBACK, 0)); Aggregator a = streamsOnly()) {
            a.bindTo(ops.registry(), ops.health().started());
            URI base = ops.server().orElseThrow().uri("/");
            a.start();
            String reason = a.failed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(reason).startsWith("Kafka Streams stopped (ERROR): ").contains("source topics were missing")
                    .contains(topics.groundTruth().name());
            assertThat(reason.lines()).hasSize(1);
            Scrape.Response dead = Scrape.get(base, OpsServer.LIVE);
            assertThat(dead.status()).isEqualTo(503);
            assertThat(dead.body()).isEqualTo("streams: " + reason + "\n");
            assertThat(Scrape.value(Scrape.get(base, OpsServer.METRICS).body(), "nasscore_aggregator_streams_state",
                    "state=\"ERROR\"")).hasValue(1);
        }
    }

    @Test
    void theAggregatorFailsWhenASourceTopicIsDeletedWhileItRuns() throws Exception {
        try (Aggregator a = streamsOnly()) {
            a.start();
            assertThat(a.awaitRunning(WAIT)).isTrue();
            deleteTruthTopic();
            String reason = a.failed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(reason).startsWith("Kafka Streams stopped (ERROR): ");
        }
    }
}
