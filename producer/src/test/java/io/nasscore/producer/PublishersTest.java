package io.nasscore.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.truth.GroundTruth;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JobPublisher and TruthPublisher against a real broker. Each test uses its own configuration (seed). */
class PublishersTest {
    static TestBroker broker;
    static final Set<ScoreName> SCORES = EnumSet.of(ScoreName.JS, ScoreName.PJS);

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        broker = new TestBroker();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) broker.close();
    }

    static ScoreConfig config(long seed) {
        return ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(8).withSeed(seed);
    }

    static List<ScoringJob> jobsOf(String experiment) {
        return broker.readAll(Topics.JOBS).stream().map(ConsumerRecord::value)
                .filter(j -> j.getExperiment().equals(experiment)).toList();
    }

    @Test
    void publishesOneJobPerArchitectureKeyedByItsDeterministicId() {
        ScoreConfig c = config(101);
        JobSet set = JobSet.sample(30, 3, 5);
        Submission s;
        try (JobPublisher p = new JobPublisher(broker.kafka())) {
            s = p.submit(set, c, SCORES, JobPublisher.defaultExperiment(set, c), false);
        }
        assertThat(s.experiment()).isEqualTo("sample30x3-seed5-cifar10-" + c.hash().substring(0, 8));
        assertThat(s.published()).isEqualTo(set.size());
        assertThat(s.republished()).isZero();
        List<ConsumerRecord<String, ScoringJob>> recs = broker.readAll(Topics.JOBS).stream()
                .filter(r -> r.value().getExperiment().equals(s.experiment())).toList();
        assertThat(recs).hasSize(set.size());
        for (ConsumerRecord<String, ScoringJob> r : recs) {
            ScoringJob j = r.value();
            assertThat(r.key()).isEqualTo(j.getJobId()).isEqualTo(Keys.jobId(c, j.getArchIndex()));
            assertThat(j.getRunIds()).isEqualTo(set.runIds(j.getArchIndex()));
            assertThat(j.getRescore()).isFalse();
            assertThat(j.getScores()).containsExactly("JS", "PJS");
            assertThat(Convert.request(j).config()).isEqualTo(c);
        }
        assertThatThrownBy(() -> {
            try (JobPublisher p = new JobPublisher(broker.kafka())) {
                p.submit(set, c, SCORES, "a/b", false);
            }
        }).hasMessageContaining("must not contain '/'");
    }

    @Test
    void alreadyScoredArchitecturesAreRepublishedNotResubmittedUnlessRescore() throws Exception {
        ScoreConfig c = config(202);
        JobSet set = JobSet.indices(List.of(10, 11, 12, 13, 14));
        // 11 and 12 were scored by an earlier experiment; 13 only in an aborted transaction (not visible)
        Map<Integer, ScoreRecord> earlier = new HashMap<>();
        for (int i : List.of(11, 12, 13)) earlier.put(i, record(c, i, "earlier"));
        Map<String, Object> tx = new HashMap<>(broker.kafka());
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "publishers-test");
        try (KafkaProducer<String, ScoreRecord> p = new KafkaProducer<>(tx, Topics.SCORES.keySerde().serializer(),
                Topics.SCORES.valueSerde().serializer())) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(Topics.SCORES.name(), earlier.get(13).getScoreKey(), earlier.get(13)));
            p.flush();
            p.abortTransaction();
            p.beginTransaction();
            for (int i : List.of(11, 12)) p.send(new ProducerRecord<>(Topics.SCORES.name(), earlier.get(i).getScoreKey(), earlier.get(i)));
            p.commitTransaction();
        }

        Submission s;
        try (JobPublisher p = new JobPublisher(broker.kafka())) {
            s = p.submit(set, c, SCORES, "again", false);
        }
        assertThat(s.requested()).isEqualTo(5);
        assertThat(s.published()).isEqualTo(3);
        assertThat(s.republished()).isEqualTo(2);
        assertThat(jobsOf("again")).extracting(ScoringJob::getArchIndex).containsExactlyInAnyOrder(10, 13, 14);
        Map<Integer, ScoreRecord> again = broker.readAll(Topics.SCORES).stream().map(ConsumerRecord::value)
                .filter(r -> r.getExperiment().equals("again"))
                .collect(Collectors.toMap(ScoreRecord::getArchIndex, Function.identity()));
        assertThat(again.keySet()).containsExactlyInAnyOrder(11, 12);
        for (int i : List.of(11, 12)) {
            ScoreRecord old = earlier.get(i);
            ScoreRecord now = again.get(i);
            assertThat(now.getScoreKey()).isEqualTo(old.getScoreKey());
            assertThat(now.getJS()).isEqualTo(old.getJS());
            assertThat(now.getScoredAt()).isEqualTo(old.getScoredAt());
            assertThat(now.getJobId()).isEqualTo(Keys.jobId(c, i));
        }

        // asking the scored archs for a proxy: not reused, their jobs ask for the old scores and the new one
        try (JobPublisher p = new JobPublisher(broker.kafka())) {
            s = p.submit(JobSet.indices(List.of(11, 12)), c, EnumSet.of(ScoreName.NWOT), "proxies", false);
        }
        assertThat(s.published()).isEqualTo(2);
        assertThat(s.republished()).isZero();
        assertThat(jobsOf("proxies")).hasSize(2)
                .allSatisfy(j -> assertThat(j.getScores()).containsExactlyInAnyOrder("JS", "PJS", "nwot"));

        try (JobPublisher p = new JobPublisher(broker.kafka())) {
            s = p.submit(set, c, SCORES, "rescored", true);
        }
        assertThat(s.published()).isEqualTo(5);
        assertThat(s.republished()).isZero();
        assertThat(jobsOf("rescored")).hasSize(5).allMatch(ScoringJob::getRescore);
    }

    @Test
    void aRecordWithoutEveryRequestedScoreIsNotAlreadyScored() {
        // issue 8: `submit --scores JS` then `submit --scores all` on the same archs published no job for the second
        ScoreConfig c = config(404);
        JobSet set = JobSet.indices(List.of(20, 21, 22));
        try (KafkaProducer<String, ScoreRecord> p = new KafkaProducer<>(broker.kafka(), Topics.SCORES.keySerde().serializer(),
                Topics.SCORES.valueSerde().serializer())) {
            for (int i : set.indices()) p.send(new ProducerRecord<>(Topics.SCORES.name(), Keys.score(c, i), record(c, i, "js-only")));
        }
        try (JobPublisher p = new JobPublisher(broker.kafka())) {
            Submission all = p.submit(set, c, EnumSet.allOf(ScoreName.class), "wants-all", false);
            assertThat(all.published()).isEqualTo(3);
            assertThat(all.republished()).isZero();
            Submission same = p.submit(set, c, SCORES, "wants-js-pjs", false);
            assertThat(same.published()).isZero();
            assertThat(same.republished()).isEqualTo(3);
        }
        assertThat(jobsOf("wants-all")).hasSize(3).allMatch(j -> j.getScores().size() == ScoreName.values().length);
    }

    static ScoreRecord record(ScoreConfig c, int index, String experiment) {
        ScoreResult r = new ScoreResult(SearchSpace.arch(index), c, Map.of(ScoreName.JS, 0.5 + index / 1e5,
                ScoreName.PJS, 0.25), -3.0, 5, 0, 0, false, 1000, Map.of(), 1.0, 2.0, "cpu()");
        return Convert.scoreRecord(r, experiment, Keys.jobId(c, index), List.of(), "w", "test",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void groundTruthFromTheShippedTableAndFromACsv() throws Exception {
        GroundTruth shipped = GroundTruth.shipped(Dataset.CIFAR10);
        int n;
        try (TruthPublisher p = new TruthPublisher(broker.kafka())) {
            n = p.publishShipped(Dataset.CIFAR10);
        }
        assertThat(n).isEqualTo(shipped.size()).isEqualTo(SearchSpace.SIZE);
        var gt = broker.readAll(Topics.GROUND_TRUTH).stream()
                .filter(r -> r.key().startsWith("cifar10/")).toList();
        assertThat(gt).hasSize(n);
        var one = gt.stream().filter(r -> r.key().equals("cifar10/1462")).findFirst().orElseThrow().value();
        assertThat(one.getAccuracy()).isEqualTo(shipped.accuracy(1462));
        assertThat(one.getMetric()).isEqualTo("cifar10_test");
        assertThat(one.getArch()).isEqualTo(SearchSpace.arch(1462).toString());

        Path csv = dir.resolve("trained.csv");
        Files.writeString(csv, "index,acc\n5,91.5\n6,\n7,88\n");
        try (TruthPublisher p = new TruthPublisher(broker.kafka())) {
            assertThat(p.publishCsv(Dataset.CIFAR100, csv, "acc")).isEqualTo(2);
            Files.writeString(csv, "index,acc\n8,91.5\n9,150\n");
            assertThatThrownBy(() -> p.publishCsv(Dataset.CIFAR100, csv, "acc"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a percentage in [0, 100], got 150");
        }
        var c100 = broker.readAll(Topics.GROUND_TRUTH).stream().filter(r -> r.key().startsWith("cifar100/")).toList();
        assertThat(c100).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("cifar100/5", "cifar100/7");
        assertThat(c100.get(0).value().getSource()).isEqualTo("trained.csv");
    }

    @Test
    void readingTheExistingScoresDoesNotWaitForTheFetchParkedAtTheBroker() {
        // a reader closed gracefully waits for its in-flight fetch, which the broker parks for fetch.max.wait.ms
        // when there is nothing more to read: every submission would take that much longer. The bound asserted is
        // that wait itself (25 s, under the 30 s request timeout), not an expected speed: reading 20 records takes far
        // less even on a loaded CI machine, and a reader that waits for the parked fetch cannot finish sooner
        ScoreConfig c = config(303);
        try (KafkaProducer<String, ScoreRecord> p = new KafkaProducer<>(broker.kafka(), Topics.SCORES.keySerde().serializer(),
                Topics.SCORES.valueSerde().serializer())) {
            for (int i = 0; i < 20; i++) p.send(new ProducerRecord<>(Topics.SCORES.name(), Keys.score(c, i), record(c, i, "slow-fetch")));
        }
        Map<String, Object> slowFetch = new HashMap<>(broker.kafka());
        java.time.Duration parked = java.time.Duration.ofSeconds(25);
        slowFetch.put("fetch.max.wait.ms", (int) parked.toMillis());
        long t0 = System.nanoTime();
        assertThat(ExistingScores.read(slowFetch, k -> k.startsWith(c.hash()), java.time.Duration.ofSeconds(30))).hasSize(20);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(parked);
    }
}
