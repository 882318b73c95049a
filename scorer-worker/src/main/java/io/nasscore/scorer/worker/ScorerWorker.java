package io.nasscore.scorer.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.schemas.BadRecordException;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.scorer.Scorer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A scorer worker: one member of the consumer group {@link WorkerConfig#groupId()} running the transactional
 * consume–score–produce loop on one thread (DJL allows one gradient collector per process: scale with processes).
 *
 * <p>For each record of {@code nas.jobs} (values read as raw bytes, so that anything undecodable can be routed):
 * <ol>
 *   <li>decode it ({@code AvroSerde}) and validate it ({@code Convert.request}: arch string and index, dataset,
 *       options, config hash, score names);</li>
 *   <li>score it with the injected {@link Scorer} (or, for a job without {@code rescore} whose score key this worker
 *       already computed, reuse that result: same key, same numbers, the job's experiment and run ids);</li>
 *   <li>in a transaction: the {@link ScoreRecord} (key = score key) to {@code nas.scores}, or the original key and
 *       bytes to {@code nas.jobs.dlq} with the reason in {@link DlqHeaders}; then, before the commit, the consumed
 *       offsets ({@code sendOffsetsToTransaction} with the consumer's group metadata, so a worker that lost its
 *       partitions is fenced).</li>
 * </ol>
 * The records of one poll share transactions: one is committed when the poll's records are done, when it has been
 * open for {@link WorkerConfig#maxTransaction()}, or before a scoring that would keep it open longer (estimated from
 * the previous scoring). A real scorer (seconds per job) thus gets one job per transaction, opened after its
 * scoring; the no-op scorer thousands. Anything that cannot be scored (undecodable bytes, an invalid arch string or
 * index, an unknown dataset or option, a configuration the scorer rejects, an exception while building or scoring
 * the network) goes to the DLQ in the batch's transaction and the worker goes on. A transaction that fails is
 * aborted, the consumer is rewound to its first record, and its jobs and the rest of the batch are processed again
 * (counted in {@link Counters#failed()}): a job is never lost, and read_committed readers never see it twice. Fatal
 * producer errors (fenced by a newer worker with the same id, authorization) stop the worker with a
 * {@link KafkaException}; the open transaction is then aborted by the broker (at once when the successor with the
 * same id starts) and its jobs are redelivered.
 *
 * <p>Shutdown: {@link #shutdown()} (any thread, e.g. a SIGTERM hook) wakes the consumer; the job being scored is
 * finished, the jobs of the batch done so far are committed, the rest of the batch is left to the next poll (of the
 * next owner of the partition), then the loop returns. Jobs whose transaction never committed (the process was
 * killed) are redelivered to the next owner of their partition.
 *
 * <p>Thread-safety: {@link #runUntil} runs on one thread at a time; {@link #shutdown()}, {@link #counters()} and
 * {@link #close()} may be called from any thread. The scorer is not closed by the worker (its creator owns it).
 */
public final class ScorerWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScorerWorker.class);
    /** Log context keys (MDC) while a job is handled; `worker --log-format json` writes them on every line. */
    public static final String MDC_WORKER_ID = "worker_id";
    public static final String MDC_JOB_ID = "job_id";
    public static final String MDC_EXPERIMENT = "experiment";
    public static final String MDC_CONFIG_HASH = "config_hash";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);
    /** Longest error message kept in a DLQ header (the full one is in the worker's log). */
    private static final int MAX_MESSAGE = 4000;

    private final WorkerConfig config;
    private final Scorer scorer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, ScoreRecord> reuse;
    private final ReentrantLock loop = new ReentrantLock();

    private volatile boolean stopRequested;
    private volatile boolean assigned;
    private volatile boolean closed;
    private boolean initialised;
    private final WorkerHealth health;
    private volatile WorkerMetrics metrics;

    private volatile long seen;
    private volatile long scored;
    private volatile long reused;
    private volatile long dlq;
    private volatile long failed;
    private volatile long transactions;
    private volatile long lag = -1;
    private volatile long startNanos;
    private volatile long lastActivityNanos;
    private long lastProgressNanos;
    private long lastProgressDone;

    // the open transaction (loop thread only)
    private boolean txOpen;
    private long txStartNanos;
    private final Map<TopicPartition, OffsetAndMetadata> txOffsets = new HashMap<>();
    private int pendingScored;
    private int pendingReused;
    private int pendingDlq;
    private final List<DeadNote> pendingDead = new ArrayList<>();
    /** Expected duration of the next scoring (see {@link #score}). */
    private long scoreEstimateNanos;

    /** A worker on the given settings; it connects on the first {@link #runUntil}. */
    public ScorerWorker(WorkerConfig config, Scorer scorer) {
        this.config = config;
        this.scorer = scorer;
        this.consumer = new KafkaConsumer<>(consumerConfig(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            this.producer = new KafkaProducer<>(producerConfig(config), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        int cap = config.reuseCacheSize();
        this.reuse = new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<String, ScoreRecord> e) { return size() > cap; }
        };
        long now = System.nanoTime();
        this.startNanos = now;
        this.lastActivityNanos = now;
        this.health = new WorkerHealth(config, consumer, () -> lastActivityNanos);
    }

    static Map<String, Object> consumerConfig(WorkerConfig c) {
        Map<String, Object> m = new HashMap<>(c.kafka());
        m.put(ConsumerConfig.GROUP_ID_CONFIG, c.groupId());
        m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        m.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, c.maxPollRecords());
        m.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) c.maxPollInterval().toMillis());
        m.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "nasscore-worker-" + c.workerId() + "-consumer");
        // A killed worker keeps its partitions until the group gives up on its heartbeats: 10 s instead of the
        // default 45 s. Heartbeats come from the consumer's own thread, so a long scoring does not count against it
        // (max.poll.interval.ms covers that); the cost is that a JVM frozen over 10 s (GC, a SIGSTOP, a swapping
        // host) loses its partitions and its transaction is fenced. Not static membership: it only helps when a
        // successor with the same id comes back, and a dead worker nobody restarts would still stall its partitions
        // for the whole session timeout (docs/reliability.md). The consumer group protocol (KIP-848) sets the
        // timeout on the broker: leave it alone there.
        if (!"consumer".equalsIgnoreCase(String.valueOf(m.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            m.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, WorkerConfig.SESSION_TIMEOUT_MS);
            m.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, WorkerConfig.SESSION_TIMEOUT_MS / 3);
        }
        return m;
    }

    static Map<String, Object> producerConfig(WorkerConfig c) {
        Map<String, Object> m = new HashMap<>(c.kafka());
        m.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, c.transactionalId());
        m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        m.put(ProducerConfig.ACKS_CONFIG, "all");
        m.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) c.transactionTimeout().toMillis());
        // KAFKA-15591, as for the publishers (JobPublisher.producerConfig): a worker's first transaction can follow
        // the creation of nas.scores at once; a pipelined request accepted while the first got NOT_LEADER turns every
        // retry into OUT_OF_ORDER_SEQUENCE_NUMBER and aborts the transaction. One request per broker carries the whole
        // transaction's records anyway (256 KB batches, every partition the broker leads).
        m.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // A batch of jobs shares a transaction: let its records share produce requests (256 KB: hundreds of score
        // records). The linger costs nothing at the end of a transaction: the commit flushes at once. Compression
        // stays off unless the Kafka config sets it: lz4 made no measurable difference on the benchmark machine.
        m.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        m.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // Each transaction starts while the broker still writes the previous commit markers, and its first request
        // is refused with CONCURRENT_TRANSACTIONS until they are written (~10 ms on a local broker). The default
        // 100 ms backoff made that wait ~70 ms per transaction; retries back off exponentially (up to
        // retry.backoff.max.ms, 1 s) so a small base costs nothing when the broker is really unavailable.
        m.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
        m.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "nasscore-worker-" + c.workerId() + "-producer");
        return m;
    }

    public String workerId() { return config.workerId(); }

    public WorkerConfig config() { return config; }

    /** The counters now. */
    public Counters counters() {
        long now = System.nanoTime();
        return new Counters(seen, scored, reused, dlq, failed, transactions, lag, Duration.ofNanos(now - startNanos),
                Duration.ofNanos(now - lastActivityNanos));
    }

    /**
     * Registers this worker's meters (docs/operations.md): job counters, pass and job timers, the lag of its
     * partitions of nas.jobs, and its Kafka clients' metrics. Call once, before running.
     */
    public void bindTo(MeterRegistry registry) {
        if (metrics != null) throw new IllegalStateException("worker " + config.workerId() + ": metrics already bound");
        metrics = new WorkerMetrics(registry, this, consumer, producer);
    }

    /**
     * Why this worker cannot take jobs now, or null when it can: it has joined the group (with or without partitions)
     * and hears from the group coordinator; not while starting, after a fatal error (fenced by another worker with
     * the same id, authorization), while shutting down, or when the last heartbeat is older than the session timeout
     * (the broker is unreachable). Cheap and thread-safe (for health probes).
     */
    public String notReady() { return health.notReady(); }

    /**
     * Why this worker's loop is not alive, or null when it is: a fatal error stopped it, or it has neither polled nor
     * finished a job for longer than max.poll.interval.ms (the group has dropped it). Thread-safe.
     */
    public String notLive() { return health.notLive(); }

    /** Runs until {@link #shutdown()} or {@link #close()}. */
    public Counters run() {
        return runUntil(c -> false);
    }

    /**
     * Runs the loop until {@code stop} holds or {@link #shutdown()} is called; may be called again afterwards (unless
     * shut down) to go on. {@code stop} is tested before every poll, and after every record against the counters
     * as they will be once the open transaction commits (so {@code done() >= n} stops after exactly n jobs): when it
     * holds in the middle of a batch, the jobs done so far are committed and the rest of the batch is left to the
     * next poll (of this worker or of the next owner of the partition).
     *
     * @return the counters when it returned
     * @throws KafkaException on a fatal error (fenced by another worker with the same id, authorization, ...)
     */
    public Counters runUntil(Predicate<Counters> stop) {
        loop.lock();
        try {
            if (closed) throw new IllegalStateException("worker " + config.workerId() + " is closed");
            MDC.put(MDC_WORKER_ID, config.workerId()); // for the JSON log lines of `worker --log-format json`
            start();
            while (!stopRequested && !stop.test(counters())) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    continue; // the loop condition decides
                } catch (InterruptException e) {
                    stopRequested = true;
                    break;
                }
                health.polled();
                updateLag();
                if (!records.isEmpty()) {
                    List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>(records.count());
                    records.forEach(list::add);
                    try {
                        processBatch(list, stop);
                    } catch (RuntimeException | Error e) {
                        abandon(e);
                        throw e;
                    }
                }
                progress(false);
            }
            progress(true);
            return counters();
        } finally {
            clearJobContext();
            MDC.remove(MDC_WORKER_ID);
            loop.unlock();
        }
    }

    /**
     * Asks the loop to return after the current job, the jobs of the batch done so far committed (thread-safe;
     * wakes a blocked poll).
     */
    public void shutdown() {
        stopRequested = true;
        health.stopping();
        consumer.wakeup();
    }

    /** Whether the group has given this worker partitions of nas.jobs (it is ready to take jobs). */
    public boolean hasPartitions() { return assigned; }

    /** Whether {@link #shutdown()} was called. */
    public boolean isShutdown() { return stopRequested; }

    /** Shuts down, waits for the loop to return, leaves the group and closes the clients (not the scorer). */
    @Override
    public void close() {
        shutdown();
        loop.lock();
        try {
            if (closed) return;
            closed = true;
            health.closed();
            if (metrics != null) metrics.close();
            try {
                consumer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                log.warn("worker {}: closing the consumer: {}", config.workerId(), e.toString());
            }
            try {
                producer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                log.warn("worker {}: closing the producer: {}", config.workerId(), e.toString());
            }
        } finally {
            loop.unlock();
        }
    }

    // ---------------------------------------------------------------- the loop

    private void start() {
        if (initialised) return;
        producer.initTransactions();
        consumer.subscribe(List.of(config.catalogue().jobs().name()), new ConsumerRebalanceListener() {
            @Override public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                if (!parts.isEmpty()) log.info("worker {}: partitions revoked {}", config.workerId(), parts);
                assigned = false;
            }

            @Override public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                if (!parts.isEmpty()) log.info("worker {}: partitions assigned {}", config.workerId(), parts);
                assigned = !consumer.assignment().isEmpty();
                health.joined(true); // called after every join, also with no partition for this worker
            }

            @Override public void onPartitionsLost(Collection<TopicPartition> parts) {
                log.warn("worker {}: partitions lost {}", config.workerId(), parts);
                assigned = false;
                health.joined(false);
            }
        });
        initialised = true;
        health.started();
        long now = System.nanoTime();
        startNanos = now;
        lastActivityNanos = now;
        lastProgressNanos = now;
        log.info("worker {} started: group {}, scorer on {} ({}), transactional id {}", config.workerId(), config.groupId(),
                scorer.device(), scorer.engineVersion(), config.transactionalId());
    }

    /**
     * The records of one poll, in as few transactions as the bounds allow. The transaction opens with the first
     * record sent (after its scoring) and is committed: when the batch is done; when it has been open for
     * {@link WorkerConfig#maxTransaction()}; before a scoring that would keep it open past that bound (estimated
     * from the previous scorings); when the worker is asked to stop. A failed transaction is aborted and the
     * consumer rewound to its first record: those jobs, and the rest of the batch, are polled again.
     */
    private void processBatch(List<ConsumerRecord<byte[], byte[]>> list, Predicate<Counters> stop) {
        long polledAt = System.nanoTime();
        long pollBudget = config.maxPollInterval().toNanos() / 2;
        long maxTx = config.maxTransaction().toNanos();
        int first = 0; // index of the first record of the open transaction (or of the next one to process)
        for (int i = 0; i < list.size(); i++) {
            ConsumerRecord<byte[], byte[]> rec = list.get(i);
            if (i > 0 && System.nanoTime() - polledAt + scoreEstimateNanos > pollBudget) {
                // safety net for a too large max.poll.records: poll again before the group evicts this worker
                log.info("worker {}: {} of {} polled job(s) done in {} ms, committing and polling again well before "
                        + "max.poll.interval.ms ({} ms)", config.workerId(), i, list.size(),
                        (System.nanoTime() - polledAt) / 1_000_000L, config.maxPollInterval().toMillis());
                if (commit(list, first)) rewind(list.subList(i, list.size()));
                return;
            }
            seen++;
            clearJobContext();
            Outcome out = prepare(rec);
            if (out.kind == Kind.TO_SCORE) {
                if (txOpen && System.nanoTime() - txStartNanos + scoreEstimateNanos > maxTx) {
                    // the scoring would keep the transaction open too long: commit what is done first
                    if (!commit(list, first)) return;
                    first = i;
                }
                out = score(rec, out);
            }
            if (!send(rec, out, list, first)) return;
            clearJobContext(); // the commit's lines below may cover several jobs
            if (stopRequested || stop.test(pendingView())) {
                if (commit(list, first)) rewind(list.subList(i + 1, list.size()));
                return;
            }
            if (System.nanoTime() - txStartNanos >= maxTx) {
                if (!commit(list, first)) return;
                first = i + 1;
            }
        }
        commit(list, first);
    }

    /** The job keys of the log context: set while a job is handled, cleared before the next. */
    private static void clearJobContext() {
        MDC.remove(MDC_JOB_ID);
        MDC.remove(MDC_EXPERIMENT);
        MDC.remove(MDC_CONFIG_HASH);
    }

    /** Adds one outcome to the transaction, opening it if needed. False when it failed (aborted and rewound). */
    private boolean send(ConsumerRecord<byte[], byte[]> rec, Outcome out, List<ConsumerRecord<byte[], byte[]>> batch,
            int first) {
        try {
            if (!txOpen) {
                producer.beginTransaction();
                txOpen = true;
                txStartNanos = System.nanoTime();
            }
            producer.send(out.record);
        } catch (KafkaException e) {
            abort(e, batch, first);
            return false;
        }
        txOffsets.put(new TopicPartition(rec.topic(), rec.partition()), new OffsetAndMetadata(rec.offset() + 1));
        lastActivityNanos = System.nanoTime();
        switch (out.kind) {
            case SCORED -> pendingScored++;
            case REUSED -> pendingReused++;
            case DLQ -> {
                pendingDlq++;
                pendingDead.add(new DeadNote(out.jobId, rec.partition(), rec.offset(), out.reason, out.message));
            }
            default -> throw new IllegalStateException("unscored outcome " + out.kind);
        }
        if (out.kind != Kind.DLQ && log.isDebugEnabled()) {
            log.debug("worker {}: job {} {} in {} ms", config.workerId(), out.jobId,
                    out.kind == Kind.SCORED ? "scored" : "reused", (System.nanoTime() - out.startNanos) / 1_000_000);
        }
        return true;
    }

    /**
     * Commits the open transaction (if any) with the offsets of its records. False when it failed: it was aborted
     * and the consumer rewound to {@code batch[first]}, so those jobs and the rest of the batch are polled again.
     */
    private boolean commit(List<ConsumerRecord<byte[], byte[]>> batch, int first) {
        if (!txOpen) return true;
        try {
            producer.sendOffsetsToTransaction(txOffsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (KafkaException e) {
            abort(e, batch, first);
            return false;
        }
        txOpen = false;
        transactions++;
        scored += pendingScored;
        reused += pendingReused;
        dlq += pendingDlq;
        for (DeadNote d : pendingDead) {
            if (metrics != null) metrics.deadLettered(d.reason);
            log.warn("worker {}: {} (partition {} offset {}) sent to {}: {} ({})", config.workerId(),
                    d.jobId == null ? "record" : "job " + d.jobId, d.partition, d.offset, config.catalogue().jobsDlq().name(),
                    d.reason, d.message);
        }
        clearPending();
        return true;
    }

    /** Aborts the open transaction and rewinds to its first record; rethrows what this worker cannot survive. */
    private void abort(KafkaException e, List<ConsumerRecord<byte[], byte[]>> batch, int first) {
        if (fatal(e)) {
            stopRequested = true;
            txOpen = false;
            clearPending();
            String reason = "worker " + config.workerId() + " cannot go on: " + e.getMessage()
                    + (fencedBySameId(e) ? " (another worker runs with the same worker id " + config.workerId() + ")" : "");
            health.fatal(reason);
            throw new KafkaException(reason, e);
        }
        failed++;
        List<ConsumerRecord<byte[], byte[]>> undone = batch.subList(first, batch.size());
        log.warn("worker {}: transaction of {} job(s) failed, aborted; they will be redone with the {} after them "
                + "(from {}): {}", config.workerId(), pendingScored + pendingReused + pendingDlq,
                undone.size() - (pendingScored + pendingReused + pendingDlq), firstOffsets(undone), e.toString());
        txOpen = false;
        clearPending();
        try {
            producer.abortTransaction();
        } catch (KafkaException fatal) {
            stopRequested = true;
            String reason = "worker " + config.workerId() + " cannot abort its transaction: " + fatal.getMessage()
                    + (fencedBySameId(fatal) ? " (another worker runs with the same worker id " + config.workerId() + ")" : "");
            health.fatal(reason);
            throw new KafkaException(reason, fatal);
        }
        rewind(undone);
        sleep(RETRY_BACKOFF);
    }

    /**
     * After an unexpected error in a batch: aborts the open transaction (best effort; the broker aborts it anyway
     * after transaction.timeout.ms) and stops the worker. The batch's offsets were not committed: it is redelivered.
     */
    private void abandon(Throwable e) {
        stopRequested = true;
        health.fatal("worker " + config.workerId() + " stopped on an unexpected error: " + e);
        if (txOpen) {
            log.error("worker {}: unexpected error in a batch, aborting its transaction of {} job(s): {}", config.workerId(),
                    pendingScored + pendingReused + pendingDlq, e.toString());
            txOpen = false;
            clearPending();
            try {
                producer.abortTransaction();
            } catch (RuntimeException ignored) {
                // fatal state or fenced: the broker aborts it
            }
        }
    }

    private void clearPending() {
        txOffsets.clear();
        pendingScored = 0;
        pendingReused = 0;
        pendingDlq = 0;
        pendingDead.clear();
    }

    /** Errors after which this producer cannot go on (also when wrapped in another KafkaException). */
    private static boolean fatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof OutOfOrderSequenceException
                    || t instanceof UnsupportedVersionException || t instanceof AuthorizationException
                    || t instanceof AuthenticationException || t instanceof FencedInstanceIdException) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    private static boolean fencedBySameId(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ProducerFencedException) return true;
        }
        return false;
    }

    /** The counters as they will be once the open transaction commits (for the stop condition). */
    private Counters pendingView() {
        long now = System.nanoTime();
        return new Counters(seen, scored + pendingScored, reused + pendingReused, dlq + pendingDlq, failed, transactions,
                lag, Duration.ofNanos(now - startNanos), Duration.ofNanos(now - lastActivityNanos));
    }

    private static String firstOffsets(List<ConsumerRecord<byte[], byte[]>> recs) {
        Map<Integer, Long> first = new java.util.TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : recs) first.merge(r.partition(), r.offset(), Math::min);
        StringBuilder b = new StringBuilder();
        first.forEach((p, o) -> b.append(b.length() == 0 ? "" : ", ").append("partition ").append(p).append(" offset ").append(o));
        return b.toString();
    }

    private record DeadNote(String jobId, int partition, long offset, String reason, String message) {}

    private enum Kind { TO_SCORE, SCORED, REUSED, DLQ }

    /** What becomes of a record: TO_SCORE (decoded and valid, scoring pending) or the record to send. */
    private record Outcome(Kind kind, ProducerRecord<byte[], byte[]> record, String jobId, String reason, String message,
            long startNanos, ScoringJob job, ScoreRequest request, String scoreKey) {
        Outcome(Kind kind, ProducerRecord<byte[], byte[]> record, String jobId, String reason, String message, long startNanos) {
            this(kind, record, jobId, reason, message, startNanos, null, null, null);
        }
    }

    /**
     * Decodes and validates one record, and answers a repeated job from the reuse cache: the outcome to send, or
     * {@code TO_SCORE}. Never throws for bad input (that is a DLQ outcome).
     */
    private Outcome prepare(ConsumerRecord<byte[], byte[]> rec) {
        long t0 = System.nanoTime();
        String topic = rec.topic();
        ScoringJob job;
        try {
            job = Topics.JOBS.valueSerde().deserializer().deserialize(topic, rec.value());
            if (job == null) {
                return dead(rec, null, "invalid-content", "deserialize", "empty value (a tombstone): no job to score", null, t0);
            }
        } catch (BadRecordException e) {
            return dead(rec, null, e.reason().code(), "deserialize", e.getMessage(), e, t0);
        } catch (RuntimeException e) {
            return dead(rec, null, BadRecordException.Reason.CORRUPT_BODY.code(), "deserialize", describe(e), e, t0);
        }
        String jobId = job.getJobId();
        MDC.put(MDC_JOB_ID, jobId);
        MDC.put(MDC_EXPERIMENT, job.getExperiment());
        ScoreRequest request;
        String scoreKey;
        try {
            request = Convert.request(job);
            scoreKey = Keys.score(request.config(), request.index());
            MDC.put(MDC_CONFIG_HASH, request.config().hash());
        } catch (RuntimeException e) {
            return dead(rec, jobId, BadRecordException.Reason.INVALID_CONTENT.code(), "validate", describe(e), e, t0);
        }
        if (!job.getRescore()) {
            ScoreRecord earlier = reuse.get(scoreKey);
            if (earlier != null && Convert.holdsEvery(earlier, request.scores())) {
                ScoreRecord out = ScoreRecord.newBuilder(earlier).setExperiment(job.getExperiment()).setJobId(jobId)
                        .setRunIds(job.getRunIds()).build();
                return encode(rec, job, out, Kind.REUSED, t0);
            }
        }
        return new Outcome(Kind.TO_SCORE, null, jobId, null, null, t0, job, request, scoreKey);
    }

    /** Scores a prepared job; never throws for bad input or a failing scorer (that is a DLQ outcome). */
    private Outcome score(ConsumerRecord<byte[], byte[]> rec, Outcome prepared) {
        ScoringJob job = prepared.job;
        String jobId = prepared.jobId;
        long t0 = prepared.startNanos;
        ScoreResult result;
        long s0 = System.nanoTime();
        try {
            result = scorer.score(prepared.request);
        } catch (IllegalArgumentException e) {
            // the scorer refuses this request (e.g. an image source it cannot open, minmax without calibration)
            return dead(rec, jobId, BadRecordException.Reason.INVALID_CONTENT.code(), "score",
                    "job " + jobId + ": " + describe(e), e, t0);
        } catch (RuntimeException | StackOverflowError e) {
            return dead(rec, jobId, "scoring-failed", "score", "job " + jobId + " (arch " + job.getArchIndex()
                    + "): " + describe(e), e, t0);
        } finally {
            // the next scoring is assumed to take as long as this one, or half the previous estimate if more: a
            // fast failure after slow scorings does not make the worker hold a transaction over the next one
            long took = System.nanoTime() - s0;
            scoreEstimateNanos = Math.max(took, scoreEstimateNanos / 2);
        }
        if (metrics != null) metrics.scored(result);
        ScoreRecord out;
        try {
            out = Convert.scoreRecord(job, result, config.workerId(), scorer.engineVersion(), Instant.now());
            if (config.reuseCacheSize() > 0) reuse.put(prepared.scoreKey, out);
        } catch (RuntimeException e) {
            return dead(rec, jobId, "scoring-failed", "produce", "job " + jobId + ": cannot build its score record: "
                    + describe(e), e, t0);
        }
        return encode(rec, job, out, Kind.SCORED, t0);
    }

    private Outcome encode(ConsumerRecord<byte[], byte[]> rec, ScoringJob job, ScoreRecord out, Kind kind, long t0) {
        String jobId = job.getJobId();
        byte[] value;
        try {
            value = config.catalogue().scores().valueSerde().serializer().serialize(config.catalogue().scores().name(), out);
        } catch (RuntimeException e) {
            return dead(rec, jobId, "scoring-failed", "produce", "job " + jobId + ": cannot encode its score record: "
                    + describe(e), e, t0);
        }
        ProducerRecord<byte[], byte[]> pr = new ProducerRecord<>(config.catalogue().scores().name(),
                out.getScoreKey().getBytes(StandardCharsets.UTF_8), value);
        return new Outcome(kind, pr, jobId, null, null, t0);
    }

    private Outcome dead(ConsumerRecord<byte[], byte[]> rec, String jobId, String reason, String stage, String message,
            Throwable error, long t0) {
        Headers h = new RecordHeaders();
        for (Header original : rec.headers()) h.add(original);
        String msg = message != null && message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
        for (Header d : DlqHeaders.of(reason, msg, stage, rec.topic(), rec.partition(), rec.offset(), Instant.now(),
                config.workerId(), error)) {
            h.add(d);
        }
        ProducerRecord<byte[], byte[]> pr = new ProducerRecord<>(config.catalogue().jobsDlq().name(), null, rec.key(), rec.value(), h);
        return new Outcome(Kind.DLQ, pr, jobId, reason, message, t0);
    }

    /** Seeks every partition of {@code undone} back to its first record, so they are polled again. */
    private void rewind(List<ConsumerRecord<byte[], byte[]>> undone) {
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : undone) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        for (Map.Entry<TopicPartition, Long> e : first.entrySet()) {
            if (consumer.assignment().contains(e.getKey())) consumer.seek(e.getKey(), e.getValue());
        }
    }

    private void updateLag() {
        long sum = 0;
        boolean known = false;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                sum += l.getAsLong();
                known = true;
            }
        }
        lag = known ? sum : (consumer.assignment().isEmpty() ? 0 : -1);
    }

    private void progress(boolean last) {
        long now = System.nanoTime();
        long done = scored + reused + dlq;
        boolean due = now - lastProgressNanos >= config.progressEvery().toNanos();
        if (!(due || last) || (done == lastProgressDone && !last)) return;
        if (last && done == lastProgressDone && done == 0) return;
        double secs = (now - startNanos) / 1e9;
        double overall = secs > 0 ? done / secs : 0;
        double windowSecs = (now - lastProgressNanos) / 1e9;
        double recent = windowSecs > 0 ? (done - lastProgressDone) / windowSecs : 0;
        long waiting = lag;
        String total = waiting >= 0 ? Long.toString(done + waiting) : "?";
        double etaRate = recent > 0 ? recent : overall;
        String eta = waiting > 0 && etaRate > 0 ? ", ETA " + human(Duration.ofMillis((long) (waiting / etaRate * 1000))) : "";
        log.info(String.format(Locale.ROOT, "worker %s: %d of %s job(s) done (%d scored, %d reused, %d dlq; "
                + "%d transactions, %d aborted), %.2f jobs/s now, %.2f jobs/s over %s%s%s", config.workerId(), done, total,
                scored, reused, dlq, transactions, failed, recent, overall, human(Duration.ofNanos(now - startNanos)), eta, last ? ", stopping" : ""));
        lastProgressNanos = now;
        lastProgressDone = done;
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
