package io.nasscore.scorer.worker;

import java.time.Duration;

/**
 * A snapshot of a worker's counters. Jobs count as scored, reused or dead-lettered once their transaction committed.
 *
 * @param seen         job records taken from nas.jobs (a record redelivered after an abort counts again)
 * @param scored       jobs scored and committed to nas.scores
 * @param reused       repeated jobs answered from this worker's earlier result (same score key, no new scoring)
 * @param dlq          records committed to nas.jobs.dlq
 * @param failed       transactions aborted (their jobs are redelivered, never lost)
 * @param transactions transactions committed (one carries one job or a whole batch, see {@link WorkerConfig})
 * @param lag          records waiting in this worker's partitions at the last poll (-1 when unknown)
 * @param elapsed      time since the worker started running
 * @param idle         time since the last record was processed (or since the start)
 */
public record Counters(long seen, long scored, long reused, long dlq, long failed, long transactions, long lag,
        Duration elapsed, Duration idle) {

    /** Jobs finished for good: scored, reused or dead-lettered. */
    public long done() { return scored + reused + dlq; }
}
