package io.nasscore.scorer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.scorer.NoopScorer;
import io.nasscore.scorer.Scorer;
import io.nasscore.scorer.worker.ScorerWorkerTest.Wrapped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Batches: the records of a poll share transactions (bounded by {@link WorkerConfig#maxTransaction()}), with the
 * same guarantees as one job per transaction: bad records go to the DLQ in the same transaction, and a batch whose
 * transaction does not commit is redelivered whole, never lost, never visible twice to read_committed readers.
 */
class BatchTransactionTest extends OnSharedBroker {
    static final Duration LONG_TX = Duration.ofSeconds(30);

    /** n valid jobs (arch indices from {@code from}) as raw records. */
    static List<Map.Entry<String, byte[]>> jobs(int from, int n, String experiment) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ScoringJob j = Broker.job(ScorerWorkerTest.CONFIG, from + i, experiment);
            out.add(Map.entry(j.getJobId(), Broker.bytes(j)));
        }
        return out;
    }

    WorkerConfig batched(String id, int maxPollRecords, Duration maxTransaction) {
        return broker.workerConfig(id).withMaxPollRecords(maxPollRecords).withMaxTransaction(maxTransaction);
    }

    static Scorer sleeping(long ms) {
        return new Wrapped(new NoopScorer()) {
            @Override public ScoreResult score(ScoreRequest r) {
                ScorerWorkerTest.sleep(ms);
                return super.score(r);
            }
        };
    }

    @Test
    void aBadRecordInTheMiddleOfABatchIsDeadLetteredAndTheGoodOnesScoredInTheSameTransaction() throws Exception {
        ScoringJob badArch = Broker.job(ScorerWorkerTest.CONFIG, 99, "batch-bad");
        badArch.setArch("|conv_9x9~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        List<Map.Entry<String, byte[]>> recs = new ArrayList<>(jobs(10, 5, "batch-bad"));
        recs.add(Map.entry("garbage", "not avro".getBytes()));
        recs.add(Map.entry(badArch.getJobId(), Broker.bytes(badArch)));
        recs.addAll(jobs(20, 5, "batch-bad"));
        broker.sendRaw(0, recs); // one partition: one poll holds the 12 records in this order

        try (ScorerWorker w = new ScorerWorker(batched("w-batch-bad", 100, LONG_TX), new NoopScorer())) {
            assertThat(w.hasPartitions()).as("not yet in the group").isFalse();
            Counters c = ScorerWorkerTest.runUntilDone(w, 12);
            assertThat(w.hasPartitions()).as("the group's only member holds nas.jobs").isTrue();
            assertThat(c.scored()).isEqualTo(10);
            assertThat(c.dlq()).isEqualTo(2);
            assertThat(c.failed()).isZero();
            assertThat(c.transactions()).as("the whole poll in one transaction").isEqualTo(1);
        }
        assertThat(broker.read(Topics.SCORES)).extracting(ScoreRecord::getArchIndex)
                .containsExactlyInAnyOrder(10, 11, 12, 13, 14, 20, 21, 22, 23, 24);
        List<ConsumerRecord<String, byte[]>> dlq = broker.readRaw(Topics.JOBS_DLQ.name());
        assertThat(dlq).extracting(ConsumerRecord::key).containsExactly("garbage", badArch.getJobId());
        assertThat(dlq).extracting(r -> DlqHeaders.get(r.headers(), DlqHeaders.OFFSET)).containsExactly("5", "6");
        assertThat(dlq).extracting(r -> DlqHeaders.get(r.headers(), DlqHeaders.REASON))
                .containsExactly("not-single-object", "invalid-content");
        assertThat(broker.committedJobOffsets(WorkerConfig.DEFAULT_GROUP)).containsEntry(0, 12L);
        // nothing was aborted: a read_uncommitted reader sees the same records
        assertThat(broker.readRaw(Topics.SCORES.name(), "read_uncommitted")).hasSize(10);
    }

    @Test
    void aWorkerFencedInTheMiddleOfABatchLeavesNothingVisibleAndItsWholeBatchIsRedone() throws Exception {
        int n = 40;
        int blockAt = 20;
        broker.sendRaw(0, jobs(400, n, "fenced"));
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Scorer blocking = new Wrapped(new NoopScorer()) {
            @Override public ScoreResult score(ScoreRequest r) {
                if (calls.incrementAndGet() == blockAt) {
                    blocked.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.score(r);
            }
        };
        WorkerConfig config = batched("slot-1", 100, LONG_TX);
        ScorerWorker a = new ScorerWorker(config, blocking);
        try {
            Future<Counters> fa = threads.submit(() -> a.runUntil(c -> c.done() >= n || c.elapsed().toSeconds() > 120));
            assertThat(blocked.await(60, TimeUnit.SECONDS)).isTrue();
            // the first blockAt - 1 records of the batch are in the log, in A's open transaction
            long deadline = System.currentTimeMillis() + 20_000;
            while (broker.readRaw(Topics.SCORES.name(), "read_uncommitted").size() < blockAt - 1) {
                assertThat(System.currentTimeMillis()).as("A's records reach the log").isLessThan(deadline);
                Thread.sleep(100);
            }
            // read at once: waiting for the transactions to be decided would wait for this open one
            assertThat(broker.readCommittedNow(Topics.SCORES.name())).as("read_committed: nothing while A's transaction is open").isEmpty();

            // the slot restarts elsewhere: a producer with the same transactional id fences A and aborts its transaction
            try (KafkaProducer<byte[], byte[]> successor = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.cluster.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                successor.initTransactions();
            }
            release.countDown();
            assertThatThrownBy(() -> fa.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(KafkaException.class).hasMessageContaining("worker slot-1 cannot")
                    .hasMessageContaining("another worker runs with the same worker id slot-1");
            assertThat(a.counters().done()).as("nothing of the batch was committed").isZero();
            assertThat(a.notReady()).as("a fenced worker is not ready, and says why")
                    .contains("another worker runs with the same worker id slot-1");
        } finally {
            release.countDown();
            a.close();
        }
        assertThat(broker.readRaw(Topics.SCORES.name())).as("the aborted records stay invisible").isEmpty();
        assertThat(broker.committedJobOffsets(WorkerConfig.DEFAULT_GROUP)).doesNotContainKey(0);

        // the restarted slot gets the whole batch again
        try (ScorerWorker b = new ScorerWorker(config, new NoopScorer())) {
            Counters c = ScorerWorkerTest.runUntilDone(b, n);
            assertThat(c.scored()).isEqualTo(n);
        }
        List<ScoreRecord> scores = broker.read(Topics.SCORES);
        assertThat(scores).hasSize(n);
        assertThat(new HashSet<>(scores.stream().map(ScoreRecord::getArchIndex).toList())).hasSize(n);
        assertThat(broker.readRaw(Topics.SCORES.name(), "read_uncommitted")).as("the aborted copies are in the log")
                .hasSizeGreaterThanOrEqualTo(n + blockAt - 1);
        assertThat(broker.committedJobOffsets(WorkerConfig.DEFAULT_GROUP)).containsEntry(0, (long) n);
    }

    @Test
    void shutdownInTheMiddleOfABatchCommitsTheJobsDoneAndTheRestOfTheBatchGoesToTheNextWorker() throws Exception {
        int n = 12;
        broker.sendRaw(0, jobs(300, n, "shutdown-batch"));
        CountDownLatch third = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Scorer slow = new Wrapped(new NoopScorer()) {
            @Override public ScoreResult score(ScoreRequest r) {
                if (calls.incrementAndGet() == 3) third.countDown();
                ScorerWorkerTest.sleep(300);
                return super.score(r);
            }
        };
        Counters first;
        try (ScorerWorker w = new ScorerWorker(batched("w-first", 100, LONG_TX), slow)) {
            Future<Counters> f = threads.submit(w::run);
            assertThat(third.await(60, TimeUnit.SECONDS)).isTrue();
            w.shutdown(); // in the middle of the third scoring of the batch
            first = f.get(30, TimeUnit.SECONDS);
            assertThat(first.scored()).as("the job being scored is finished and committed with the two before").isEqualTo(3);
            assertThat(first.transactions()).isEqualTo(1);
            assertThat(first.failed()).isZero();
        }
        assertThat(broker.committedJobOffsets(WorkerConfig.DEFAULT_GROUP)).containsEntry(0, 3L);
        try (ScorerWorker w = new ScorerWorker(batched("w-second", 100, LONG_TX), new NoopScorer())) {
            ScorerWorkerTest.runUntilDone(w, n - 3);
        }
        List<ScoreRecord> scores = broker.read(Topics.SCORES);
        assertThat(scores).hasSize(n);
        assertThat(new HashSet<>(scores.stream().map(ScoreRecord::getJobId).toList())).hasSize(n);
        assertThat(broker.readRaw(Topics.SCORES.name(), "read_uncommitted")).as("nothing aborted, nothing redone").hasSize(n);
    }

    @Test
    void aSlowScorerCommitsEachJobAloneWhileAFasterOneSharesTransactionsUpToTheBound() {
        // "DJL": each scoring is longer than the bound, so the transaction opens after it and holds one job
        broker.sendRaw(0, jobs(500, 5, "slow"));
        try (ScorerWorker w = new ScorerWorker(batched("w-slow", 10, Duration.ofMillis(100)), sleeping(250))) {
            Counters c = ScorerWorkerTest.runUntilDone(w, 5);
            assertThat(c.transactions()).isEqualTo(5);
            assertThat(c.failed()).isZero();
        }
        // 20 ms per job, transactions of at most 150 ms: about 7 jobs per transaction
        broker.sendRaw(0, jobs(600, 30, "medium"));
        try (ScorerWorker w = new ScorerWorker(batched("w-medium", 100, Duration.ofMillis(150)), sleeping(20))) {
            Counters c = ScorerWorkerTest.runUntilDone(w, 30);
            assertThat(c.transactions()).isBetween(3L, 15L);
            assertThat(c.failed()).isZero();
        }
        assertThat(broker.read(Topics.SCORES)).hasSize(35);
    }

    @Test
    void aBatchTooLongForThePollIntervalIsCutAndPolledAgainInsteadOfGettingTheWorkerEvicted() {
        // 12 jobs of 300 ms in one poll would take 3.6 s, more than max.poll.interval.ms = 2 s
        broker.sendRaw(0, jobs(700, 12, "budget"));
        WorkerConfig config = batched("w-budget", 100, Duration.ofMillis(500)).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60));
        try (ScorerWorker w = new ScorerWorker(config, sleeping(300))) {
            Counters c = ScorerWorkerTest.runUntilDone(w, 12);
            assertThat(c.failed()).as("no commit refused: the worker never left the group").isZero();
            assertThat(c.scored()).isEqualTo(12);
        }
        assertThat(broker.read(Topics.SCORES)).hasSize(12);
    }
}
