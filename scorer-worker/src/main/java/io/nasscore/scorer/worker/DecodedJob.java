package io.nasscore.scorer.worker;

import io.nasscore.core.score.ScoreRequest;
import io.nasscore.schemas.BadRecordException;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoringJob;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of nas.jobs decoded ({@code AvroSerde}) and validated ({@code Convert.request}: arch string and index,
 * dataset, options, config hash, score names): either a job to score, or why not.
 *
 * @param job      the job, null when the bytes are not one
 * @param request  what to score, null when the job is invalid
 * @param scoreKey the request's score key, null when the job is invalid
 * @param rejected why the record cannot be scored, null when it can
 */
record DecodedJob(ScoringJob job, ScoreRequest request, String scoreKey, DeadLetter rejected) {

    /** Decodes and validates {@code rec}; never throws for bad input (that is a {@link #rejected} reason). */
    static DecodedJob of(ConsumerRecord<byte[], byte[]> rec) {
        ScoringJob job;
        try {
            job = Topics.JOBS.valueSerde().deserializer().deserialize(rec.topic(), rec.value());
            if (job == null) {
                return rejected(null, "invalid-content", "deserialize", "empty value (a tombstone): no job to score", null);
            }
        } catch (BadRecordException e) {
            return rejected(null, e.reason().code(), "deserialize", e.getMessage(), e);
        } catch (RuntimeException e) {
            return rejected(null, BadRecordException.Reason.CORRUPT_BODY.code(), "deserialize", DeadLetter.describe(e), e);
        }
        try {
            ScoreRequest request = Convert.request(job);
            return new DecodedJob(job, request, Keys.score(request.config(), request.index()), null);
        } catch (RuntimeException e) {
            return rejected(job, BadRecordException.Reason.INVALID_CONTENT.code(), "validate", DeadLetter.describe(e), e);
        }
    }

    private static DecodedJob rejected(ScoringJob job, String reason, String stage, String message, Throwable error) {
        return new DecodedJob(job, null, null, new DeadLetter(job == null ? null : job.getJobId(), reason, stage, message, error));
    }
}
