package io.nasscore.scorer.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's records of one poll, each handled by its {@link JobHandler} and sent in a {@link BatchTransaction}
 * with the consumed offsets, in as few transactions as the bounds of {@link WorkerConfig} allow. A transaction that
 * fails is aborted and the consumer rewound, so its jobs and the rest of the poll are redone; an error the producer
 * cannot survive ({@link FatalErrors}) makes the worker not live and is thrown. Loop thread only.
 */
final class BatchProcessor {
    private static final Logger log = LoggerFactory.getLogger(ScorerWorker.class);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

    private final WorkerConfig config;
    private final BatchTransaction<Done> tx;
    private final JobHandler jobs;
    private final Tally tally;
    private final WorkerHealth health;
    private final Consumer<String> onDeadLettered;
    private final BooleanSupplier stopRequested;

    /** What the transaction carries for each job: for a DLQ record, what its log line says once committed. */
    record Done(String jobId, int partition, long offset, DeadLetter dead) {}

    /**
     * {@code onDeadLettered} is told the reason of every DLQ record once committed; {@code stopRequested} is asked
     * after every record (the jobs done so far are then committed and the rest of the poll rewound).
     */
    BatchProcessor(WorkerConfig config, BatchTransaction<Done> tx, JobHandler jobs, Tally tally, WorkerHealth health,
            Consumer<String> onDeadLettered, BooleanSupplier stopRequested) {
        this.config = config;
        this.tx = tx;
        this.jobs = jobs;
        this.tally = tally;
        this.health = health;
        this.onDeadLettered = onDeadLettered;
        this.stopRequested = stopRequested;
    }

    /**
     * The records of one poll, in as few transactions as the bounds allow. The transaction opens with the first
     * record sent (after its scoring) and is committed: when the batch is done; when it has been open for
     * {@link WorkerConfig#maxTransaction()}; before a scoring that would keep it open past that bound (estimated
     * from the previous scorings); when the worker is asked to stop. A failed transaction is aborted and the
     * consumer rewound to its first record: those jobs, and the rest of the batch, are polled again.
     */
    void process(List<ConsumerRecord<byte[], byte[]>> list, Predicate<Counters> stop) {
        long polledAt = System.nanoTime();
        long pollBudget = config.maxPollInterval().toNanos() / 2;
        long maxTx = config.maxTransaction().toNanos();
        int first = 0; // index of the first record of the open transaction (or of the next one to process)
        for (int i = 0; i < list.size(); i++) {
            ConsumerRecord<byte[], byte[]> rec = list.get(i);
            if (i > 0 && System.nanoTime() - polledAt + jobs.scoreEstimateNanos() > pollBudget) {
                // safety net for a too large max.poll.records: poll again before the group evicts this worker
                log.info("worker {}: {} of {} polled job(s) done in {} ms, committing and polling again well before "
                        + "max.poll.interval.ms ({} ms)", config.workerId(), i, list.size(),
                        (System.nanoTime() - polledAt) / 1_000_000L, config.maxPollInterval().toMillis());
                if (commit(list, first)) tx.rewind(list.subList(i, list.size()));
                return;
            }
            tally.seen();
            JobHandler.clearJobContext();
            Outcome out = jobs.prepare(rec);
            if (out.kind() == Outcome.Kind.TO_SCORE) {
                if (tx.isOpen() && tx.ageNanos() + jobs.scoreEstimateNanos() > maxTx) {
                    // the scoring would keep the transaction open too long: commit what is done first
                    if (!commit(list, first)) return;
                    first = i;
                }
                out = jobs.score(rec, out);
            }
            if (!send(rec, out, list, first)) return;
            JobHandler.clearJobContext(); // the commit's lines below may cover several jobs
            if (stopRequested.getAsBoolean() || stop.test(tally.withPending())) {
                if (commit(list, first)) tx.rewind(list.subList(i + 1, list.size()));
                return;
            }
            if (tx.ageNanos() >= maxTx) {
                if (!commit(list, first)) return;
                first = i + 1;
            }
        }
        commit(list, first);
    }

    /** Adds one outcome to the transaction, opening it if needed. False when it failed (aborted and rewound). */
    private boolean send(ConsumerRecord<byte[], byte[]> rec, Outcome out, List<ConsumerRecord<byte[], byte[]>> batch,
            int first) {
        try {
            tx.add(rec, out.record(), new Done(out.jobId(), rec.partition(), rec.offset(), out.dead()));
        } catch (KafkaException e) {
            abort(e, batch, first);
            return false;
        }
        tally.pending(out.kind());
        if (out.kind() != Outcome.Kind.DLQ && log.isDebugEnabled()) {
            log.debug("worker {}: job {} {} in {} ms", config.workerId(), out.jobId(),
                    out.kind() == Outcome.Kind.SCORED ? "scored" : "reused", (System.nanoTime() - out.startNanos()) / 1_000_000);
        }
        return true;
    }

    /**
     * Commits the open transaction (if any) with the offsets of its records. False when it failed: it was aborted
     * and the consumer rewound to {@code batch[first]}, so those jobs and the rest of the batch are polled again.
     */
    private boolean commit(List<ConsumerRecord<byte[], byte[]>> batch, int first) {
        if (!tx.isOpen()) return true;
        List<Done> committed;
        try {
            committed = tx.commit();
        } catch (KafkaException e) {
            abort(e, batch, first);
            return false;
        }
        tally.committed();
        for (Done d : committed) {
            if (d.dead() == null) continue;
            onDeadLettered.accept(d.dead().reason());
            log.warn("worker {}: {} (partition {} offset {}) sent to {}: {} ({})", config.workerId(),
                    d.jobId() == null ? "record" : "job " + d.jobId(), d.partition(), d.offset(), config.catalogue().jobsDlq().name(),
                    d.dead().reason(), d.dead().message());
        }
        return true;
    }

    /** Aborts the open transaction and rewinds to its first record; rethrows what this worker cannot survive. */
    private void abort(KafkaException e, List<ConsumerRecord<byte[], byte[]>> batch, int first) {
        if (FatalErrors.isFatal(e)) {
            tx.discard();
            tally.discardPending();
            throw stop(FatalErrors.reason(config.workerId(), "cannot go on", e), e);
        }
        List<ConsumerRecord<byte[], byte[]>> undone = batch.subList(first, batch.size());
        int inTx = tx.size();
        log.warn("worker {}: transaction of {} job(s) failed, aborted; they will be redone with the {} after them "
                + "(from {}): {}", config.workerId(), inTx, undone.size() - inTx, firstOffsets(undone), e.toString());
        tally.aborted();
        try {
            tx.abort(undone);
        } catch (KafkaException fatal) {
            throw stop(FatalErrors.reason(config.workerId(), "cannot abort its transaction", fatal), fatal);
        }
        sleep(RETRY_BACKOFF);
    }

    /** A fatal error: the worker is not live, and says why; the loop stops on the exception. */
    private KafkaException stop(String reason, KafkaException cause) {
        health.fatal(reason);
        return new KafkaException(reason, cause);
    }

    /**
     * After an unexpected error in a batch: aborts the open transaction (best effort; the broker aborts it anyway
     * after transaction.timeout.ms) and stops the worker. The batch's offsets were not committed: it is redelivered.
     */
    void abandon(Throwable e) {
        health.fatal("worker " + config.workerId() + " stopped on an unexpected error: " + e);
        if (tx.isOpen()) {
            log.error("worker {}: unexpected error in a batch, aborting its transaction of {} job(s): {}", config.workerId(),
                    tx.size(), e.toString());
            tally.discardPending();
            tx.abortQuietly();
        }
    }

    private static String firstOffsets(List<ConsumerRecord<byte[], byte[]>> recs) {
        Map<Integer, Long> first = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : recs) first.merge(r.partition(), r.offset(), Math::min);
        StringBuilder b = new StringBuilder();
        first.forEach((p, o) -> b.append(b.length() == 0 ? "" : ", ").append("partition ").append(p).append(" offset ").append(o));
        return b.toString();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
