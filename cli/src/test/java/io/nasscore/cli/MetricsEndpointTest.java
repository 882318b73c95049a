package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.ops.OpsServer;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import io.nasscore.testsupport.KafkaTestBroker;
import io.nasscore.testsupport.Poll;
import io.nasscore.testsupport.Scrape;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code worker} and {@code aggregate} with {@code --metrics-port}: the endpoint as Prometheus and a probe see it. */
class MetricsEndpointTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final Pattern ENDPOINT = Pattern.compile("metrics: (http://\\S+)/metrics,");
    static KafkaTestBroker kafka;
    static String bootstrap;
    static int tests;
    static String prefix;
    static TopicCatalogue topics;
    static final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() throws Exception {
        kafka = SubmitCommandTest.startBroker();
        bootstrap = kafka.bootstrapServers();
    }

    @AfterAll
    static void stop() throws Exception {
        threads.shutdownNow();
        if (kafka != null) kafka.close();
    }

    /** This test's own topics and groups on the class's broker (a prefix), so each test runs alone, in any order. */
    @BeforeEach
    void ownTopics() {
        prefix = "m" + (++tests) + ".";
        topics = Topics.withPrefix(prefix);
    }

    /** A command running on its own thread, its output readable while it runs. */
    record Running(Future<Integer> code, StringWriter out, StringWriter err) {
        URI endpoint() {
            return Poll.value(WAIT, "the metrics endpoint announced", () -> {
                Matcher m = ENDPOINT.matcher(out.toString());
                if (m.find()) return URI.create(m.group(1) + "/");
                assertThat(code.isDone()).as("the command exited before serving metrics: %s%s", out, err).isFalse();
                return null;
            });
        }
    }

    static Running run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Running(threads.submit(() -> cl.execute(args)), out, err);
    }

    @Test
    void theWorkerServesItsCountersAndTheLagReturnsToZero() throws Exception {
        assertThat(Cli.run("submit", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--sample", "10", "--batch", "8", "--data", "random",
                "--experiment", "metrics").code()).isZero();
        Running w = run("worker", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--scorer", "noop", "--metrics-port", "0",
                "--idle-exit", "8s", "--worker-id", "metrics-1");
        URI base = w.endpoint();
        assertThat(base.getHost()).as("loopback by default").isEqualTo("127.0.0.1");
        Scrape.await(base, OpsServer.METRICS, WAIT, r ->
                Scrape.value(r.body(), "nasscore_worker_jobs_scored_total", "worker=\"metrics-1\"").orElse(0) == 10
                        && Scrape.value(r.body(), "nasscore_worker_jobs_lag").orElse(-1) == 0);
        assertThat(Scrape.get(base, OpsServer.READY).status()).isEqualTo(200);
        assertThat(Scrape.get(base, OpsServer.METRICS).body()).contains("jvm_memory_used_bytes");
        assertThat(w.code().get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(w.err().toString()).isZero();
    }

    @Test
    void theAggregatorExitsNonZeroWithTheReasonWhenStreamsStops(@TempDir Path dir) throws Exception {
        Running a = run("aggregate", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--no-sink", "--metrics-port", "0",
                "--data-dir", dir.toString(), "--app-id", "metrics-aggregator");
        URI base = a.endpoint();
        Scrape.await(base, OpsServer.READY, WAIT, r -> r.status() == 200);
        assertThat(Scrape.value(Scrape.get(base, OpsServer.METRICS).body(), "nasscore_aggregator_streams_state",
                "state=\"RUNNING\"")).hasValue(1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.deleteTopics(List.of(topics.groundTruth().name())).all().get(30, TimeUnit.SECONDS);
        }
        assertThat(a.code().get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(a.out().toString()).isEqualTo(1);
        assertThat(a.err().toString()).startsWith("aggregate: Kafka Streams stopped (ERROR): ")
                .contains(topics.groundTruth().name()).doesNotContain("\tat ");
        assertThat(a.err().toString().lines()).hasSize(1);
    }

    @Test
    void aBadPortIsAOneLineErrorBeforeAnythingStarts() {
        for (String cmd : new String[] {"worker", "aggregate"}) {
            Cli.Result r = Cli.run(cmd, "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--metrics-port", "99999");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("nasscore " + cmd + ": --metrics-port: bad value '99999'");
            assertThat(r.out()).isEmpty();
        }
    }
}
