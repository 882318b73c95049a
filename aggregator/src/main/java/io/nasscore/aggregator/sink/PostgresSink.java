package io.nasscore.aggregator.sink;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringConfig;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 * The PostgreSQL sink: consumes nas.scores, nas.ground-truth and nas.score-quality ({@code read_committed}) and
 * writes batched idempotent upserts ({@code INSERT ... ON CONFLICT ... DO UPDATE}), one database transaction per
 * poll, with the consumed offsets stored in {@code sink_offsets} in the SAME transaction. On start and on every
 * partition assignment it seeks to the stored offsets (the beginning when none): exactly-once into PostgreSQL
 * without relying on Kafka commits (offsets are also committed to Kafka afterwards, for lag monitoring only).
 *
 * <p>What lands where: a score record -> {@code scores} (one row per score key, the latest wins) and
 * {@code experiment_scores} (membership); a ground truth -> {@code ground_truth} (a tombstone deletes the arch's
 * rows of that dataset); a score-quality record -> {@code score_quality} (latest per key) and, when enabled,
 * {@code score_quality_history} (keyed by partition and offset). Score and quality tombstones are ignored
 * (PostgreSQL keeps scores for good). An undecodable or invalid record is logged, counted and skipped; a row
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
                         long qualityHistory, long records, long badRecords, long rejectedRows, long ignoredTombstones,
                         long transactions, long failedTransactions) {}

    private enum Stmt { SCORE, MEMBERSHIP, TRUTH_DELETE, TRUTH, QUALITY, HISTORY }

    private interface Binder {
        void bind(PreparedStatement ps, Connection c) throws SQLException;
    }

    private record Op(Stmt stmt, Binder binder, String what) {}

    private final DataSource ds;
    private final SinkConfig config;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private final Map<Stmt, AtomicLong> rows = new EnumMap<>(Stmt.class);
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bad = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final DatabaseWait databaseWait;
    private volatile boolean stopping;
    private volatile boolean closed;
    // health (notReady): the loop sets them, the metrics endpoint's thread reads them
    private volatile long lastCommitNanos = System.nanoTime();
    private volatile long failingSinceNanos;
    private volatile String failure;

    /**
     * @param kafkaProps at least {@code bootstrap.servers}, plus any client settings (SASL/TLS); the sink sets the
     *                   group id, {@code read_committed}, no auto-commit, deserializers and max poll records
     */
    public PostgresSink(Map<String, ?> kafkaProps, DataSource ds, SinkConfig config) {
        this.ds = ds;
        this.config = config;
        for (Stmt s : Stmt.values()) rows.put(s, new AtomicLong());
        this.databaseWait = new DatabaseWait(config.groupId(), config.noticeInterval(), System::nanoTime);
        Map<String, Object> p = new HashMap<>(kafkaProps);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-" + ProcessHandle.current().pid());
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(config.topics(), new Positions());
    }

    public SinkConfig config() { return config; }

    /** Whether the sink's last database call failed: it is waiting for PostgreSQL (retrying by itself). */
    public boolean waitingForDatabase() { return databaseWait.waiting(); }

    /** The counters so far. */
    public Counts counts() {
        return new Counts(rows.get(Stmt.SCORE).get(), rows.get(Stmt.MEMBERSHIP).get(), rows.get(Stmt.TRUTH).get(),
                rows.get(Stmt.TRUTH_DELETE).get(), rows.get(Stmt.QUALITY).get(), rows.get(Stmt.HISTORY).get(),
                records.get(), bad.get(), rejected.get(), tombstones.get(), transactions.get(), failures.get());
    }

    /** Time since the last transaction committed to PostgreSQL (since the sink was created, before the first). */
    public Duration sinceLastCommit() { return Duration.ofNanos(System.nanoTime() - lastCommitNanos); }

    /** How long PostgreSQL has refused every transaction (or the stored offsets): zero while it works. */
    public Duration failingFor() {
        long since = failingSinceNanos;
        return failure == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    /**
     * Why the sink cannot write now, or null when it can: its last transaction with PostgreSQL failed (or it could not
     * read its stored offsets), with the database's one-line message. It learns it by writing: an idle sink stays
     * ready until it has something to write. Thread-safe (for health probes).
     */
    public String notReady() {
        String f = failure;
        if (f == null) return null;
        return "cannot write to PostgreSQL for " + failingFor().toSeconds() + " s, retrying: " + f;
    }

    /** The Kafka consumer, for its metrics only (its {@code metrics()} is safe to read from another thread). */
    Consumer<?, ?> consumerForMetrics() { return consumer; }

    private void failed(String why) {
        if (failure == null) failingSinceNanos = System.nanoTime();
        failure = why;
    }

    private void succeeded() {
        failure = null;
    }

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
            if (!unpositioned.isEmpty()) {
                position(new ArrayList<>(unpositioned));
                if (!unpositioned.isEmpty()) {
                    keepMembership();
                    sleep(config.retryBackoff());
                    return 0;
                }
            }
            ConsumerRecords<String, byte[]> polled;
            try {
                polled = consumer.poll(config.pollTimeout());
            } catch (WakeupException e) {
                return 0;
            }
            if (polled.isEmpty()) return 0;
            Map<TopicPartition, Long> next = new HashMap<>();
            Batch batch = new Batch();
            int n = 0;
            for (ConsumerRecord<String, byte[]> r : polled) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (unpositioned.contains(tp)) continue; // assigned during this poll without a stored position
                next.put(tp, r.offset() + 1);
                batch.add(r);
                n++;
            }
            if (n == 0) return 0;
            // the consumer's position skips transaction markers: stored offsets reach the end offsets when caught up
            for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                long pos = consumer.position(e.getKey());
                if (pos > e.getValue()) e.setValue(pos);
            }
            if (!write(batch, next)) {
                // not the batch's first offsets: a commit acknowledged before a crash may be gone, one whose answer
                // was lost may have happened; only sink_offsets knows (read again at the next poll)
                Set<TopicPartition> assigned = consumer.assignment();
                unpositioned.addAll(assigned);
                consumer.pause(assigned);
                sleep(config.retryBackoff());
                return 0;
            }
            records.addAndGet(n);
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            next.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
            consumer.commitAsync(commit, (offsets, error) -> {
                if (error != null) log.debug("sink: Kafka offset commit (monitoring only) failed: {}", error.toString());
            });
            return n;
        } finally {
            lock.unlock();
        }
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

    // ------------------------------------------------------------------ positions

    private final class Positions implements ConsumerRebalanceListener {
        @Override public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) position(partitions);
        }

        @Override public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            unpositioned.removeAll(partitions); // every poll's rows are committed before the next poll: nothing pending
        }

        @Override public void onPartitionsLost(Collection<TopicPartition> partitions) {
            unpositioned.removeAll(partitions);
        }
    }

    /**
     * While PostgreSQL is away every assigned partition is paused, so a poll returns nothing, but it keeps the sink in
     * its group past {@code max.poll.interval.ms}. Records fetched for a partition assigned (and positioned) during
     * that poll are not lost: their partition goes back to their first offset.
     */
    private void keepMembership() {
        ConsumerRecords<String, byte[]> polled;
        try {
            polled = consumer.poll(Duration.ZERO);
        } catch (WakeupException e) {
            return;
        }
        for (TopicPartition tp : polled.partitions()) consumer.seek(tp, polled.records(tp).get(0).offset());
    }

    /** Seeks each partition to its stored next offset (the beginning when none); pauses those it cannot read. */
    private void position(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored;
        try {
            stored = storedOffsets(partitions);
        } catch (SQLException | RuntimeException | AssertionError e) {
            log.debug("sink: cannot read the stored offsets of {} from PostgreSQL", partitions, e);
            failed(rootMessage(e));
            databaseWait.failed("cannot read the stored offsets: " + rootMessage(e));
            unpositioned.addAll(partitions);
            consumer.pause(partitions);
            return;
        }
        databaseWait.succeeded();
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long o = stored.get(tp);
            if (o == null) fromStart.add(tp);
            else consumer.seek(tp, o);
        }
        if (!fromStart.isEmpty()) consumer.seekToBeginning(fromStart);
        succeeded();
        unpositioned.removeAll(partitions);
        consumer.resume(partitions);
        log.info("sink {}: positioned {} partition(s) from PostgreSQL ({} with a stored offset)", config.groupId(),
                partitions.size(), stored.size());
    }

    private Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT topic, partition, next_offset FROM sink_offsets WHERE consumer_group = ?")) {
            ps.setString(1, config.groupId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TopicPartition tp = new TopicPartition(rs.getString(1), rs.getInt(2));
                    if (partitions.contains(tp)) out.put(tp, rs.getLong(3));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ decoding

    /** The rows of one poll, deduplicated by primary key (the last record of a key wins, as on the topic). */
    private final class Batch {
        final Map<Stmt, Map<Object, Op>> ops = new EnumMap<>(Stmt.class);

        Batch() { for (Stmt s : Stmt.values()) ops.put(s, new LinkedHashMap<>()); }

        void put(Stmt s, Object key, Binder b, String what) { ops.get(s).put(key, new Op(s, b, what)); }

        void add(ConsumerRecord<String, byte[]> r) {
            String where = r.topic() + "-" + r.partition() + "@" + r.offset();
            try {
                if (r.topic().equals(config.catalogue().scores().name())) addScore(r, where);
                else if (r.topic().equals(config.catalogue().groundTruth().name())) addTruth(r, where);
                else if (r.topic().equals(config.catalogue().scoreQuality().name())) addQuality(r, where);
            } catch (RuntimeException e) { // BadRecordException (undecodable) or IllegalArgumentException (invalid)
                bad.incrementAndGet();
                log.warn("sink: skipped record {} (key {}): {}", where, r.key(), e.getMessage());
            }
        }

        private void addScore(ConsumerRecord<String, byte[]> r, String where) {
            ScoreRecord s = Topics.SCORES.valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (s == null) {
                tombstones.incrementAndGet();
                return;
            }
            SearchSpace.checkIndex(s.getArchIndex());
            String key = nonEmpty("score key", s.getScoreKey());
            String experiment = nonEmpty("experiment", s.getExperiment());
            put(Stmt.SCORE, key, (ps, c) -> bindScore(ps, c, s), where);
            put(Stmt.MEMBERSHIP, List.of(experiment, key), (ps, c) -> {
                ps.setString(1, experiment);
                ps.setString(2, key);
                ps.setInt(3, s.getArchIndex());
                ps.setArray(4, c.createArrayOf("integer", s.getRunIds().toArray(new Integer[0])));
            }, where);
        }

        private void addTruth(ConsumerRecord<String, byte[]> r, String where) {
            GroundTruth t = Topics.GROUND_TRUTH.valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (t == null) {
                String[] k = r.key() == null ? new String[0] : r.key().split(Keys.SEPARATOR);
                if (k.length != 2) throw new IllegalArgumentException("ground-truth tombstone with key '" + r.key() + "'");
                String dataset = Dataset.of(k[0]).id();
                int index = Integer.parseInt(k[1]);
                List<Object> pk = List.of(dataset, index);
                ops.get(Stmt.TRUTH).keySet().removeIf(o -> ((List<?>) o).subList(0, 2).equals(pk));
                put(Stmt.TRUTH_DELETE, pk, (ps, c) -> {
                    ps.setString(1, dataset);
                    ps.setInt(2, index);
                }, where);
                return;
            }
            SearchSpace.checkIndex(t.getArchIndex());
            if (!Double.isFinite(t.getAccuracy())) throw new IllegalArgumentException("accuracy " + t.getAccuracy() + " is not finite");
            String dataset = Dataset.of(t.getDataset()).id();
            String metric = nonEmpty("metric", t.getMetric());
            put(Stmt.TRUTH, List.of(dataset, t.getArchIndex(), metric), (ps, c) -> {
                ps.setString(1, dataset);
                ps.setInt(2, t.getArchIndex());
                ps.setString(3, metric);
                ps.setDouble(4, t.getAccuracy());
                ps.setString(5, t.getArch());
                ps.setString(6, t.getSource());
            }, where);
        }

        private void addQuality(ConsumerRecord<String, byte[]> r, String where) {
            ScoreQuality q = Topics.SCORE_QUALITY.valueSerde().deserializer().deserialize(r.topic(), r.value());
            if (q == null) {
                tombstones.incrementAndGet();
                return;
            }
            put(Stmt.QUALITY, List.of(q.getExperiment(), q.getDataset(), q.getScore(), q.getSubset(), q.getWindow()),
                    (ps, c) -> bindQuality(ps, 1, q), where);
            if (config.history()) {
                int partition = r.partition();
                long offset = r.offset();
                put(Stmt.HISTORY, List.of(partition, offset), (ps, c) -> {
                    ps.setInt(1, partition);
                    ps.setLong(2, offset);
                    bindQuality(ps, 3, q);
                }, where);
            }
        }
    }

    private static String nonEmpty(String what, String v) {
        if (v == null || v.isEmpty()) throw new IllegalArgumentException(what + " is empty");
        return v;
    }

    // ------------------------------------------------------------------ SQL

    private static final List<String> SCORE_COLUMNS = scoreColumns();

    private static List<String> scoreColumns() {
        List<String> c = new ArrayList<>(List.of("score_key", "experiment", "job_id", "arch_index", "arch", "config_hash",
                "dataset", "batch_size", "batch_policy", "target", "bn_mode", "seed", "normalisation", "data"));
        for (ScoreName s : ScoreName.values()) c.add(s.column().toLowerCase(java.util.Locale.ROOT));
        c.addAll(List.of("js_raw", "weight_tensors", "degenerate_rows", "degenerate_tensors", "input_degenerate", "params"));
        for (Pass p : Pass.values()) c.add(p.label().replace('.', '_') + "_ms"); // clean_ms ... noise100_ms, jacov_ms ... az_ms
        c.addAll(List.of("similarity_ms", "total_ms", "device", "worker_id", "engine", "scored_at", "run_ids", "proxy_raw"));
        return List.copyOf(c);
    }

    private static final List<String> QUALITY_COLUMNS = List.of("experiment", "dataset", "score", "subset", "window_name",
            "config_hash", "n", "excluded", "monotonicity", "tau_b", "spearman", "slope", "slope_sign", "r2",
            "best_acc_mean", "best_acc_std", "best_percentile_mean", "runs", "mean_ms", "median_ms", "updated_at");

    private static String upsert(String table, List<String> columns, List<String> key) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(table).append(" (").append(String.join(", ", columns))
                .append(", written_at) VALUES (").append("?, ".repeat(columns.size())).append("now()) ON CONFLICT (")
                .append(String.join(", ", key)).append(") DO UPDATE SET ");
        for (String c : columns) if (!key.contains(c)) sb.append(c).append(" = EXCLUDED.").append(c).append(", ");
        return sb.append("written_at = now()").toString();
    }

    private static final Map<Stmt, String> SQL = new EnumMap<>(Map.of(
            Stmt.SCORE, upsert("scores", SCORE_COLUMNS, List.of("score_key")),
            Stmt.MEMBERSHIP, upsert("experiment_scores", List.of("experiment", "score_key", "arch_index", "run_ids"),
                    List.of("experiment", "score_key")),
            Stmt.TRUTH_DELETE, "DELETE FROM ground_truth WHERE dataset = ? AND arch_index = ?",
            Stmt.TRUTH, upsert("ground_truth", List.of("dataset", "arch_index", "metric", "accuracy", "arch", "source"),
                    List.of("dataset", "arch_index", "metric")),
            Stmt.QUALITY, upsert("score_quality", QUALITY_COLUMNS,
                    List.of("experiment", "dataset", "score", "subset", "window_name")),
            Stmt.HISTORY, "INSERT INTO score_quality_history (kafka_partition, kafka_offset, " + String.join(", ", QUALITY_COLUMNS)
                    + ") VALUES (?, ?, " + "?, ".repeat(QUALITY_COLUMNS.size() - 1) + "?) "
                    + "ON CONFLICT (kafka_partition, kafka_offset) DO NOTHING"));

    private static void bindScore(PreparedStatement ps, Connection c, ScoreRecord s) throws SQLException {
        ScoringConfig cfg = s.getConfig();
        int i = 1;
        ps.setString(i++, s.getScoreKey());
        ps.setString(i++, s.getExperiment());
        ps.setString(i++, s.getJobId());
        ps.setInt(i++, s.getArchIndex());
        ps.setString(i++, s.getArch());
        ps.setString(i++, s.getConfigHash());
        ps.setString(i++, cfg.getDataset());
        ps.setInt(i++, cfg.getBatchSize());
        ps.setString(i++, cfg.getBatchPolicy());
        ps.setString(i++, cfg.getTarget());
        ps.setString(i++, cfg.getBnMode());
        ps.setLong(i++, cfg.getSeed());
        ps.setString(i++, cfg.getNormalisation());
        ps.setString(i++, cfg.getData());
        for (ScoreName n : ScoreName.values()) setDouble(ps, i++, (Double) s.get(n.column()));
        setDouble(ps, i++, s.getJsRaw());
        ps.setInt(i++, s.getWeightTensors());
        ps.setInt(i++, s.getDegenerateRows());
        ps.setInt(i++, s.getDegenerateTensors());
        ps.setBoolean(i++, s.getInputDegenerate());
        ps.setLong(i++, s.getParams());
        for (Pass p : Pass.values()) setDouble(ps, i++, (Double) s.get(Convert.passField(p)));
        ps.setDouble(i++, s.getSimilarityMillis());
        ps.setDouble(i++, s.getTotalMillis());
        ps.setString(i++, s.getDevice());
        ps.setString(i++, s.getWorkerId());
        ps.setString(i++, s.getEngine());
        setTime(ps, i++, s.getScoredAt());
        ps.setArray(i++, c.createArrayOf("integer", s.getRunIds().toArray(new Integer[0])));
        ps.setObject(i, proxyRawJson(s.getProxyRaw()), java.sql.Types.OTHER);
    }

    /** proxyRaw as a JSON object (non-finite values as strings, JSON has no infinity); null when absent. */
    static String proxyRawJson(Map<String, Double> raw) {
        if (raw == null || raw.isEmpty()) return null;
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Double> e : new java.util.TreeMap<>(raw).entrySet()) {
            if (b.length() > 1) b.append(", ");
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            b.append('"').append(e.getKey()).append("\": ");
            b.append(Double.isFinite(v) ? Double.toString(v) : "\"" + v + "\"");
        }
        return b.append('}').toString();
    }

    private static void bindQuality(PreparedStatement ps, int i, ScoreQuality q) throws SQLException {
        ps.setString(i++, q.getExperiment());
        ps.setString(i++, q.getDataset());
        ps.setString(i++, q.getScore());
        ps.setString(i++, q.getSubset());
        ps.setString(i++, q.getWindow());
        ps.setString(i++, q.getConfigHash());
        ps.setInt(i++, q.getN());
        ps.setInt(i++, q.getExcluded());
        ps.setDouble(i++, q.getMonotonicity());
        ps.setDouble(i++, q.getTauB());
        ps.setDouble(i++, q.getSpearman());
        ps.setDouble(i++, q.getSlope());
        ps.setInt(i++, q.getSlopeSign());
        ps.setDouble(i++, q.getR2());
        setDouble(ps, i++, q.getBestAccMean());
        setDouble(ps, i++, q.getBestAccStd());
        setDouble(ps, i++, q.getBestPercentileMean());
        ps.setInt(i++, q.getRuns());
        setDouble(ps, i++, q.getMeanMillis());
        setDouble(ps, i++, q.getMedianMillis());
        setTime(ps, i, q.getUpdatedAt());
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) ps.setNull(i, Types.DOUBLE);
        else ps.setDouble(i, v);
    }

    private static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
        ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    // ------------------------------------------------------------------ the transaction

    /** A pooled connection whose every call fails after the socket timeout instead of waiting for ever. */
    private Connection connection() throws SQLException {
        Connection c = ds.getConnection();
        try {
            c.setNetworkTimeout(Runnable::run, Math.toIntExact(config.socketTimeout().toMillis()));
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Writes the batch and the offsets in one transaction; false when it was rolled back (to be retried). */
    private boolean write(Batch batch, Map<TopicPartition, Long> next) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                Map<Stmt, Integer> written;
                try {
                    written = execute(c, batch, false);
                } catch (SQLException e) {
                    if (!isDataError(e)) throw e;
                    c.rollback();
                    log.warn("sink: PostgreSQL rejected a row ({}); replaying the batch row by row", rootMessage(e));
                    written = execute(c, batch, true);
                }
                storeOffsets(c, next);
                c.commit();
                written.forEach((s, n) -> rows.get(s).addAndGet(n));
                transactions.incrementAndGet();
                lastCommitNanos = System.nanoTime();
                succeeded();
                databaseWait.succeeded();
                return true;
            } catch (SQLException | RuntimeException | AssertionError e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        } catch (SQLException | RuntimeException | AssertionError e) {
            // AssertionError: pgjdbc 42.7 throws "pgStatement.getConnection().getAutoCommit() should not throw" from
            // a batch whose server was killed under it; it is a lost connection like any other, not a sink bug
            failures.incrementAndGet();
            log.debug("sink: PostgreSQL transaction failed", e);
            failed(rootMessage(e));
            databaseWait.failed("transaction failed, will re-read the stored offsets: " + rootMessage(e));
            return false;
        }
    }

    private Map<Stmt, Integer> execute(Connection c, Batch batch, boolean rowByRow) throws SQLException {
        Map<Stmt, Integer> written = new EnumMap<>(Stmt.class);
        for (Stmt s : Stmt.values()) {
            Collection<Op> ops = batch.ops.get(s).values();
            if (ops.isEmpty()) continue;
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(SQL.get(s))) {
                for (Op op : ops) {
                    if (!rowByRow) {
                        op.binder().bind(ps, c);
                        ps.addBatch();
                        continue;
                    }
                    Savepoint sp = c.setSavepoint();
                    try {
                        op.binder().bind(ps, c);
                        n += Math.max(0, ps.executeUpdate());
                        c.releaseSavepoint(sp);
                    } catch (SQLException e) {
                        if (!isDataError(e)) throw e;
                        c.rollback(sp);
                        rejected.incrementAndGet();
                        log.warn("sink: PostgreSQL rejected record {} ({}): skipped", op.what(), rootMessage(e));
                    }
                }
                if (!rowByRow) {
                    // rewritten multi-row statements (reWriteBatchedInserts) report SUCCESS_NO_INFO per row
                    for (int k : ps.executeBatch()) n += k == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, k);
                }
            }
            written.put(s, n);
        }
        return written;
    }

    private void storeOffsets(Connection c, Map<TopicPartition, Long> next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sink_offsets (consumer_group, topic, partition, next_offset) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (consumer_group, topic, partition) "
                + "DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()")) {
            for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                ps.setString(1, config.groupId());
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): the row, not the database, is wrong. */
    private static boolean isDataError(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) return true;
            if (x.getNextException() == x) break;
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        if (e instanceof BatchUpdateException b && b.getNextException() != null) t = b.getNextException();
        String m = t.getMessage();
        return m == null ? t.toString() : m.lines().findFirst().orElse(m);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
