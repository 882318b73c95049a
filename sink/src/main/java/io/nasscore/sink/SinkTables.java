package io.nasscore.sink;

import static io.nasscore.sink.SinkSql.setDouble;
import static io.nasscore.sink.SinkSql.setTime;

import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The statements the sink writes with, in the order a transaction runs them, and the binders of the tables other
 * than {@code scores} ({@link ScoreRows}): one place per column list. Every upsert also sets {@code written_at}.
 */
final class SinkTables {
    private SinkTables() {}

    /** One statement per table change, in execution order (a ground-truth delete before the upserts after it). */
    enum Stmt { SCORE, MEMBERSHIP, TRUTH_DELETE, TRUTH, QUALITY, HISTORY, JOB, DEAD_LETTER }

    static final List<String> MEMBERSHIP_COLUMNS = List.of("experiment", "score_key", "arch_index", "run_ids");

    static final List<String> TRUTH_COLUMNS = List.of("dataset", "arch_index", "metric", "accuracy", "arch", "source");

    static final List<String> QUALITY_COLUMNS = List.of("experiment", "dataset", "score", "subset", "window_name",
            "config_hash", "n", "excluded", "monotonicity", "tau_b", "spearman", "slope", "slope_sign", "r2",
            "best_acc_mean", "best_acc_std", "best_percentile_mean", "runs", "mean_ms", "median_ms", "updated_at");

    static final List<String> JOB_COLUMNS = List.of("experiment", "job_id", "score_key", "arch_index", "config_hash",
            "rescore", "submitted_at");

    static final List<String> DEAD_LETTER_COLUMNS = List.of("kafka_partition", "kafka_offset", "job_id", "experiment",
            "arch_index", "reason", "stage", "message", "worker", "dead_lettered_at");

    private static String upsert(String table, List<String> columns, List<String> key) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(table).append(" (").append(String.join(", ", columns))
                .append(", written_at) VALUES (").append("?, ".repeat(columns.size())).append("now()) ON CONFLICT (")
                .append(String.join(", ", key)).append(") DO UPDATE SET ");
        for (String c : columns) if (!key.contains(c)) sb.append(c).append(" = EXCLUDED.").append(c).append(", ");
        return sb.append("written_at = now()").toString();
    }

    static final Map<Stmt, String> SQL = new EnumMap<>(Map.of(
            Stmt.JOB, upsert("experiment_jobs", JOB_COLUMNS, List.of("experiment", "job_id")),
            Stmt.DEAD_LETTER, upsert("job_dead_letters", DEAD_LETTER_COLUMNS, List.of("kafka_partition", "kafka_offset")),
            Stmt.SCORE, upsert("scores", ScoreRows.COLUMNS, List.of("score_key")),
            Stmt.MEMBERSHIP, upsert("experiment_scores", MEMBERSHIP_COLUMNS, List.of("experiment", "score_key")),
            Stmt.TRUTH_DELETE, "DELETE FROM ground_truth WHERE dataset = ? AND arch_index = ?",
            Stmt.TRUTH, upsert("ground_truth", TRUTH_COLUMNS, List.of("dataset", "arch_index", "metric")),
            Stmt.QUALITY, upsert("score_quality", QUALITY_COLUMNS,
                    List.of("experiment", "dataset", "score", "subset", "window_name")),
            Stmt.HISTORY, "INSERT INTO score_quality_history (kafka_partition, kafka_offset, " + String.join(", ", QUALITY_COLUMNS)
                    + ") VALUES (?, ?, " + "?, ".repeat(QUALITY_COLUMNS.size() - 1) + "?) "
                    + "ON CONFLICT (kafka_partition, kafka_offset) DO NOTHING"));

    /** {@link #MEMBERSHIP_COLUMNS} of the score record {@code s} (its experiment and key, already checked). */
    static void bindMembership(PreparedStatement ps, Connection c, String experiment, String key, ScoreRecord s)
            throws SQLException {
        ps.setString(1, experiment);
        ps.setString(2, key);
        ps.setInt(3, s.getArchIndex());
        ps.setArray(4, c.createArrayOf("integer", s.getRunIds().toArray(new Integer[0])));
    }

    /** {@link #TRUTH_COLUMNS} of {@code t}, with its dataset and metric already checked. */
    static void bindTruth(PreparedStatement ps, String dataset, String metric, GroundTruth t) throws SQLException {
        ps.setString(1, dataset);
        ps.setInt(2, t.getArchIndex());
        ps.setString(3, metric);
        ps.setDouble(4, t.getAccuracy());
        ps.setString(5, t.getArch());
        ps.setString(6, t.getSource());
    }

    static void bindTruthDelete(PreparedStatement ps, String dataset, int index) throws SQLException {
        ps.setString(1, dataset);
        ps.setInt(2, index);
    }

    /** {@link #JOB_COLUMNS} of job {@code j} of {@code experiment}, whose score will have key {@code scoreKey}. */
    static void bindJob(PreparedStatement ps, String experiment, String scoreKey, ScoringJob j) throws SQLException {
        ps.setString(1, experiment);
        ps.setString(2, j.getJobId());
        ps.setString(3, scoreKey);
        ps.setInt(4, j.getArchIndex());
        ps.setString(5, j.getConfigHash());
        ps.setBoolean(6, j.getRescore());
        setTime(ps, 7, j.getSubmittedAt());
    }

    /** {@link #DEAD_LETTER_COLUMNS} of a dead letter at {@code partition}/{@code offset}. */
    static void bindDeadLetter(PreparedStatement ps, int partition, long offset, DeadLetter d) throws SQLException {
        ps.setInt(1, partition);
        ps.setLong(2, offset);
        ps.setString(3, d.jobId());
        ps.setString(4, d.experiment());
        if (d.archIndex() == null) ps.setNull(5, Types.INTEGER);
        else ps.setInt(5, d.archIndex());
        ps.setString(6, d.reason());
        ps.setString(7, d.stage());
        ps.setString(8, d.message());
        ps.setString(9, d.worker());
        setTime(ps, 10, d.at());
    }

    /** A record of nas.jobs.dlq as the sink keeps it: the job it held when its bytes are one, and why it is there. */
    record DeadLetter(String jobId, String experiment, Integer archIndex, String reason, String stage, String message,
                      String worker, Instant at) {}

    /** {@link #QUALITY_COLUMNS} of {@code q} from parameter {@code i} on. */
    static void bindQuality(PreparedStatement ps, int i, ScoreQuality q) throws SQLException {
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

    /** The history row of a quality record: its partition and offset, then {@link #QUALITY_COLUMNS}. */
    static void bindHistory(PreparedStatement ps, int partition, long offset, ScoreQuality q) throws SQLException {
        ps.setInt(1, partition);
        ps.setLong(2, offset);
        bindQuality(ps, 3, q);
    }
}
