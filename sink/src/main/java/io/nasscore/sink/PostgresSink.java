package io.nasscore.sink;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL sink: consumes nas.scores, nas.ground-truth, nas.score-quality, nas.jobs and nas.jobs.dlq
 * ({@code read_committed}) and writes batched idempotent upserts ({@code INSERT ... ON CONFLICT ... DO UPDATE}), one
 * database transaction per poll, with the consumed offsets stored in {@code sink_offsets} in the SAME transaction. On
 * start and on every partition assignment it seeks to the stored offsets (the beginning when none): exactly-once into
 * PostgreSQL without relying on Kafka commits (offsets are also committed to Kafka afterwards, for lag monitoring only).
 *
 * <p>The parts: {@link StoredPositions} (where each partition resumes), {@link SinkBatch} (what lands where, decoded
 * and checked), {@link SinkTransaction} (rows and positions in one transaction), {@link SinkTables} and
 * {@link ScoreRows} (the statements and their columns), {@link SinkCounters} (counts and health).
 * An undecodable or invalid record is logged, counted and skipped; a row
 * PostgreSQL rejects (a data or constraint error) is skipped alone (the batch is replayed row by row with
 * savepoints); any other database error rolls the transaction back, pauses every partition and, after
 * {@link SinkConfig#retryBackoff()}, re-reads the positions from {@code sink_offsets}: PostgreSQL, not the sink's
 * memory, says what was written. A crash can lose or keep the last commit whatever PostgreSQL answered (an
 * acknowledged commit vanishes when the server runs with {@code synchronous_commit=off}; a commit whose answer was
 * lost did happen): re-reading the stored offsets neither skips the first nor doubles the second. Every database call
 * fails after {@link SinkConfig#socketTimeout()} (a stalled server does not block the sink silently); while
 * PostgreSQL is unavailable the sink says so once per {@link SinkConfig#noticeInterval()} and resumes by itself.
 *
 * <p>Threading: {@link #pollOnce()} / {@link #runUntil} run on one thread at a time; {@link #stop()} and
 * {@link #close()} may be called from any thread. Run {@link Database#migrate} before the first poll.
 */
public final class PostgresSink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);

    /** Snapshot of the sink's counters: rows written per table and what was skipped or failed. */
    public record Counts(long scores, long experimentScores, long groundTruth, long groundTruthDeleted, long quality,
                         long qualityHistory, long jobs, long deadLetters, long records, long badRecords,
                         long rejectedRows, long ignoredTombstones, long transactions, long failedTransactions) {}

    private final DataSource ds;
    private final SinkConfig config;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ReentrantLock lock = new ReentrantLock();
    private final SinkCounters counters = new SinkCounters();
    private final DatabaseWait databaseWait;
    private final StoredPositions positions;
    private final SinkTransaction transaction;
    private volatile boolean stopping;
    private volatile boolean closed;

    /**
     * @param kafkaProps at least {@code bootstrap.servers}, plus any client settings (SASL/TLS); the sink sets the
     *                   group id, {@code read_committed}, no auto-commit, deserializers and max poll records
     */
    public PostgresSink(Map<String, ?> kafkaProps, DataSource ds, SinkConfig config) {
        this.ds = ds;
        this.config = config;
        this.databaseWait = new DatabaseWait(config.groupId(), config.noticeInterval(), System::nanoTime);
        this.positions = new StoredPositions(ds, config, counters, databaseWait);
        this.transaction = new SinkTransaction(ds, config, counters, databaseWait);
        Map<String, Object> p = new HashMap<>(kafkaProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-" + ProcessHandle.current().pid());
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        positions.attach(consumer);
        consumer.subscribe(config.topics(), positions);
    }

    public SinkConfig config() { return config; }

    /** Whether the sink's last database call failed: it is waiting for PostgreSQL (retrying by itself). */
    public boolean waitingForDatabase() { return databaseWait.waiting(); }

    /** The counters so far. */
    public Counts counts() { return counters.snapshot(); }

    /** Time since the last transaction committed to PostgreSQL (since the sink was created, before the first). */
    public Duration sinceLastCommit() { return counters.sinceLastCommit(); }

    /** How long PostgreSQL has refused every transaction (or the stored offsets): zero while it works. */
    public Duration failingFor() { return counters.failingFor(); }

    /**
     * Why the sink cannot write now, or null when it can: its last transaction with PostgreSQL failed (or it could not
     * read its stored offsets), with the database's one-line message. It learns it by writing: an idle sink stays
     * ready until it has something to write. Thread-safe (for health probes).
     */
    public String notReady() { return counters.notReady(); }

    /** The Kafka consumer, for its metrics only (its {@code metrics()} is safe to read from another thread). */
    Consumer<?, ?> consumerForMetrics() { return consumer; }

    /** How many score keys of {@code experiment} PostgreSQL holds (its rows in experiment_scores). */
    public long scoreCount(String experiment) { return Database.scoreCount(ds, experiment); }

    /** How many score-quality rows of {@code experiment} PostgreSQL holds. */
    public long qualityCount(String experiment) { return Database.qualityCount(ds, experiment); }

    /** Polls until {@code stop} answers true, {@link #stop()} or {@link #close()} is called. */
    public void runUntil(BooleanSupplier stop) {
        while (!stopping && !closed && !stop.getAsBoolean()) pollOnce();
    }

    /** Polls until {@link #stop()} or {@link #close()}. */
    public void run() { runUntil(() -> false); }

    /** Asks a running loop to return (thread-safe; wakes up a blocked poll). */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /**
     * One poll and its database transaction.
     *
     * @return the number of records consumed and committed to PostgreSQL (0 when none, or when the transaction
     *     failed and will be retried)
     */
    public int pollOnce() {
        lock.lock();
        try {
            if (closed) throw new IllegalStateException("the PostgreSQL sink is closed");
            if (!positions.ready(config.retryBackoff())) return 0;
            ConsumerRecords<String, byte[]> polled;
            try {
                polled = consumer.poll(config.pollTimeout());
            } catch (WakeupException e) {
                return 0;
            }
            Map<TopicPartition, Long> next = new HashMap<>();
            SinkBatch batch = new SinkBatch(config.catalogue(), config.history(), counters);
            int n = 0;
            for (ConsumerRecord<String, byte[]> r : polled) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (positions.unpositioned(tp)) continue; // assigned during this poll without a stored position
                next.put(tp, r.offset() + 1);
                batch.add(r);
                n++;
            }
            if (n == 0) return 0;
            // the consumer's position skips transaction markers: stored offsets reach the end offsets when caught up
            next.replaceAll((tp, o) -> Math.max(o, consumer.position(tp)));
            if (!transaction.write(batch, next)) {
                positions.forgetAll();
                SinkSql.sleep(config.retryBackoff());
                return 0;
            }
            counters.records.addAndGet(n);
            commitToKafkaForMonitoring(next);
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Kafka's committed offsets are for lag monitoring only: sink_offsets is where the sink resumes. */
    private void commitToKafkaForMonitoring(Map<TopicPartition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        next.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
        consumer.commitAsync(commit, (offsets, error) -> {
            if (error != null) log.debug("sink: Kafka offset commit (monitoring only) failed: {}", error.toString());
        });
    }

    /** Stops a running loop and closes the consumer (waits for the current transaction to finish). */
    @Override public void close() {
        stop();
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            try {
                consumer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                log.warn("sink: closing the Kafka consumer: {}", e.toString());
            }
        } finally {
            lock.unlock();
        }
    }
}
