package io.nasscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.testsupport.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python subscriber example (examples/python) against a real broker: records written by the project's serde
 * (Java's fingerprints) are decoded by the script with the released .avsc files. Skipped when no python3 with
 * confluent_kafka and avro is installed (apt-get install -y python3-confluent-kafka python3-avro).
 */
class PythonSubscriberTest {

    static final Path SCRIPT = Path.of("..", "examples", "python", "nasscore_subscriber.py");
    static final Path SCHEMAS = Path.of("src", "main", "avro");

    @TempDir Path tmp;

    @Test
    void decodesScoresAndScoreQualityWrittenByTheJavaSerde() throws Exception {
        Optional<String> python = pythonWithModules();
        assumeTrue(python.isPresent(), "skipped: no python3 (NASSCORE_PYTHON, python3 or /usr/bin/python3) can import"
                + " confluent_kafka and avro; install them with: apt-get install -y python3-confluent-kafka python3-avro");

        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                Topics.createAll(admin, (short) 1);
            }
            ScoreRecord first = Samples.scoreRecord();
            ScoreRecord second = ScoreRecord.newBuilder(first).setArchIndex(9930)
                    .setScoreKey(Keys.score(Samples.CONFIG, 9930)).build();
            ScoreQuality quality = Samples.quality();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.SCORES.name(), 0, first.getScoreKey(), scoreBytes(first))).get();
                // one partition, so that the order (and the bad value's offset) is known
                // a value that is not single-object encoded: the script reports it and goes on
                producer.send(new ProducerRecord<>(Topics.SCORES.name(), 0, "garbage", new byte[] {1, 2, 3})).get();
                producer.send(new ProducerRecord<>(Topics.SCORES.name(), 0, second.getScoreKey(), scoreBytes(second))).get();
                producer.send(new ProducerRecord<>(Topics.SCORE_QUALITY.name(), "exp-a/cifar10/WPJS/all/cumulative",
                        Topics.SCORE_QUALITY.valueSerde().serializer().serialize(Topics.SCORE_QUALITY.name(), quality)))
                        .get();
            }

            Path out = tmp.resolve("out.jsonl");
            Path err = tmp.resolve("err.txt");
            Process p = new ProcessBuilder(python.get(), SCRIPT.toString(), "--bootstrap-servers", broker.bootstrapServers(),
                    "--schemas", SCHEMAS.toString(), "--group", "python-test", "--max-records", "3",
                    "--idle-timeout", "60")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("the subscriber did not finish in 3 minutes; stderr:\n" + Files.readString(err));
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(stderr).isZero();

            List<JsonNode> lines = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(out)) lines.add(json.readTree(line));
            assertThat(lines).as("stdout lines; stderr:\n" + stderr).hasSize(3);

            List<JsonNode> scores = lines.stream().filter(l -> l.get("topic").asText().equals("nas.scores")).toList();
            assertThat(scores).extracting(l -> l.get("schema").asText()).containsOnly("ScoreRecord/" + latestVersion("ScoreRecord"));
            assertThat(scores).extracting(l -> l.get("value").get("archIndex").asInt())
                    .containsExactly(Samples.INDEX, 9930);
            JsonNode v = scores.get(0).get("value");
            assertThat(scores.get(0).get("key").asText()).isEqualTo(first.getScoreKey());
            assertThat(v.get("configHash").asText()).isEqualTo(first.getConfigHash());
            assertThat(v.get("JS").asDouble()).isEqualTo(0.998);
            assertThat(v.get("WPJS").asText()).isEqualTo("nan");
            assertThat(v.get("JSC").isNull()).as("not requested = null").isTrue();
            assertThat(v.get("config").get("dataset").asText()).isEqualTo("cifar10");

            JsonNode q = lines.stream().filter(l -> l.get("topic").asText().equals("nas.score-quality")).findFirst()
                    .orElseThrow();
            assertThat(q.get("schema").asText()).isEqualTo("ScoreQuality/" + latestVersion("ScoreQuality"));
            assertThat(q.get("value").get("score").asText()).isEqualTo("WPJS");
            assertThat(q.get("value").get("monotonicity").asDouble()).isEqualTo(0.61);
            assertThat(q.get("value").get("updatedAt").asText()).startsWith("2025-01-02T03:04:05.678");

            assertThat(stderr).contains("nas.scores partition 0 offset 1: not Avro single-object encoding");
        }
    }

    private static byte[] scoreBytes(ScoreRecord r) {
        return Topics.SCORES.valueSerde().serializer().serialize(Topics.SCORES.name(), r);
    }

    /** The first interpreter that imports both modules (pyenv shims often hide Debian's dist-packages). */
    private static Optional<String> pythonWithModules() throws InterruptedException {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("NASSCORE_PYTHON");
        if (configured != null && !configured.isBlank()) candidates.add(configured);
        candidates.addAll(List.of("python3", "/usr/bin/python3"));
        for (String python : candidates) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import confluent_kafka, avro.io")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0) return Optional.of(python);
                p.destroyForcibly();
            } catch (java.io.IOException absent) {
                // not installed under that name: try the next
            }
        }
        return Optional.empty();
    }

    /** The newest released version of a record ({@code v<N>}: the Java serde writes it, the subscriber names it). */
    private static String latestVersion(String record) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/avro", record))) {
            return "v" + files.map(f -> f.getFileName().toString()).filter(n -> n.matches("v\\d+\\.avsc"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.length() - 5))).max().orElseThrow();
        }
    }
}
