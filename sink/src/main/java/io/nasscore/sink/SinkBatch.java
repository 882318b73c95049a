package io.nasscore.sink;

import io.nasscore.core.Dataset;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.sink.SinkTables.Stmt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of one poll: the records of nas.scores, nas.ground-truth, nas.score-quality, nas.jobs and nas.jobs.dlq
 * decoded, checked and turned into statements, deduplicated by primary key (the last record of a key wins, as on the
 * topic). What lands where: a score record -> {@code scores} and {@code experiment_scores}; a ground truth ->
 * {@code ground_truth} (a tombstone deletes the arch's rows of that dataset); a score-quality record ->
 * {@code score_quality} and, when enabled, {@code score_quality_history}; a job -> {@code experiment_jobs}; a dead
 * letter -> {@code job_dead_letters} (the job it holds when its bytes are one: a dead letter is there because
 * something was wrong with it, so undecodable bytes are kept as a row with its key and reason, not skipped).
 * Tombstones are ignored (PostgreSQL keeps scores for good); any other undecodable or invalid record is logged,
 * counted and skipped.
 */
final class SinkBatch {
    private final TopicCatalogue topics;
    private static final Logger log = LoggerFactory.getLogger(SinkBatch.class);

    interface Binder {
        void bind(PreparedStatement ps, Connection c) throws SQLException;
    }

    /** One row to write: its statement, how to bind it, and the record it came from (for the log). */
    record Op(Stmt stmt, Binder binder, String what) {}

    private final Map<Stmt, Map<Object, Op>> ops = new EnumMap<>(Stmt.class);
    private final boolean history;
    private final SinkCounters counters;

    SinkBatch(TopicCatalogue topics, boolean history, SinkCounters counters) {
        this.topics = topics;
        this.history = history;
        this.counters = counters;
        for (Stmt s : Stmt.values()) ops.put(s, new LinkedHashMap<>());
    }

    /** The rows of statement {@code s}, in arrival order of their keys' first record. */
    Collection<Op> ops(Stmt s) { return ops.get(s).values(); }

    private void put(Stmt s, Object key, Binder b, String what) { ops.get(s).put(key, new Op(s, b, what)); }

    void add(ConsumerRecord<String, byte[]> r) {
        String where = r.topic() + "-" + r.partition() + "@" + r.offset();
        try {
            if (r.topic().equals(topics.scores().name())) addScore(r, where);
            else if (r.topic().equals(topics.groundTruth().name())) addTruth(r, where);
            else if (r.topic().equals(topics.scoreQuality().name())) addQuality(r, where);
            else if (r.topic().equals(topics.jobs().name())) addJob(r, where);
            else if (r.topic().equals(topics.jobsDlq().name())) addDeadLetter(r, where);
        } catch (RuntimeException e) { // BadRecordException (undecodable) or IllegalArgumentException (invalid)
            counters.bad.incrementAndGet();
            log.warn("sink: skipped record {} (key {}): {}", where, r.key(), e.getMessage());
        }
    }

    private void addScore(ConsumerRecord<String, byte[]> r, String where) {
        ScoreRecord s = Topics.SCORES.valueSerde().deserializer().deserialize(r.topic(), r.value());
        if (s == null) {
            counters.tombstones.incrementAndGet();
            return;
        }
        SearchSpace.checkIndex(s.getArchIndex());
        String key = nonEmpty("score key", s.getScoreKey());
        String experiment = nonEmpty("experiment", s.getExperiment());
        put(Stmt.SCORE, key, (ps, c) -> ScoreRows.bind(ps, c, s), where);
        put(Stmt.MEMBERSHIP, List.of(experiment, key), (ps, c) -> SinkTables.bindMembership(ps, c, experiment, key, s), where);
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
            put(Stmt.TRUTH_DELETE, pk, (ps, c) -> SinkTables.bindTruthDelete(ps, dataset, index), where);
            return;
        }
        SearchSpace.checkIndex(t.getArchIndex());
        if (!Double.isFinite(t.getAccuracy())) throw new IllegalArgumentException("accuracy " + t.getAccuracy() + " is not finite");
        String dataset = Dataset.of(t.getDataset()).id();
        String metric = nonEmpty("metric", t.getMetric());
        put(Stmt.TRUTH, List.of(dataset, t.getArchIndex(), metric), (ps, c) -> SinkTables.bindTruth(ps, dataset, metric, t), where);
    }

    private void addQuality(ConsumerRecord<String, byte[]> r, String where) {
        ScoreQuality q = Topics.SCORE_QUALITY.valueSerde().deserializer().deserialize(r.topic(), r.value());
        if (q == null) {
            counters.tombstones.incrementAndGet();
            return;
        }
        put(Stmt.QUALITY, List.of(q.getExperiment(), q.getDataset(), q.getScore(), q.getSubset(), q.getWindow()),
                (ps, c) -> SinkTables.bindQuality(ps, 1, q), where);
        if (history) {
            int partition = r.partition();
            long offset = r.offset();
            put(Stmt.HISTORY, List.of(partition, offset), (ps, c) -> SinkTables.bindHistory(ps, partition, offset, q), where);
        }
    }

    private void addJob(ConsumerRecord<String, byte[]> r, String where) {
        ScoringJob j = topics.jobs().valueSerde().deserializer().deserialize(r.topic(), r.value());
        if (j == null) {
            counters.tombstones.incrementAndGet();
            return;
        }
        String experiment = nonEmpty("experiment", j.getExperiment());
        String scoreKey = scoreKey(j);
        put(Stmt.JOB, List.of(experiment, nonEmpty("job id", j.getJobId())),
                (ps, c) -> SinkTables.bindJob(ps, experiment, scoreKey, j), where);
    }

    private void addDeadLetter(ConsumerRecord<String, byte[]> r, String where) {
        ScoringJob j = null;
        try {
            j = r.value() == null ? null : topics.jobs().valueSerde().deserializer().deserialize(topics.jobs().name(), r.value());
        } catch (RuntimeException e) {
            // why it is a dead letter, often: its reason header says so, and the row keeps that
        }
        String reason = DlqHeaders.get(r.headers(), DlqHeaders.REASON);
        SinkTables.DeadLetter d = new SinkTables.DeadLetter(r.key(), j == null ? null : j.getExperiment(),
                j == null ? null : j.getArchIndex(), reason == null ? "unknown" : reason,
                DlqHeaders.get(r.headers(), DlqHeaders.STAGE), DlqHeaders.get(r.headers(), DlqHeaders.MESSAGE),
                DlqHeaders.get(r.headers(), DlqHeaders.WORKER), deadLetteredAt(r));
        int partition = r.partition();
        long offset = r.offset();
        put(Stmt.DEAD_LETTER, List.of(partition, offset), (ps, c) -> SinkTables.bindDeadLetter(ps, partition, offset, d), where);
    }

    /** When it was dead-lettered: its {@code nas.error.at} header, else (absent or unreadable) the record's timestamp. */
    private static Instant deadLetteredAt(ConsumerRecord<String, byte[]> r) {
        String at = DlqHeaders.get(r.headers(), DlqHeaders.AT);
        try {
            if (at != null) return Instant.parse(at);
        } catch (DateTimeParseException e) {
            log.warn("sink: dead letter {}-{}@{}: header {} '{}' is no time; the record's timestamp is kept", r.topic(),
                    r.partition(), r.offset(), DlqHeaders.AT, at);
        }
        return Instant.ofEpochMilli(r.timestamp());
    }

    /** The key the job's score record will have, as the worker computes it (an invalid job throws, as it fails there). */
    private static String scoreKey(ScoringJob j) {
        ScoreRequest request = Convert.request(j);
        return Keys.score(request.config(), request.index());
    }

    private static String nonEmpty(String what, String v) {
        if (v == null || v.isEmpty()) throw new IllegalArgumentException(what + " is empty");
        return v;
    }
}
