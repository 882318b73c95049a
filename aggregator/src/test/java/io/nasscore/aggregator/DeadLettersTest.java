package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records of nas.scores and nas.ground-truth the aggregator cannot use reach nas.aggregator.dlq, once each. */
class DeadLettersTest {
    @TempDir Path stateDir;

    @Test
    void everyBadInputRecordIsDeadLetteredOnceWithItsReasonAndOneLogLine() {
        AggregatorConfig config = AggregatorConfig.defaults().withStoreType(Materialized.StoreType.IN_MEMORY);
        List<Fixtures.Sample> samples = Fixtures.samples(31, Dataset.CIFAR10, 10, 0);
        ScoreRecord badDataset = Fixtures.score("exp", Fixtures.samples(32, Dataset.CIFAR10, 1, 0).get(0), Fixtures.T0);
        badDataset.getConfig().setDataset("mnist");
        byte[] badDatasetBytes = Topics.SCORES.valueSerde().serializer().serialize(Topics.SCORES.name(), badDataset);
        GroundTruth nanTruth = Fixtures.truth(samples.get(0));
        nanTruth.setAccuracy(Double.NaN);
        byte[] nanTruthBytes = Topics.GROUND_TRUTH.valueSerde().serializer().serialize(Topics.GROUND_TRUTH.name(), nanTruth);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        List<TestRecord<String, byte[]>> dead;
        long quality;
        try (TopologyTestDriver driver = new TopologyTestDriver(QualityTopology.build(config),
                AggregatorConfig.streamsProperties("dummy:9092", config.applicationId(), stateDir, Map.of()), Fixtures.T0)) {
            TestInputTopic<String, byte[]> scores = driver.createInputTopic(Topics.SCORES.name(), new StringSerializer(),
                    new ByteArraySerializer());
            TestInputTopic<String, byte[]> truth = driver.createInputTopic(Topics.GROUND_TRUTH.name(),
                    new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> dlq = driver.createOutputTopic(Topics.AGGREGATOR_DLQ.name(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            for (Fixtures.Sample s : samples) {
                ScoreRecord r = Fixtures.score("exp", s, Fixtures.T0);
                scores.pipeInput(r.getScoreKey(), Topics.SCORES.valueSerde().serializer().serialize(Topics.SCORES.name(), r));
                truth.pipeInput(Keys.groundTruth(s.dataset(), s.arch()), Topics.GROUND_TRUTH.valueSerde().serializer()
                        .serialize(Topics.GROUND_TRUTH.name(), Fixtures.truth(s)));
            }
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            scores.pipeInput("garbage", new byte[] {1, 2, 3});                 // nas.scores offset 10
            scores.pipeInput(badDataset.getScoreKey(), badDatasetBytes);       // 11
            scores.pipeInput("some/key", (byte[]) null);                       // 12: a tombstone, ignored
            truth.pipeInput("cifar10/1", new byte[] {(byte) 0xC3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 9}); // 10: unknown schema
            truth.pipeInput(Keys.groundTruth(samples.get(0).dataset(), samples.get(0).arch()), nanTruthBytes); // 11
            truth.pipeInput("no-slash", (byte[]) null);                        // 12: a tombstone with a bad key
            System.setErr(original);
            dead = dlq.readRecordsToList();
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            quality = driver.createOutputTopic(Topics.SCORE_QUALITY.name(), new StringDeserializer(),
                    new ByteArrayDeserializer()).getQueueSize();
            assertThat(AggregatorMetrics.total(driver.metrics(), AggregatorMetrics.SKIPPED_SCORES)).isEqualTo(2);
            assertThat(AggregatorMetrics.total(driver.metrics(), AggregatorMetrics.SKIPPED_TRUTH)).isEqualTo(3);
        } finally {
            System.setErr(original);
        }
        assertThat(quality).as("the good records still make the tables").isPositive();
        assertThat(dead).extracting(TestRecord::key)
                .containsExactly("garbage", badDataset.getScoreKey(), "cifar10/1",
                        Keys.groundTruth(samples.get(0).dataset(), samples.get(0).arch()), "no-slash");
        assertThat(dead.get(0).value()).containsExactly(1, 2, 3);
        assertThat(dead.get(1).value()).isEqualTo(badDatasetBytes);
        assertThat(dead.get(3).value()).isEqualTo(nanTruthBytes);
        assertThat(dead.get(4).value()).isNull();
        assertThat(dead).extracting(r -> DlqHeaders.get(r.headers(), DlqHeaders.REASON))
                .containsExactly("not-single-object", "invalid-content", "unknown-schema", "invalid-content", "invalid-content");
        assertThat(dead).extracting(r -> DlqHeaders.get(r.headers(), DlqHeaders.STAGE))
                .containsExactly("deserialize", "validate", "deserialize", "validate", "validate");
        assertThat(dead).extracting(r -> DlqHeaders.get(r.headers(), DlqHeaders.SOURCE_TOPIC) + "@"
                        + DlqHeaders.get(r.headers(), DlqHeaders.OFFSET))
                .containsExactly("nas.scores@10", "nas.scores@11", "nas.ground-truth@10", "nas.ground-truth@11",
                        "nas.ground-truth@12");
        assertThat(dead).allSatisfy(r -> {
            assertThat(DlqHeaders.get(r.headers(), DlqHeaders.WORKER)).isEqualTo(config.applicationId());
            assertThat(DlqHeaders.get(r.headers(), DlqHeaders.MESSAGE)).isNotBlank();
        });
        assertThat(DlqHeaders.get(dead.get(1).headers(), DlqHeaders.MESSAGE)).contains("mnist");

        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("one line per dead letter, no stack trace").hasSize(5);
        assertThat(lines.get(0)).contains("aggregator: dead-lettered record nas.scores-0@10 "
                + "(not-single-object): ").contains("not Avro single-object encoding");
        assertThat(lines.get(4)).contains("nas.ground-truth-0@12").contains("key 'no-slash' is not dataset/archIndex");
    }
}
