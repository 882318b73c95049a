package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.Topics;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.stack.KafkaSecurity;
import io.nasscore.testsupport.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands against the secured stack (as `up --secure` runs it), each principal with its own --client-config. */
class SecuredStackCommandTest {

    @TempDir static Path dataDir;
    static EmbeddedStack stack;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.builder(dataDir).postgresPort(0).kafkaPort(0).secure(true).start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    private static Cli.Result submitAs(String principal, String experiment, String indices) {
        return Cli.run("submit", "--data-dir", dataDir.toString(), "--client-config", stack.clientConfigFile(principal).toString(),
                "--index", indices, "--experiment", experiment);
    }

    @Test
    void submitWorksAsTheProducerPrincipal() {
        Cli.Result r = submitAs(KafkaSecurity.PRODUCER, "secured", "1,2");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("experiment secured: 2 architecture(s)").contains("published 2 job(s) to nas.jobs");
    }

    @Test
    void aWorkerScoresAsTheWorkerPrincipal() {
        Cli.Result submitted = submitAs(KafkaSecurity.PRODUCER, "secured-worker", "3,4");
        assertThat(submitted.code()).as(submitted.err()).isZero();
        Cli.Result w = Cli.run("worker", "--data-dir", dataDir.toString(), "--client-config",
                stack.clientConfigFile(KafkaSecurity.WORKER).toString(), "--scorer", "noop", "--max-jobs", "2", "--idle-exit", "120s");
        assertThat(w.code()).as(w.out() + w.err()).isZero();
        assertThat(w.err()).doesNotContain("Authorization");
    }

    @Test
    void submitAsTheTeamPrincipalIsRefusedWithOneLine() {
        Cli.Result r = submitAs(KafkaSecurity.TEAM, "not-allowed", "5,6");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).startsWith("nasscore submit: ").containsIgnoringCase("authoriz").doesNotContain("\tat ");
        System.out.println("the team's submit: " + r.err().strip());
    }

    /**
     * `aggregate` (Kafka Streams with exactly-once, and the sink) as the aggregator principal, as its own OS process
     * the way an operator runs it: the scores and the quality tables reach PostgreSQL, and poison on nas.scores reaches
     * nas.aggregator.dlq. Its ACLs cover the Streams internal topics, group, transactional ids and the DLQ.
     */
    @Test
    void theAggregatorAggregatesAndSinksAsTheAggregatorPrincipal() throws Exception {
        Path csv = dataDir.resolve("secured-truth.csv");
        Files.writeString(csv, "index,acc\n10,91.5\n11,88.25\n12,93.0\n13,90.0\n14,85.5\n15,92.0\n");
        Cli.Result truth = Cli.run("truth", "load", "--data-dir", dataDir.toString(), "--client-config",
                stack.clientConfigFile(KafkaSecurity.PRODUCER).toString(), "--csv", csv.toString(), "--column", "acc");
        assertThat(truth.code()).as(truth.out() + truth.err()).isZero();
        Cli.Result submitted = Cli.run("submit", "--data-dir", dataDir.toString(), "--client-config",
                stack.clientConfigFile(KafkaSecurity.PRODUCER).toString(), "--index", "10,11,12,13,14,15",
                "--experiment", "secured-agg", "--scores", "JS,PJS");
        assertThat(submitted.code()).as(submitted.err()).isZero();
        Cli.Result w = Cli.run("worker", "--data-dir", dataDir.toString(), "--client-config",
                stack.clientConfigFile(KafkaSecurity.WORKER).toString(), "--scorer", "noop", "--max-jobs", "6", "--idle-exit", "120s");
        assertThat(w.code()).as(w.out() + w.err()).isZero();
        Map<String, Object> worker = clientConfig(KafkaSecurity.WORKER);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(worker, new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.SCORES.name(), "secured-poison", new byte[] {1, 2, 3})).get(60, TimeUnit.SECONDS);
        }

        Path log = dataDir.resolve("aggregate.log");
        List<String> cmd = ChildJvm.nasscore("512m", List.of(), "aggregate", "--data-dir", dataDir.toString(),
                "--client-config", stack.clientConfigFile(KafkaSecurity.AGGREGATOR).toString(), "--recompute-every", "500ms");
        Process aggregate = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Poll.until(Duration.ofMinutes(4), "6 rows and their quality tables in PostgreSQL", () -> {
                assertThat(aggregate.isAlive()).as("aggregate exited: %s", tail(log)).isTrue();
                return count("SELECT count(*) FROM experiment_scores WHERE experiment = 'secured-agg'") == 6
                        && count("SELECT count(*) FROM score_quality WHERE experiment = 'secured-agg' AND n = 6") > 0
                        && !deadLetters().isEmpty();
            });
            List<ConsumerRecord<String, byte[]>> dead = deadLetters();
            assertThat(dead).extracting(ConsumerRecord::key).containsExactly("secured-poison");
            assertThat(DlqHeaders.get(dead.get(0).headers(), DlqHeaders.REASON)).isEqualTo("not-single-object");
        } finally {
            aggregate.destroy(); // SIGTERM, as a supervisor stops it
            assertThat(aggregate.waitFor(2, TimeUnit.MINUTES)).as("aggregate stops on SIGTERM").isTrue();
        }
        // 143 = 128 + SIGTERM, the JVM's status after a signal, once the shutdown hook has stopped the aggregator
        assertThat(aggregate.exitValue()).as(tail(log)).isIn(0, 143);
        assertThat(Files.readString(log)).contains("aggregator nasscore-aggregator stopped")
                .doesNotContainIgnoringCase("authoriz").doesNotContain("\tat ");
    }

    private static Map<String, Object> clientConfig(String principal) {
        Map<String, Object> m = new HashMap<>();
        stack.kafkaSecurity().orElseThrow().clientProperties(principal).forEach((k, v) -> m.put(k.toString(), v));
        m.put("bootstrap.servers", stack.bootstrapServers());
        return m;
    }

    /** nas.aggregator.dlq, committed records, read as the aggregator principal (it may read every nas.* topic). */
    private static List<ConsumerRecord<String, byte[]>> deadLetters() {
        Map<String, Object> c = clientConfig(KafkaSecurity.AGGREGATOR);
        c.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.AGGREGATOR_DLQ.name(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static long count(String sql) {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the sink has not migrated the database yet
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
