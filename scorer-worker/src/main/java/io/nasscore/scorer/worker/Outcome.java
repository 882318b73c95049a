package io.nasscore.scorer.worker;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What becomes of one record of nas.jobs: {@link Kind#TO_SCORE} (decoded and valid, scoring pending), or the record
 * to send in the transaction.
 *
 * @param kind       scored, reused, dead-lettered, or still to score
 * @param record     the record to send (nas.scores or nas.jobs.dlq), null while {@code TO_SCORE}
 * @param jobId      the job's id, null for undecodable bytes
 * @param dead       why it goes to the DLQ, null otherwise
 * @param startNanos when the worker took the record (for the job's debug line)
 * @param decoded    the decoded job, for {@code TO_SCORE}
 */
record Outcome(Kind kind, ProducerRecord<byte[], byte[]> record, String jobId, DeadLetter dead, long startNanos,
        DecodedJob decoded) {

    enum Kind { TO_SCORE, SCORED, REUSED, DLQ }
}
