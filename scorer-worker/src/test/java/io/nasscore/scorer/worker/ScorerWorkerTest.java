package io.nasscore.scorer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.producer.JobPublisher;
import io.nasscore.producer.JobSet;
import io.nasscore.producer.Submission;
import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.scorer.NoopScorer;
import io.nasscore.scorer.Scorer;
import io.nasscore.testsupport.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The worker loop against a real broker (one per class, emptied before each test), with the no-op scorer. */
class ScorerWorkerTest extends OnSharedBroker {
    static final ScoreConfig CONFIG = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(8);

    static Counters runUntilDone(ScorerWorker w, long done) {
        Counters c = w.runUntil(x -> x.done() >= done || x.elapsed().toSeconds() > 120);
        assertThat(c.done()).as("jobs done before the time limit").isGreaterThanOrEqualTo(done);
        return c;
    }

    @Test
    void badInputGoesToTheDlqWithItsReasonAndTheValidJobsAroundItAreScored() {
        ScoringJob a = Broker.job(CONFIG, 1, "bad-input");
        ScoringJob badArch = Broker.job(CONFIG, 2, "bad-input");
        badArch.setArch("|conv_9x9~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        ScoringJob b = Broker.job(CONFIG, 3, "bad-input");
        ScoringJob badDataset = Broker.job(CONFIG, 4, "bad-input");
        badDataset.getConfig().setDataset("mnist");
        ScoringJob c = Broker.job(CONFIG, 5, "bad-input");
        byte[] garbage = "hello, not avro".getBytes();
        byte[] truncated = Arrays.copyOf(Broker.bytes(c), Broker.bytes(c).length - 7);
        byte[] aScore = Topics.SCORES.valueSerde().serializer().serialize("x", sampleScore());
        // all on one partition, in this order: the bad ones sit between good ones
        broker.sendRaw(0, List.of(Map.entry(a.getJobId(), Broker.bytes(a)), Map.entry("garbage", garbage),
                Map.entry(badArch.getJobId(), Broker.bytes(badArch)), Map.entry(b.getJobId(), Broker.bytes(b)),
                Map.entry(badDataset.getJobId(), Broker.bytes(badDataset)), Map.entry("truncated", truncated),
                Map.entry("a-score", aScore), Map.entry(c.getJobId(), Broker.bytes(c))));

        try (ScorerWorker w = new ScorerWorker(broker.workerConfig("w-bad"), new NoopScorer())) {
            Counters n = runUntilDone(w, 8);
            assertThat(n.scored()).isEqualTo(3);
            assertThat(n.dlq()).isEqualTo(5);
            assertThat(n.failed()).isZero();
        }
        assertThat(broker.read(Topics.SCORES)).extracting(ScoreRecord::getArchIndex).containsExactlyInAnyOrder(1, 3, 5);

        List<ConsumerRecord<String, byte[]>> dlq = broker.readRaw(Topics.JOBS_DLQ.name());
        assertThat(dlq).extracting(ConsumerRecord::key)
                .containsExactly("garbage", badArch.getJobId(), badDataset.getJobId(), "truncated", "a-score");
        assertThat(dlq).extracting(r -> DlqHeaders.get(r.headers(), DlqHeaders.REASON))
                .containsExactly("not-single-object", "invalid-content", "invalid-content", "corrupt-body", "unknown-schema");
        assertThat(dlq).extracting(r -> DlqHeaders.get(r.headers(), DlqHeaders.STAGE))
                .containsExactly("deserialize", "validate", "validate", "deserialize", "deserialize");
        assertThat(dlq.get(0).value()).isEqualTo(garbage);
        assertThat(dlq.get(1).value()).isEqualTo(Broker.bytes(badArch));
        assertThat(dlq.get(3).value()).isEqualTo(truncated);
        assertThat(DlqHeaders.get(dlq.get(1).headers(), DlqHeaders.MESSAGE)).contains("job " + badArch.getJobId())
                .contains("unknown op 'conv_9x9'");
        assertThat(DlqHeaders.get(dlq.get(2).headers(), DlqHeaders.MESSAGE)).contains("unknown dataset 'mnist'");
        assertThat(DlqHeaders.get(dlq.get(4).headers(), DlqHeaders.MESSAGE)).contains("ScoreRecord");
        assertThat(DlqHeaders.get(dlq.get(0).headers(), DlqHeaders.OFFSET)).isEqualTo("1");
        assertThat(DlqHeaders.get(dlq.get(0).headers(), DlqHeaders.PARTITION)).isEqualTo("0");
        assertThat(DlqHeaders.get(dlq.get(0).headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("nas.jobs");
        assertThat(DlqHeaders.get(dlq.get(0).headers(), DlqHeaders.WORKER)).isEqualTo("w-bad");
    }

    @Test
    void aScorerExceptionIsDeadLetteredAndTheWorkerGoesOn() {
        Scorer flaky = new Wrapped(new NoopScorer()) {
            @Override public ScoreResult score(ScoreRequest r) {
                if (r.index() == 7) throw new IllegalStateException("CUDA error: an illegal memory access");
                if (r.index() == 8) throw new IllegalArgumentException("image directory /x does not exist");
                return super.score(r);
            }
        };
        broker.sendJobs(List.of(Broker.job(CONFIG, 6, "e"), Broker.job(CONFIG, 7, "e"), Broker.job(CONFIG, 8, "e"),
                Broker.job(CONFIG, 9, "e")));
        try (ScorerWorker w = new ScorerWorker(broker.workerConfig("w-flaky"), flaky)) {
            Counters n = runUntilDone(w, 4);
            assertThat(n.scored()).isEqualTo(2);
            assertThat(n.dlq()).isEqualTo(2);
        }
        Map<String, String> reasons = broker.readRaw(Topics.JOBS_DLQ.name()).stream().collect(Collectors.toMap(
                r -> DlqHeaders.get(r.headers(), DlqHeaders.REASON), r -> DlqHeaders.get(r.headers(), DlqHeaders.MESSAGE)));
        assertThat(reasons).containsOnlyKeys("scoring-failed", "invalid-content");
        assertThat(reasons.get("scoring-failed")).contains("CUDA error");
        assertThat(reasons.get("invalid-content")).contains("/x does not exist");
    }

    @ParameterizedTest(name = "max.poll.records = {0}")
    @ValueSource(ints = {1, 50})
    void aReadCommittedReaderSeesExactlyOneRecordPerJobEvenWhenAZombieLosesItsPartitionMidJob(int maxPollRecords) throws Exception {
        int n = 60;
        List<ScoringJob> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) jobs.add(Broker.job(CONFIG, 100 + i, "exactly-once"));
        broker.sendJobs(jobs);

        CountDownLatch stalled = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        AtomicReference<ScorerWorker> successor = new AtomicReference<>();
        Scorer slowOnce = new Wrapped(new NoopScorer()) {
            @Override public ScoreResult score(ScoreRequest r) {
                if (once.compareAndSet(false, true)) {
                    stalled.countDown();
                    // stuck past max.poll.interval.ms below, until the group has evicted this worker: the healthy
                    // worker, which gets partitions only once the rebalance is over, has committed a job
                    Poll.until(Duration.ofSeconds(90), "the healthy worker's first job after the zombie's eviction",
                            () -> successor.get() != null && successor.get().counters().done() > 0);
                }
                return super.score(r);
            }
        };
        WorkerConfig zombieConfig = broker.workerConfig("zombie-" + maxPollRecords).withMaxPollRecords(maxPollRecords)
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(60));
        try (ScorerWorker zombie = new ScorerWorker(zombieConfig, slowOnce);
                ScorerWorker healthy = new ScorerWorker(broker.workerConfig("healthy-" + maxPollRecords).withMaxPollRecords(maxPollRecords),
                        new NoopScorer())) {
            successor.set(healthy);
            java.util.function.Predicate<Counters> allDone =
                    c -> zombie.counters().done() + healthy.counters().done() >= n || c.elapsed().toSeconds() > 120;
            Future<Counters> z = threads.submit(() -> zombie.runUntil(allDone));
            assertThat(stalled.await(60, TimeUnit.SECONDS)).isTrue();
            Future<Counters> h = threads.submit(() -> healthy.runUntil(allDone));
            Counters zc = z.get(150, TimeUnit.SECONDS);
            Counters hc = h.get(150, TimeUnit.SECONDS);
            assertThat(zc.failed()).as("the zombie's commit is refused and aborted").isGreaterThanOrEqualTo(1);
            assertThat(zc.done() + hc.done()).isEqualTo(n);
            assertThat(hc.scored()).isPositive();
        }
        List<ScoreRecord> scores = broker.read(Topics.SCORES);
        assertThat(scores).hasSize(n);
        assertThat(scores.stream().map(ScoreRecord::getJobId).collect(Collectors.toSet()))
                .isEqualTo(jobs.stream().map(ScoringJob::getJobId).collect(Collectors.toSet()));
    }

    @Test
    void resubmittingScoredArchitecturesPublishesNoJobAndRepublishesTheirScoresUnlessRescore() {
        JobSet set = JobSet.sample(100, 3, 1); // 100 x 3 draws: some architectures are in two runs
        int size = set.size();
        try (JobPublisher pub = new JobPublisher(broker.kafka());
                // batches: ~600 jobs one per transaction took most of this test's time, and are not what it tests
                ScorerWorker w = new ScorerWorker(broker.workerConfig("w-resubmit").withMaxPollRecords(500), new NoopScorer())) {
            Submission first = pub.submit(set, CONFIG, EnumSet.allOf(io.nasscore.core.score.ScoreName.class), "first", false);
            assertThat(first.published()).isEqualTo(size);
            runUntilDone(w, size);
            broker.awaitDecided(Topics.SCORES.name()); // the lookup reads committed records only

            Submission second = pub.submit(set, CONFIG, EnumSet.allOf(io.nasscore.core.score.ScoreName.class), "second", false);
            assertThat(second.published()).isZero();
            assertThat(second.republished()).isEqualTo(size);
            Counters idle = w.runUntil(c -> c.idle().toMillis() > 1500);
            assertThat(idle.seen()).as("no new job reached the worker").isEqualTo(size);

            List<ScoreRecord> all = broker.read(Topics.SCORES);
            List<ScoreRecord> firstRecs = all.stream().filter(r -> r.getExperiment().equals("first")).toList();
            List<ScoreRecord> secondRecs = all.stream().filter(r -> r.getExperiment().equals("second")).toList();
            assertThat(secondRecs).hasSize(size);
            for (ScoreRecord r : secondRecs) {
                assertThat(r.getRunIds()).isEqualTo(set.runIds(r.getArchIndex()));
                ScoreRecord orig = firstRecs.stream().filter(f -> f.getScoreKey().equals(r.getScoreKey())).findFirst().orElseThrow();
                assertThat(r.getJS()).isEqualTo(orig.getJS());
                assertThat(r.getScoredAt()).isEqualTo(orig.getScoredAt());
            }
            assertThat(set.runIdsByIndex().values()).anyMatch(ids -> ids.size() > 1);

            Submission third = pub.submit(set, CONFIG, EnumSet.allOf(io.nasscore.core.score.ScoreName.class), "third", true);
            assertThat(third.published()).isEqualTo(size);
            assertThat(third.republished()).isZero();
            Counters after = runUntilDone(w, 2L * size);
            assertThat(after.scored()).as("--rescore scores again").isEqualTo(2L * size);
            assertThat(after.reused()).isZero();
        }
    }

    @Test
    void aJobRepeatedBeforeItsScoreWasVisibleIsAnsweredFromTheWorkersEarlierResult() {
        JobSet set = JobSet.indices(List.of(20, 21, 22, 23));
        try (JobPublisher pub = new JobPublisher(broker.kafka());
                ScorerWorker w = new ScorerWorker(broker.workerConfig("w-reuse"), new NoopScorer())) {
            var scores = EnumSet.of(io.nasscore.core.score.ScoreName.JS);
            assertThat(pub.submit(set, CONFIG, scores, "exp-a", false).published()).isEqualTo(4);
            assertThat(pub.submit(set, CONFIG, scores, "exp-b", false).published()).as("not scored yet: published again").isEqualTo(4);
            Counters c = runUntilDone(w, 8);
            assertThat(c.scored()).isEqualTo(4);
            assertThat(c.reused()).isEqualTo(4);
        }
        List<ScoreRecord> recs = broker.read(Topics.SCORES);
        assertThat(recs).hasSize(8);
        Map<String, Set<String>> experimentsByKey = recs.stream().collect(Collectors.groupingBy(ScoreRecord::getScoreKey,
                Collectors.mapping(ScoreRecord::getExperiment, Collectors.toSet())));
        assertThat(experimentsByKey).hasSize(4).allSatisfy((k, v) -> assertThat(v).containsExactlyInAnyOrder("exp-a", "exp-b"));
        assertThat(recs).extracting(ScoreRecord::getScoreKey).allMatch(k -> k.startsWith(CONFIG.hash() + "/cifar10/"));
    }

    @Test
    void aCachedRecordMissingARequestedScoreIsNotReusedButScoredAgain() {
        List<Integer> archs = List.of(40, 41, 42, 43);
        Set<io.nasscore.core.score.ScoreName> js = EnumSet.of(io.nasscore.core.score.ScoreName.JS);
        Set<io.nasscore.core.score.ScoreName> all = EnumSet.copyOf(io.nasscore.core.score.ScoreName.PAPER);
        try (ScorerWorker w = new ScorerWorker(broker.workerConfig("w-partial"), new NoopScorer())) {
            broker.sendJobs(jobs(archs, js, "js-only"));
            assertThat(runUntilDone(w, 4).scored()).isEqualTo(4);
            broker.sendJobs(jobs(archs, all, "all-scores")); // straight to nas.jobs: the worker's own check alone
            Counters c = runUntilDone(w, 8);
            assertThat(c.scored()).as("a JS-only record does not answer a job asking for all twelve").isEqualTo(8);
            assertThat(c.reused()).isZero();
            broker.sendJobs(jobs(archs, js, "js-again"));
            assertThat(runUntilDone(w, 12).reused()).as("a record with every score answers a JS-only job").isEqualTo(4);
        }
        List<ScoreRecord> recs = broker.read(Topics.SCORES);
        for (String experiment : List.of("all-scores", "js-again")) {
            List<ScoreRecord> mine = recs.stream().filter(r -> r.getExperiment().equals(experiment)).toList();
            assertThat(mine).hasSize(4).allSatisfy(r -> assertThat(all).allSatisfy(n ->
                    assertThat(r.get(n.column())).as("%s of arch %d in %s", n, r.getArchIndex(), experiment).isNotNull()));
        }
    }

    static List<ScoringJob> jobs(List<Integer> archs, Set<io.nasscore.core.score.ScoreName> scores, String experiment) {
        return archs.stream().map(i -> io.nasscore.schemas.Convert.scoringJob(new ScoreRequest(
                io.nasscore.core.space.SearchSpace.arch(i), CONFIG, scores), experiment, false, java.time.Instant.now(), List.of()))
                .toList();
    }

    @Test
    void shutdownFinishesTheCurrentJobAndTheRestIsScoredByTheNextWorker() throws Exception {
        int n = 12;
        List<ScoringJob> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) jobs.add(Broker.job(CONFIG, 300 + i, "shutdown"));
        broker.sendJobs(jobs);
        CountDownLatch third = new CountDownLatch(1);
        Scorer slow = new Wrapped(new NoopScorer()) {
            int calls;

            @Override public ScoreResult score(ScoreRequest r) {
                if (++calls == 3) third.countDown();
                sleep(400);
                return super.score(r);
            }
        };
        Counters first;
        try (ScorerWorker w = new ScorerWorker(broker.workerConfig("w-first"), slow)) {
            Future<Counters> f = threads.submit(w::run);
            assertThat(third.await(60, TimeUnit.SECONDS)).isTrue();
            w.shutdown(); // as the SIGTERM hook does, in the middle of the third scoring
            first = f.get(30, TimeUnit.SECONDS);
            assertThat(first.scored()).isEqualTo(3); // the job being scored was finished and committed
            assertThat(first.failed()).isZero();
        }
        try (ScorerWorker w = new ScorerWorker(broker.workerConfig("w-second"), new NoopScorer())) {
            runUntilDone(w, n - first.scored());
        }
        List<ScoreRecord> scores = broker.read(Topics.SCORES);
        assertThat(scores).hasSize(n);
        assertThat(new HashSet<>(scores.stream().map(ScoreRecord::getJobId).toList())).hasSize(n);
    }

    private static ScoreRecord sampleScore() {
        var r = new NoopScorer().score(new ScoreRequest(io.nasscore.core.space.SearchSpace.arch(3), CONFIG,
                EnumSet.of(io.nasscore.core.score.ScoreName.JS)));
        return io.nasscore.schemas.Convert.scoreRecord(r, "x", Keys.jobId(CONFIG, 3), List.of(), "w", "noop",
                java.time.Instant.now());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A scorer delegating to another, for tests that change one behaviour. */
    static class Wrapped implements Scorer {
        final Scorer inner;

        Wrapped(Scorer inner) { this.inner = inner; }

        @Override public ScoreResult score(ScoreRequest r) { return inner.score(r); }

        @Override public String device() { return inner.device(); }

        @Override public String engineVersion() { return inner.engineVersion(); }

        @Override public void close() { inner.close(); }
    }
}
