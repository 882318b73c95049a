/**
 * The scorer worker loop: {@link io.nasscore.scorer.worker.ScorerWorker} consumes {@code nas.jobs} in the consumer
 * group {@code nasscore-workers} and scores each job with an injected {@link io.nasscore.scorer.Scorer}. In one
 * transaction per job it produces the {@code ScoreRecord} to {@code nas.scores}, or the original bytes to
 * {@code nas.jobs.dlq}, together with the consumed offset.
 *
 * <p>Design decisions, and why:
 * <ul>
 *   <li><b>One job per transaction, and the transaction opens after the scoring.</b> The scoring is the long part,
 *       and nothing in it needs the transaction. The transaction then lasts milliseconds, and
 *       {@code transaction.timeout.ms} stays short (60 s). A worker that dies in the middle of a job leaves no
 *       open transaction that would block {@code read_committed} readers of {@code nas.scores}. The job's offset
 *       was never committed, so the job is redelivered.</li>
 *   <li><b>{@code max.poll.interval.ms} = 15 min and {@code max.poll.records} = 1.</b> A whole scoring (B = 256,
 *       twelve scores on a CPU: tens of seconds) runs between two polls. The margin is wide, and a worker that is
 *       really stuck is still evicted. If a worker is evicted anyway, its commit is refused: the offsets carry the
 *       consumer's group metadata. The transaction is then aborted, and the new owner of the partition scores the
 *       job. {@code ScorerWorkerTest} checks this with a zombie worker.</li>
 *   <li><b>Bad input never stops the worker.</b> These cases go to the DLQ with a reason code in the
 *       {@code nas.error.*} headers: undecodable bytes ({@code not-single-object}, {@code unknown-schema},
 *       {@code corrupt-body}); an invalid arch, index, dataset, option or config hash ({@code invalid-content},
 *       stage {@code validate}); a request the scorer refuses (an {@code IllegalArgumentException}:
 *       {@code invalid-content}, stage {@code score}); any other exception while building or scoring the network
 *       ({@code scoring-failed}, stage {@code score}). NaN scores are not errors: they are marked in the record.</li>
 *   <li><b>A repeated job is answered from memory.</b> A job whose score key this worker computed earlier in its
 *       life, and that does not ask for {@code rescore}, is not scored again. The worker re-publishes its earlier
 *       record with the new job's experiment and run ids. The numbers would be identical, because scoring is
 *       deterministic for a configuration and an architecture. This happens when an experiment is resubmitted
 *       before its scores were visible to the producer's check. The cache is an LRU of 20,000 records, about
 *       20 MB, which holds the whole space for one configuration.</li>
 *   <li><b>Shutdown.</b> {@code shutdown()} (called from the SIGTERM hook of {@code nasscore worker}) wakes the
 *       consumer. The job being scored is finished and committed, then the loop returns. A job whose transaction
 *       did not commit is redelivered.</li>
 *   <li><b>Worker id.</b> The transactional id is {@code nasscore-worker-<worker id>}. With a stable id for each
 *       slot (for example {@code host-gpu0}), a restarted worker fences its predecessor and aborts any transaction
 *       it left open at once, instead of after {@code transaction.timeout.ms}.</li>
 *   <li><b>{@code retry.backoff.ms} = 5.</b> Each transaction starts while the broker is still writing the commit
 *       markers of the previous one. Its first request is refused with {@code CONCURRENT_TRANSACTIONS} until the
 *       markers are written. The default 100 ms backoff cost about 70 ms per job; the retries back off
 *       exponentially from this base.</li>
 * </ul>
 */
package io.nasscore.scorer.worker;
