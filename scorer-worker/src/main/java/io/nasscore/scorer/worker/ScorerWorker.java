package io.nasscore.scorer.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.nasscore.schemas.Topics;
import io.nasscore.scorer.Scorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
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
 * <p>The parts: {@link BatchProcessor} (a poll's records in transactions), {@link JobHandler} (a record into the
 * record to send: {@link DecodedJob}, {@link ReuseCache}, {@link DeadLetters}), {@link BatchTransaction} (begin, add,
 * commit, abort and rewind), {@link FatalErrors}, {@link ClientConfigs}, {@link Membership} (the group's
 * assignment), {@link Tally} (counters), {@link Progress} (the progress line), {@link WorkerHealth}.
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

    private final WorkerConfig config;
    private final Scorer scorer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final BatchTransaction<BatchProcessor.Done> tx;
    private final BatchProcessor batches;
    private final Tally tally = new Tally();
    private final Progress progress;
    private final WorkerHealth health;
    private final Membership membership;
    private final ReentrantLock loop = new ReentrantLock();
    private volatile boolean stopRequested;
    private volatile boolean closed;
    private volatile WorkerMetrics metrics;
    private boolean initialised;

    /** A worker on the given settings; it connects on the first {@link #runUntil}. */
    public ScorerWorker(WorkerConfig config, Scorer scorer) {
        this.config = config;
        this.scorer = scorer;
        this.consumer = new KafkaConsumer<>(ClientConfigs.consumer(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            this.producer = new KafkaProducer<>(ClientConfigs.producer(config), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        this.tx = new BatchTransaction<>(producer, consumer);
        this.progress = new Progress(config);
        this.health = new WorkerHealth(config, consumer, tally::lastActivityNanos);
        JobHandler jobs = new JobHandler(config, scorer, result -> {
            WorkerMetrics m = metrics;
            if (m != null) m.scored(result);
        });
        this.batches = new BatchProcessor(config, tx, jobs, tally, health, reason -> {
            WorkerMetrics m = metrics;
            if (m != null) m.deadLettered(reason);
        }, () -> stopRequested);
        this.membership = new Membership(config.workerId(), consumer, health);
    }

    public String workerId() { return config.workerId(); }

    public WorkerConfig config() { return config; }

    /** The counters now. */
    public Counters counters() { return tally.now(); }

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
            while (!stopRequested && !stop.test(tally.now())) {
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
                tally.updateLag(consumer);
                if (!records.isEmpty()) {
                    List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>(records.count());
                    records.forEach(list::add);
                    try {
                        batches.process(list, stop);
                    } catch (RuntimeException | Error e) {
                        stopRequested = true;
                        batches.abandon(e);
                        throw e;
                    }
                }
                progress.maybeLog(tally.now(), false);
            }
            progress.maybeLog(tally.now(), true);
            return tally.now();
        } finally {
            JobHandler.clearJobContext();
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
    public boolean hasPartitions() { return membership.assigned(); }

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
        tx.init();
        consumer.subscribe(List.of(config.catalogue().jobs().name()), membership);
        initialised = true;
        health.started();
        tally.started();
        progress.started();
        log.info("worker {} started: group {}, scorer on {} ({}), transactional id {}", config.workerId(), config.groupId(),
                scorer.device(), scorer.engineVersion(), config.transactionalId());
    }
}
