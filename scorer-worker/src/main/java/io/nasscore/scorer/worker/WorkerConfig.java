package io.nasscore.scorer.worker;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of a {@link ScorerWorker}.
 *
 * <p><b>Timeouts.</b> One job is scored between two polls: {@code max.poll.interval.ms} must exceed the slowest job,
 * or the group evicts the worker and reassigns its partitions in the middle of a scoring. A job with B = 256 and all
 * twelve scores takes tens of seconds on a CPU (network construction plus four forward/backward passes), so the
 * default is 15 minutes: a wide margin that still evicts a worker that is truly stuck. Liveness of a healthy worker
 * is carried by the consumer's heartbeat thread ({@code session.timeout.ms}), independent of the scoring.
 * The transaction is opened only AFTER the scoring (produce the record, send the offset, commit: milliseconds), so
 * {@code transaction.timeout.ms} does not have to cover a scoring: 60 seconds by default. Keeping it short matters:
 * a worker that dies inside a transaction leaves it open until that timeout (or until a restart with the same
 * worker id aborts it), and {@code read_committed} readers of nas.scores cannot read past it meanwhile.
 *
 * @param kafka              Kafka client config (bootstrap servers, security), shared by consumer and producer
 * @param groupId            consumer group of the workers (all workers of a deployment share it)
 * @param workerId           names this worker in records, logs and its transactional id
 *                           ({@code nasscore-worker-<workerId>}); give each worker slot a STABLE id (e.g.
 *                           host-gpu0): a restart then fences its predecessor and aborts its open transaction at once
 * @param maxPollRecords     records fetched per poll (1 for real scorers: each job gets the whole poll interval)
 * @param maxPollInterval    {@code max.poll.interval.ms}: more than the slowest job
 * @param transactionTimeout {@code transaction.timeout.ms}: produce + commit of one job
 * @param progressEvery      how often progress is logged
 * @param reuseCacheSize     score records this worker remembers by score key, to answer a repeated job without
 *                           scoring again (0 = always score)
 */
public record WorkerConfig(
        Map<String, Object> kafka,
        String groupId,
        String workerId,
        int maxPollRecords,
        Duration maxPollInterval,
        Duration transactionTimeout,
        Duration progressEvery,
        int reuseCacheSize) {

    public static final String DEFAULT_GROUP = "nasscore-workers";
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_REUSE_CACHE = 20_000;

    public WorkerConfig {
        kafka = Map.copyOf(kafka);
        if (groupId == null || groupId.isBlank()) throw new IllegalArgumentException("consumer group id is empty");
        if (workerId == null || workerId.isBlank()) throw new IllegalArgumentException("worker id is empty");
        if (maxPollRecords < 1) throw new IllegalArgumentException("max poll records must be >= 1, got " + maxPollRecords);
        if (reuseCacheSize < 0) throw new IllegalArgumentException("reuse cache size must be >= 0, got " + reuseCacheSize);
    }

    /** The defaults: group nasscore-workers, worker id host-pid, one record per poll, 15 min / 60 s, progress every 10 s. */
    public static WorkerConfig of(Map<String, Object> kafka) {
        return new WorkerConfig(kafka, DEFAULT_GROUP, defaultWorkerId(), 1, DEFAULT_MAX_POLL_INTERVAL,
                DEFAULT_TRANSACTION_TIMEOUT, Duration.ofSeconds(10), DEFAULT_REUSE_CACHE);
    }

    /** {@code <host>-<pid>}: unique, but not stable across restarts (see {@link #workerId}). */
    public static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        return host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + ProcessHandle.current().pid();
    }

    public WorkerConfig withGroupId(String g) {
        return new WorkerConfig(kafka, g, workerId, maxPollRecords, maxPollInterval, transactionTimeout, progressEvery, reuseCacheSize);
    }

    public WorkerConfig withWorkerId(String w) {
        return new WorkerConfig(kafka, groupId, w, maxPollRecords, maxPollInterval, transactionTimeout, progressEvery, reuseCacheSize);
    }

    public WorkerConfig withMaxPollRecords(int n) {
        return new WorkerConfig(kafka, groupId, workerId, n, maxPollInterval, transactionTimeout, progressEvery, reuseCacheSize);
    }

    public WorkerConfig withProgressEvery(Duration d) {
        return new WorkerConfig(kafka, groupId, workerId, maxPollRecords, maxPollInterval, transactionTimeout, d, reuseCacheSize);
    }

    public WorkerConfig withReuseCacheSize(int n) {
        return new WorkerConfig(kafka, groupId, workerId, maxPollRecords, maxPollInterval, transactionTimeout, progressEvery, n);
    }

    public WorkerConfig withTimeouts(Duration pollInterval, Duration txTimeout) {
        return new WorkerConfig(kafka, groupId, workerId, maxPollRecords, pollInterval, txTimeout, progressEvery, reuseCacheSize);
    }

    /** The transactional id of this worker's producer. */
    public String transactionalId() { return "nasscore-worker-" + workerId; }
}
