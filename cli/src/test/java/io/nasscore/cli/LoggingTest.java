package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nasscore.testsupport.KafkaTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Interactive commands keep the terminal for nasscore; services log text or JSON lines; known noise is dropped. */
class LoggingTest {

    @TempDir Path dir;

    private final PrintStream realErr = System.err;
    private final PrintStream realOut = System.out;

    @AfterEach
    void restore() {
        System.setErr(realErr);
        System.setOut(realOut);
        MDC.clear();
        Logging.interactive(dir.resolve("after")); // leave no appender on the captured streams
    }

    private static ByteArrayOutputStream capture(boolean err) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(b, true, StandardCharsets.UTF_8);
        if (err) System.setErr(p); else System.setOut(p);
        return b;
    }

    @Test
    void interactiveCommandsSendThirdPartyLinesToTheDataDirAndDropTheNoise() throws Exception {
        ByteArrayOutputStream err = capture(true);
        Path data = dir.resolve("data");
        Logging.interactive(data);
        assertThat(data.resolve(Logging.LOG_FILE)).doesNotExist(); // nothing logged yet: no file
        LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient")
                .warn("[Consumer clientId=c] Connection to node -1 (localhost/127.0.0.1:1) could not be established.");
        LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient")
                .warn("[Producer clientId=p] Error while fetching metadata with correlation id {} : {}", 7,
                        java.util.Map.of("nas.jobs", "UNKNOWN_TOPIC_OR_PARTITION"));
        LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient") // Kafka 4.1's wording, seen in the demo
                .warn("[Consumer clientId=c] The metadata response from the cluster reported a recoverable issue with correlation id {} : {}",
                        9, java.util.Map.of("nas.scores", "UNKNOWN_TOPIC_OR_PARTITION"));
        LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient")
                .warn("[Producer clientId=p] Attempting to close NetworkClient that has already been closed.");
        LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").warn("Failed to detect GPU count: {} ({})", "35", "CUDA driver");
        LoggerFactory.getLogger("org.flywaydb.core.FlywayExecutor").warn("a Flyway warning");
        Logger ours = LoggerFactory.getLogger("io.nasscore.scorer.worker.ScorerWorker");
        ours.info("worker w: partitions assigned [nas.jobs-0]");
        ours.warn("worker w: job j sent to nas.jobs.dlq");

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("WARN ScorerWorker: worker w: job j sent to nas.jobs.dlq\n");
        String file = Files.readString(data.resolve(Logging.LOG_FILE));
        assertThat(file).contains("could not be established").contains("a Flyway warning")
                .contains("partitions assigned").contains("sent to nas.jobs.dlq")
                .doesNotContain("UNKNOWN_TOPIC_OR_PARTITION").doesNotContain("already been closed").doesNotContain("GPU count");
    }

    @Test
    void servicesWriteOneJsonObjectPerLineWithTheJobContext() throws Exception {
        ByteArrayOutputStream out = capture(false);
        Logging.service(Logging.Format.json, "worker");
        MDC.put("worker_id", "w1");
        MDC.put("job_id", "j1");
        MDC.put("experiment", "exp");
        MDC.put("config_hash", "0123456789abcdef");
        LoggerFactory.getLogger("io.nasscore.scorer.worker.ScorerWorker").info("scored \"quoted\"\nsecond line");
        MDC.clear();
        LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").warn("kafka says", new IllegalStateException("boom"));
        LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").info("kafka chatter"); // below WARN

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("component").asText()).isEqualTo("worker");
        assertThat(first.get("logger").asText()).isEqualTo("io.nasscore.scorer.worker.ScorerWorker");
        assertThat(first.get("message").asText()).isEqualTo("scored \"quoted\"\nsecond line");
        assertThat(first.get("worker_id").asText()).isEqualTo("w1");
        assertThat(first.get("job_id").asText()).isEqualTo("j1");
        assertThat(first.get("experiment").asText()).isEqualTo("exp");
        assertThat(first.get("config_hash").asText()).isEqualTo("0123456789abcdef");
        assertThat(java.time.Instant.parse(first.get("time").asText())).isNotNull();
        JsonNode second = new ObjectMapper().readTree(lines.get(1));
        assertThat(second.get("level").asText()).isEqualTo("WARN");
        assertThat(second.has("job_id")).isFalse();
        assertThat(second.get("exception").asText()).contains("IllegalStateException: boom");
    }

    @Test
    void servicesWriteTextWithTheContextInBracketsWhenThereIsOne() {
        ByteArrayOutputStream out = capture(false);
        Logging.service(Logging.Format.text, "worker");
        Logger log = LoggerFactory.getLogger("io.nasscore.scorer.worker.ScorerWorker");
        log.info("no context");
        MDC.put("worker_id", "w1");
        log.info("with context");
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO  i\\.n\\.scorer\\.worker\\.ScorerWorker: no context");
        assertThat(lines.get(1)).endsWith("ScorerWorker [worker_id=w1]: with context");
    }

    @Test
    void theLogFormatComesFromTheEnvironmentOrTheConfigFileToo() throws Exception {
        Path config = Files.writeString(dir.resolve("c.properties"), "log.format=xml\n");
        Cli.Result r = Cli.run("aggregate", "--config", config.toString(), "--window", "5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("nasscore aggregate: unknown log format 'xml': expected text or json");
    }

    /** The real thing, as a process: a worker with --log-format json against a real broker prints only JSON lines. */
    @Test
    void aWorkerProcessWithJsonLogsPrintsNothingButJson() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            assertThat(Cli.run("submit", "--bootstrap-servers", bootstrap, "--index", "1,2,3", "--batch", "8",
                    "--data", "random", "--experiment", "json-logs").code()).isZero();
            Process p = new ProcessBuilder(java(), "-Xmx512m", "-cp", classPath(), Main.class.getName(), "worker",
                    "--bootstrap-servers", bootstrap, "--scorer", "noop", "--max-jobs", "3", "--worker-id", "json-1",
                    "--log-format", "json", "--data-dir", dir.toString())
                    .redirectError(dir.resolve("stderr.txt").toFile())
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .start();
            try {
                assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the worker exits after 3 jobs").isTrue();
            } finally {
                p.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(dir.resolve("stdout.txt"));
            assertThat(p.exitValue()).as(String.join("\n", lines) + Files.readString(dir.resolve("stderr.txt"))).isZero();
            List<JsonNode> json = new ArrayList<>();
            for (String l : lines) json.add(new ObjectMapper().readTree(l)); // throws on a line that is not JSON
            assertThat(json).allSatisfy(o -> assertThat(o.has("time") && o.has("level") && o.has("component")
                    && o.has("logger") && o.has("message")).isTrue());
            assertThat(json).anySatisfy(o -> assertThat(o.get("message").asText()).contains("3 job(s) done"));
            assertThat(json).anySatisfy(o -> assertThat(o.path("worker_id").asText()).isEqualTo("json-1"));
            assertThat(Files.readString(dir.resolve("stderr.txt"))).isEmpty();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire's real class path (java.class.path is a manifest-only jar that points at it). */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null ? cp : System.getProperty("java.class.path").replace(File.pathSeparator, File.pathSeparator);
    }
}
