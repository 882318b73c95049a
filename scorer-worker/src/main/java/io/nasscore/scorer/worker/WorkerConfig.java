package io.nasscore.scorer.worker;

import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of a {@link ScorerWorker}.
 *
 * <p><b>Batches and transactions.</b> The worker processes the records of one poll (at most {@link #maxPollRecords})
 * in as few transactions as it can: a transaction is committed when the poll's records are done, or before it would
 * stay open longer than {@link #maxTransaction}. Before each scoring the worker asks whether the open transaction,
 * plus the scoring (estimated from the previous one), would exceed that bound; if so it commits first. A slow scorer
 * (DJL: seconds to a minute per job) therefore commits one job per transaction, opened after the scoring, and
 * the transaction lasts milliseconds; a fast one (the no-op scorer) commits hundreds or thousands of jobs per
 * transaction. The bound is soft: a scoring much slower than the previous one can stretch one transaction by the
 * difference.
 *
 * <p><b>Timeouts.</b> All the records of a poll are scored before the next poll: {@code max.poll.interval.ms} must
 * exceed {@code maxPollRecords} times the slowest job, or the group evicts the worker and reassigns its partitions
 * in the middle of a batch. Hence one record per poll for real scorers ({@link #DEFAULT_MAX_POLL_RECORDS}) and a
 * large poll only for fast ones ({@link #BULK_MAX_POLL_RECORDS}). As a safety net, the worker stops a batch early
 * (commits what is done, rewinds the rest, polls again) once half of {@code max.poll.interval.ms} has gone by since
 * the poll. A job with B = 256 and all twelve scores takes tens of seconds on a CPU, so the default interval is
 * 15 minutes: a wide margin that still evicts a worker that is truly stuck. Liveness of a healthy worker is carried
 * by the consumer's heartbeat thread ({@code session.timeout.ms}), independent of the scoring.
 * {@code transaction.timeout.ms} only has to cover {@link #maxTransaction} plus a commit: 60 seconds by default.
 * Keeping it short matters: a worker that dies inside a transaction leaves it open until that timeout (or until a
 * restart with the same worker id aborts it), and {@code read_committed} readers of nas.scores cannot read past it
 * meanwhile.
 *
 * @param kafka              Kafka client config (bootstrap servers, security), shared by consumer and producer
 * @param groupId            consumer group of the workers (all workers of a deployment share it)
 * @param workerId           names this worker in records, logs and its transactional id
 *                           ({@code nasscore-worker-<workerId>}); give each worker slot a STABLE id (e.g.
 *                           host-gpu0): a restart then fences its predecessor and aborts its open transaction at once
 * @param maxPollRecords     records fetched per poll, i.e. the largest batch ({@value #DEFAULT_MAX_POLL_RECORDS} for
 *                           real scorers: each job gets the whole poll interval; {@value #BULK_MAX_POLL_RECORDS} for
 *                           the no-op scorer)
 * @param maxPollInterval    {@code max.poll.interval.ms}: more than the slowest batch
 * @param transactionTimeout {@code transaction.timeout.ms}: more than {@code maxTransaction} plus a commit
 * @param maxTransaction     how long a transaction may stay open before it is committed (and the rest of the batch
 *                           goes into the next one); less than {@code transactionTimeout}
 * @param progressEvery      how often progress is logged
 * @param reuseCacheSize     score records this worker remembers by score key, to answer a repeated job without
 *                           scoring again (0 = always score)
 * @param catalogue          the topics it reads and writes (default {@link Topics#DEFAULT}); its prefix also
 *                           prefixes the transactional id, so that same-named workers of two pipelines do not fence
 *                           each other (give the group the prefix too: {@link TopicCatalogue#qualify})
 */
public record WorkerConfig(
        Map<String, Object> kafka,
        String groupId,
        String workerId,
        int maxPollRecords,
        Duration maxPollInterval,
        Duration transactionTimeout,
        Duration maxTransaction,
        Duration progressEvery,
        int reuseCacheSize,
        TopicCatalogue catalogue) {

    public static final String DEFAULT_GROUP = "nasscore-workers";
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_TRANSACTION = Duration.ofSeconds(1);
    public static final int DEFAULT_REUSE_CACHE = 20_000;
    /** The worker consumer's {@code session.timeout.ms}: how long a killed worker's partitions wait (default 45 s). */
    public static final int SESSION_TIMEOUT_MS = 10_000;
    /** Records per poll for real scorers (seconds to a minute per job): one job between two polls. */
    public static final int DEFAULT_MAX_POLL_RECORDS = 1;
    /** Records per poll for scorers that take microseconds (the no-op scorer): large batches, few transactions. */
    public static final int BULK_MAX_POLL_RECORDS = 2000;

    public WorkerConfig {
        kafka = Map.copyOf(kafka);
        if (groupId == null || groupId.isBlank()) throw new IllegalArgumentException("consumer group id is empty");
        if (workerId == null || workerId.isBlank()) throw new IllegalArgumentException("worker id is empty");
        if (maxPollRecords < 1) throw new IllegalArgumentException("max poll records must be >= 1, got " + maxPollRecords);
        if (maxPollInterval == null || maxPollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("max poll interval must be >= 1 ms, got " + maxPollInterval);
        }
        if (transactionTimeout == null || transactionTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("transaction timeout must be >= 1 ms, got " + transactionTimeout);
        }
        if (maxTransaction == null || maxTransaction.toMillis() < 1) {
            throw new IllegalArgumentException("max transaction time must be >= 1 ms, got " + maxTransaction);
        }
        if (maxTransaction.compareTo(transactionTimeout) >= 0) {
            throw new IllegalArgumentException("max transaction time (" + maxTransaction.toMillis()
                    + " ms) must be less than the transaction timeout (" + transactionTimeout.toMillis() + " ms)");
        }
        if (progressEvery == null) throw new IllegalArgumentException("progress interval is null");
        if (catalogue == null) throw new IllegalArgumentException("topic catalogue is null");
        if (reuseCacheSize < 0) throw new IllegalArgumentException("reuse cache size must be >= 0, got " + reuseCacheSize);
    }

    /**
     * The defaults: group nasscore-workers, worker id host-pid, one record per poll (right for real scorers; see
     * {@link #withMaxPollRecords}), poll interval 15 min, transaction timeout 60 s, transactions of at most 1 s,
     * progress every 10 s.
     */
    public static WorkerConfig of(Map<String, Object> kafka) {
        return new WorkerConfig(kafka, DEFAULT_GROUP, defaultWorkerId(), DEFAULT_MAX_POLL_RECORDS, DEFAULT_MAX_POLL_INTERVAL,
                DEFAULT_TRANSACTION_TIMEOUT, DEFAULT_MAX_TRANSACTION, Duration.ofSeconds(10), DEFAULT_REUSE_CACHE, Topics.DEFAULT);
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
        return new WorkerConfig(kafka, g, workerId, maxPollRecords, maxPollInterval, transactionTimeout, maxTransaction, progressEvery, reuseCacheSize, catalogue);
    }

    public WorkerConfig withWorkerId(String w) {
        return new WorkerConfig(kafka, groupId, w, maxPollRecords, maxPollInterval, transactionTimeout, maxTransaction, progressEvery, reuseCacheSize, catalogue);
    }

    public WorkerConfig withMaxPollRecords(int n) {
        return new WorkerConfig(kafka, groupId, workerId, n, maxPollInterval, transactionTimeout, maxTransaction, progressEvery, reuseCacheSize, catalogue);
    }

    public WorkerConfig withProgressEvery(Duration d) {
        return new WorkerConfig(kafka, groupId, workerId, maxPollRecords, maxPollInterval, transactionTimeout, maxTransaction, d, reuseCacheSize, catalogue);
    }

    public WorkerConfig withReuseCacheSize(int n) {
        return new WorkerConfig(kafka, groupId, workerId, maxPollRecords, maxPollInterval, transactionTimeout, maxTransaction, progressEvery, n, catalogue);
    }

    /** Bounds how long a transaction stays open (must be less than the transaction timeout). */
    public WorkerConfig withMaxTransaction(Duration d) {
        return new WorkerConfig(kafka, groupId, workerId, maxPollRecords, maxPollInterval, transactionTimeout, d, progressEvery, reuseCacheSize, catalogue);
    }

    public WorkerConfig withTimeouts(Duration pollInterval, Duration txTimeout) {
        return new WorkerConfig(kafka, groupId, workerId, maxPollRecords, pollInterval, txTimeout, maxTransaction, progressEvery, reuseCacheSize, catalogue);
    }

    public WorkerConfig withCatalogue(TopicCatalogue c) {
        return new WorkerConfig(kafka, groupId, workerId, maxPollRecords, maxPollInterval, transactionTimeout, maxTransaction, progressEvery, reuseCacheSize, c);
    }

    /** The transactional id of this worker's producer, in the catalogue's namespace. */
    public String transactionalId() { return catalogue.qualify("nasscore-worker-" + workerId); }
}
