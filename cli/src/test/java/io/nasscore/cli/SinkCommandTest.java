package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.ops.OpsServer;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.testsupport.KafkaTestBroker;
import io.nasscore.testsupport.Poll;
import io.nasscore.testsupport.Scrape;
import io.nasscore.testsupport.TestPostgres;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nasscore sink} and {@code nasscore aggregate --no-sink} as separate processes, the way a deployment runs
 * them, on a real KRaft broker and a real PostgreSQL: the sink alone writes every record once (a redelivered key is
 * one row; a restarted sink resumes from its stored positions), serves its metrics and health; the aggregator without
 * its sink leaves the database untouched.
 */
class SinkCommandTest {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final Pattern ENDPOINT = Pattern.compile("metrics: (http://\\S+)/metrics,");
    static final ScoreConfig CONFIG = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(8);

    static KafkaTestBroker kafka;
    static TestPostgres pg;
    @TempDir static Path dir;
    static int txn;
    final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.start();
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.createAll(admin, (short) 1);
        }
        pg = TestPostgres.start(dir.resolve("pg"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
        if (kafka != null) kafka.close();
    }

    @AfterEach
    void stopProcesses() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSinkAloneWritesEveryRecordOnceAndAnAggregatorWithoutItWritesNothing() throws Exception {
        String jdbc = pg.jdbcUrl();
        publish(IntStream.range(0, 40).boxed().toList());
        publish(IntStream.range(0, 10).boxed().toList()); // a redelivery: the same keys again

        // the aggregator without its sink consumes every score record and writes nothing (not even the schema)
        Process aggregator = nasscore("aggregate.log", "aggregate", "--no-sink", "--bootstrap-servers", kafka.bootstrapServers(),
                "--jdbc-url", jdbc, "--data-dir", dir.resolve("agg").toString(), "--app-id", "no-sink-aggregator");
        Poll.until(WAIT, "the aggregator to consume nas.scores to its end", () -> {
            assertThat(aggregator.isAlive()).as("aggregate --no-sink is running: %s", log("aggregate.log")).isTrue();
            return consumedToTheEnd("no-sink-aggregator");
        });
        stopGracefully(aggregator);
        assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")).isZero();

        // the sink alone: 40 rows, once each, and ready
        Process sink = nasscore("sink-1.log", "sink", "--bootstrap-servers", kafka.bootstrapServers(), "--jdbc-url", jdbc,
                "--data-dir", dir.resolve("sink").toString(), "--metrics-port", "0");
        URI base = endpoint(sink, "sink-1.log");
        Scrape.await(base, OpsServer.METRICS, WAIT, r -> records(r.body()) >= 50);
        assertThat(records(Scrape.get(base, OpsServer.METRICS).body())).as("every record, the redelivery included").isEqualTo(50);
        assertThat(count("SELECT count(*) FROM experiment_scores WHERE experiment = 'sink-cmd'")).isEqualTo(40);
        assertThat(count("SELECT count(*) FROM scores")).isEqualTo(40);
        assertThat(Scrape.get(base, OpsServer.READY).status()).isEqualTo(200);
        assertThat(Scrape.get(base, OpsServer.LIVE).status()).isEqualTo(200);
        stopGracefully(sink);

        // restarted: it resumes from sink_offsets and reads only what came after
        publish(IntStream.range(40, 45).boxed().toList());
        Process again = nasscore("sink-2.log", "sink", "--bootstrap-servers", kafka.bootstrapServers(), "--jdbc-url", jdbc,
                "--data-dir", dir.resolve("sink").toString(), "--metrics-port", "0");
        URI base2 = endpoint(again, "sink-2.log");
        Scrape.await(base2, OpsServer.METRICS, WAIT, r -> records(r.body()) >= 5);
        assertThat(records(Scrape.get(base2, OpsServer.METRICS).body())).as("only the records after the stored positions")
                .isEqualTo(5);
        assertThat(count("SELECT count(*) FROM experiment_scores WHERE experiment = 'sink-cmd'")).isEqualTo(45);
        stopGracefully(again);
        assertThat(count("SELECT count(*) FROM scores")).isEqualTo(45);
        assertThat(log("sink-2.log")).doesNotContain("\tat ");
    }

    @Test
    void badInputAndAnUnreachableDatabaseAreOneLineErrors() {
        Cli.Result port = Cli.run("sink", "--bootstrap-servers", kafka.bootstrapServers(), "--jdbc-url", "jdbc:postgresql://x/y",
                "--metrics-port", "99999");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).startsWith("nasscore sink: --metrics-port: bad value '99999'");
        assertThat(port.err().lines()).hasSize(1);

        // nothing listens on port 1: the pool gives up after its connection timeout, Flyway cannot migrate
        Cli.Result db = Cli.run("sink", "--bootstrap-servers", kafka.bootstrapServers(), "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:1/nasscore", "--data-dir", dir.resolve("no-db").toString());
        assertThat(db.code()).as(db.err()).isEqualTo(1);
        assertThat(db.err()).startsWith("nasscore sink: cannot migrate PostgreSQL at jdbc:postgresql://127.0.0.1:1/nasscore: ")
                .doesNotContain("\tat ");
        assertThat(db.err().lines()).hasSize(1);
    }

    static double records(String metrics) {
        return Scrape.value(metrics, "nasscore_sink_records_total").orElse(-1);
    }

    /** `java -cp <the test class path> io.nasscore.cli.Main args`, output to {@code logName} in the temp dir. */
    Process nasscore(String logName, String... args) throws Exception {
        List<String> cmd = ChildJvm.nasscore("384m", List.of(), args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile()).start();
        processes.add(p);
        return p;
    }

    static String log(String name) throws Exception {
        Path f = dir.resolve(name);
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    static URI endpoint(Process p, String logName) {
        return Poll.value(WAIT, "the metrics endpoint of " + logName, () -> {
            assertThat(p.isAlive()).as("%s: the process is running: %s", logName, log(logName)).isTrue();
            Matcher m = ENDPOINT.matcher(log(logName));
            return m.find() ? URI.create(m.group(1) + "/") : null;
        });
    }

    /** SIGTERM, as an orchestrator stops a service: the JVM runs the command's shutdown hook and exits. */
    static void stopGracefully(Process p) throws Exception {
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
    }

    /** One committed transaction of score records of experiment sink-cmd for these archs. */
    static void publish(List<Integer> archs) {
        Map<String, Object> p = new HashMap<>(kafka.clientConfig());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sink-cmd-" + (txn++));
        try (KafkaProducer<String, ScoreRecord> producer = new KafkaProducer<>(p, Topics.SCORES.keySerde().serializer(),
                Topics.SCORES.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int arch : archs) {
                ScoreRecord r = record(arch);
                producer.send(new ProducerRecord<>(Topics.SCORES.name(), r.getScoreKey(), r));
            }
            producer.commitTransaction();
        }
    }

    static ScoreRecord record(int arch) {
        Map<ScoreName, Double> v = new EnumMap<>(ScoreName.class);
        for (ScoreName s : ScoreName.values()) v.put(s, 0.5 + arch / 1e4 + s.ordinal() / 1e3);
        Map<Pass, Double> passes = new EnumMap<>(Pass.class);
        for (Pass pass : ScoreName.passes(v.keySet())) passes.put(pass, 10.0);
        ScoreResult r = new ScoreResult(SearchSpace.arch(arch), CONFIG, v, -3.0, 5, 0, 0, false, 1000 + arch, passes, 1.5, 25.0,
                "cpu()");
        return Convert.scoreRecord(r, "sink-cmd", Keys.jobId(CONFIG, arch), List.of(), "w", "test",
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(arch));
    }

    /** Whether the group's committed offsets in nas.scores are past the last record of every partition. */
    static boolean consumedToTheEnd(String group) throws Exception {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> end = lastOffsets();
            return end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue());
        }
    }

    /** The offset after the last committed record of every non-empty partition of nas.scores. */
    static Map<TopicPartition, Long> lastOffsets() {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (var r : KafkaTestBroker.readAll(kafka.bootstrapServers(), Topics.SCORES.name(), "read_committed")) {
            last.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        return last;
    }

    static long count(String sql) throws Exception {
        try (Connection c = pg.postgresDatabase().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
