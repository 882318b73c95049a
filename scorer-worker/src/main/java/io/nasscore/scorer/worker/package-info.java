/**
 * The scorer worker loop: {@link io.nasscore.scorer.worker.ScorerWorker} consumes {@code nas.jobs} in the consumer
 * group {@code nasscore-workers} and scores each job with an injected {@link io.nasscore.scorer.Scorer}. In Kafka
 * transactions it produces the {@code ScoreRecord} to {@code nas.scores}, or the original bytes to
 * {@code nas.jobs.dlq}, together with the consumed offsets.
 *
 * <p>Design decisions, and why:
 * <ul>
 *   <li><b>A poll's records share transactions, bounded in time.</b> One transaction per job costs a few
 *       milliseconds of coordinator round trips (AddOffsetsToTxn, TxnOffsetCommit, EndTxn, the markers): the no-op
 *       pipeline topped out at ~175 jobs/s per worker. The worker now processes the records of a poll in one
 *       transaction, committed when the batch is done or when it has been open for {@code maxTransaction} (1 s),
 *       with {@code sendOffsetsToTransaction} for the records in it; the rest of the batch goes into the next
 *       transaction. Measured in {@code docs/benchmarks.md} ("Pipeline").</li>
 *   <li><b>A transaction never waits for a long scoring.</b> Before each scoring the worker asks whether the open
 *       transaction plus the scoring (estimated from the previous one: its duration, or half the previous estimate
 *       if more) would pass {@code maxTransaction}; if so it commits first. A DJL job (seconds to a minute) thus
 *       gets its own transaction, opened after the scoring and lasting milliseconds, as before batching; and
 *       {@code transaction.timeout.ms} stays short (60 s). A worker that dies in the middle of a batch leaves at
 *       most one short transaction open, which blocks {@code read_committed} readers of {@code nas.scores} only
 *       until the timeout or the restart of its slot. Offsets are committed only in the transaction, so every job
 *       of an uncommitted batch is redelivered.</li>
 *   <li><b>{@code max.poll.records} per scorer; {@code max.poll.interval.ms} = 15 min.</b> All the records of a poll
 *       are scored before the next poll. For the DJL scorer one record per poll: a whole scoring (B = 256, twelve
 *       scores on a CPU: tens of seconds) runs between two polls, with a wide margin, and a worker that is really
 *       stuck is still evicted. For the no-op scorer 2000 ({@code nasscore worker --max-poll-records} overrides).
 *       As a safety net for a too large value, a batch is cut (what is done is committed, the rest rewound and
 *       polled again) once half of {@code max.poll.interval.ms} has passed since the poll. If a worker is evicted
 *       anyway, its commit is refused: the offsets carry the consumer's group metadata. The transaction is then
 *       aborted, and the new owner of the partition scores the jobs. {@code ScorerWorkerTest} checks this with a
 *       zombie worker, {@code BatchTransactionTest} the batches.</li>
 *   <li><b>Bad input never stops the worker.</b> These cases go to the DLQ, in the same transaction as the good
 *       records around them, with a reason code in the {@code nas.error.*} headers: undecodable bytes
 *       ({@code not-single-object}, {@code unknown-schema}, {@code corrupt-body}); an invalid arch, index, dataset,
 *       option or config hash ({@code invalid-content}, stage {@code validate}); a request the scorer refuses (an
 *       {@code IllegalArgumentException}: {@code invalid-content}, stage {@code score}); any other exception while
 *       building or scoring the network ({@code scoring-failed}, stage {@code score}). NaN scores are not errors:
 *       they are marked in the record.</li>
 *   <li><b>A repeated job is answered from memory.</b> A job whose score key this worker computed earlier in its
 *       life, and that does not ask for {@code rescore}, is not scored again. The worker re-publishes its earlier
 *       record with the new job's experiment and run ids. The numbers would be identical, because scoring is
 *       deterministic for a configuration and an architecture. This happens when an experiment is resubmitted
 *       before its scores were visible to the producer's check. The cache is an LRU of 20,000 records, about
 *       20 MB, which holds the whole space for one configuration.</li>
 *   <li><b>Shutdown.</b> {@code shutdown()} (called from the SIGTERM hook of {@code nasscore worker}) wakes the
 *       consumer. The job being scored is finished and committed with the jobs of the batch done before it; the
 *       rest of the batch is rewound (redelivered to the next owner), then the loop returns. Jobs whose
 *       transaction did not commit are redelivered.</li>
 *   <li><b>Worker id.</b> The transactional id is {@code nasscore-worker-<worker id>}. With a stable id for each
 *       slot (for example {@code host-gpu0}), a restarted worker fences its predecessor and aborts any transaction
 *       it left open at once, instead of after {@code transaction.timeout.ms}. The fenced predecessor stops with
 *       an error; its whole uncommitted batch is redone by the successor ({@code BatchTransactionTest}).</li>
 *   <li><b>Producer: {@code linger.ms} = 5, {@code batch.size} = 256 KB, {@code retry.backoff.ms} = 5.</b> The
 *       records of a batch share produce requests; the commit flushes, so the linger adds no latency to a
 *       transaction. Each transaction starts while the broker is still writing the commit markers of the previous
 *       one; its first request is refused with {@code CONCURRENT_TRANSACTIONS} until they are written. The default
 *       100 ms backoff cost about 70 ms per transaction; the retries back off exponentially from this base.</li>
 * </ul>
 */
package io.nasscore.scorer.worker;
