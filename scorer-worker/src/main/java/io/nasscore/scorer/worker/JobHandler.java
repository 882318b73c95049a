package io.nasscore.scorer.worker;

import io.nasscore.core.score.ScoreResult;
import io.nasscore.schemas.BadRecordException;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.scorer.Scorer;
import io.nasscore.scorer.worker.Outcome.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.MDC;

/**
 * Turns a record of nas.jobs into the record to send: decodes and validates it ({@link DecodedJob}), answers a
 * repeated job from the {@link ReuseCache}, or scores it with the {@link Scorer}; anything that cannot be scored
 * becomes a {@link DeadLetters DLQ record}. Never throws for bad input or a failing scorer. Sets the job's keys of
 * the log context (MDC) while it is handled. Loop thread only.
 */
final class JobHandler {
    private final String workerId;
    private final TopicCatalogue topics;
    private final Scorer scorer;
    private final ReuseCache reuse;
    private final Consumer<ScoreResult> onScored;
    /** Expected duration of the next scoring (see {@link #score}). */
    private long scoreEstimateNanos;

    /** {@code onScored} is told of every scoring (before its transaction commits). */
    JobHandler(WorkerConfig config, Scorer scorer, Consumer<ScoreResult> onScored) {
        this.workerId = config.workerId();
        this.topics = config.catalogue();
        this.scorer = scorer;
        this.reuse = new ReuseCache(config.reuseCacheSize());
        this.onScored = onScored;
    }

    /** Expected duration of the next scoring: the last one's, or half the previous estimate if more. */
    long scoreEstimateNanos() { return scoreEstimateNanos; }

    /** Decodes and validates one record, and answers a repeated job from the reuse cache; else {@code TO_SCORE}. */
    Outcome prepare(ConsumerRecord<byte[], byte[]> rec) {
        long t0 = System.nanoTime();
        DecodedJob d = DecodedJob.of(rec);
        if (d.job() != null) {
            MDC.put(ScorerWorker.MDC_JOB_ID, d.job().getJobId());
            MDC.put(ScorerWorker.MDC_EXPERIMENT, d.job().getExperiment());
        }
        if (d.rejected() != null) return dead(rec, d.rejected(), t0);
        MDC.put(ScorerWorker.MDC_CONFIG_HASH, d.request().config().hash());
        ScoreRecord earlier = reuse.answer(d.job(), d.request(), d.scoreKey());
        if (earlier != null) return encode(rec, d.job(), earlier, Kind.REUSED, t0);
        return new Outcome(Kind.TO_SCORE, null, d.job().getJobId(), null, t0, d);
    }

    /** Scores a prepared job. */
    Outcome score(ConsumerRecord<byte[], byte[]> rec, Outcome prepared) {
        ScoringJob job = prepared.decoded().job();
        String jobId = prepared.jobId();
        long t0 = prepared.startNanos();
        ScoreResult result;
        long s0 = System.nanoTime();
        try {
            result = scorer.score(prepared.decoded().request());
        } catch (IllegalArgumentException e) {
            // the scorer refuses this request (e.g. an image source it cannot open, minmax without calibration)
            return dead(rec, new DeadLetter(jobId, BadRecordException.Reason.INVALID_CONTENT.code(), "score",
                    "job " + jobId + ": " + DeadLetter.describe(e), e), t0);
        } catch (RuntimeException | StackOverflowError e) {
            return dead(rec, new DeadLetter(jobId, "scoring-failed", "score", "job " + jobId + " (arch "
                    + job.getArchIndex() + "): " + DeadLetter.describe(e), e), t0);
        } finally {
            // the next scoring is assumed to take as long as this one, or half the previous estimate if more: a
            // fast failure after slow scorings does not make the worker hold a transaction over the next one
            long took = System.nanoTime() - s0;
            scoreEstimateNanos = Math.max(took, scoreEstimateNanos / 2);
        }
        onScored.accept(result);
        ScoreRecord out;
        try {
            out = Convert.scoreRecord(job, result, workerId, scorer.engineVersion(), Instant.now());
            reuse.put(prepared.decoded().scoreKey(), out);
        } catch (RuntimeException e) {
            return dead(rec, new DeadLetter(jobId, "scoring-failed", "produce", "job " + jobId
                    + ": cannot build its score record: " + DeadLetter.describe(e), e), t0);
        }
        return encode(rec, job, out, Kind.SCORED, t0);
    }

    /** Removes the job's keys from the log context: before the next job, and before lines that cover several. */
    static void clearJobContext() {
        MDC.remove(ScorerWorker.MDC_JOB_ID);
        MDC.remove(ScorerWorker.MDC_EXPERIMENT);
        MDC.remove(ScorerWorker.MDC_CONFIG_HASH);
    }

    private Outcome encode(ConsumerRecord<byte[], byte[]> rec, ScoringJob job, ScoreRecord out, Kind kind, long t0) {
        String jobId = job.getJobId();
        byte[] value;
        try {
            value = topics.scores().valueSerde().serializer().serialize(topics.scores().name(), out);
        } catch (RuntimeException e) {
            return dead(rec, new DeadLetter(jobId, "scoring-failed", "produce", "job " + jobId
                    + ": cannot encode its score record: " + DeadLetter.describe(e), e), t0);
        }
        ProducerRecord<byte[], byte[]> pr = new ProducerRecord<>(topics.scores().name(),
                out.getScoreKey().getBytes(StandardCharsets.UTF_8), value);
        return new Outcome(kind, pr, jobId, null, t0, null);
    }

    private Outcome dead(ConsumerRecord<byte[], byte[]> rec, DeadLetter why, long t0) {
        return new Outcome(Kind.DLQ, DeadLetters.of(topics.jobsDlq(), rec, why, workerId), why.jobId(), why, t0, null);
    }
}
