package io.nasscore.sink;

import static io.nasscore.sink.SinkSql.setDouble;
import static io.nasscore.sink.SinkSql.setTime;

import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.Arch;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A score record as a {@code scores} row and back: the table's columns in statement order, the binder that writes a
 * record into them and the reader that rebuilds the record from a row. Both directions live here so that a column
 * is named once. The core result's columns ({@link #RESULT_COLUMNS}, {@link #result}) are also those of the
 * {@code v_scores} and {@code v_experiment_scores} views, under the same names.
 */
final class ScoreRows {
    private ScoreRows() {}

    /** The column of a score: {@code js} ... {@code wpjsi}. */
    static String scoreColumn(ScoreName s) { return s.column().toLowerCase(Locale.ROOT); }


    /** Every column the sink writes, in binding order. */
    static final List<String> COLUMNS = columns();

    private static List<String> columns() {
        List<String> c = new ArrayList<>(List.of("score_key", "experiment", "job_id", "arch_index", "arch", "config_hash",
                "dataset", "batch_size", "batch_policy", "target", "bn_mode", "seed", "normalisation", "data"));
        for (ScoreName s : ScoreName.values()) c.add(scoreColumn(s));
        c.addAll(List.of("js_raw", "weight_tensors", "degenerate_rows", "degenerate_tensors", "input_degenerate", "params"));
        for (Pass p : Pass.values()) c.add(p.column());
        c.addAll(List.of("similarity_ms", "total_ms", "device", "worker_id", "engine", "scored_at", "run_ids", "proxy_raw"));
        return List.copyOf(c);
    }

    /** The record's envelope: who scored it, when, for which job and runs; not part of the core result. */
    private static final Set<String> ENVELOPE = Set.of("score_key", "experiment", "job_id", "worker_id", "engine",
            "scored_at", "run_ids", "proxy_raw");

    /** The columns {@link #result} reads: {@link #COLUMNS} without the envelope. */
    static final List<String> RESULT_COLUMNS = COLUMNS.stream().filter(c -> !ENVELOPE.contains(c)).toList();

    /** Binds {@code s} to the parameters of {@link #COLUMNS}, in that order. */
    static void bind(PreparedStatement ps, Connection c, ScoreRecord s) throws SQLException {
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
        ps.setObject(i, proxyRawJson(s.getProxyRaw()), Types.OTHER);
    }

    /** proxyRaw as a JSON object (non-finite values as strings, JSON has no infinity); null when absent. */
    static String proxyRawJson(Map<String, Double> raw) {
        if (raw == null || raw.isEmpty()) return null;
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Double> e : new TreeMap<>(raw).entrySet()) {
            if (b.length() > 1) b.append(", ");
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            b.append('"').append(e.getKey()).append("\": ");
            b.append(Double.isFinite(v) ? Double.toString(v) : "\"" + v + "\"");
        }
        return b.append('}').toString();
    }

    /** A {@code scores} row back into the record the sink wrote it from (the inverse of {@link #bind}). */
    static ScoreRecord read(ResultSet rs) throws SQLException {
        ScoringConfig cfg = config(rs);
        ScoreRecord r = ScoreRecord.newBuilder()
                .setScoreKey(rs.getString("score_key"))
                .setExperiment(rs.getString("experiment"))
                .setJobId(rs.getString("job_id"))
                .setArchIndex(rs.getInt("arch_index"))
                .setArch(rs.getString("arch"))
                .setConfig(cfg)
                .setConfigHash(rs.getString("config_hash"))
                .setJsRaw(nullableDouble(rs, "js_raw"))
                .setWeightTensors(rs.getInt("weight_tensors"))
                .setDegenerateRows(rs.getInt("degenerate_rows"))
                .setDegenerateTensors(rs.getInt("degenerate_tensors"))
                .setInputDegenerate(rs.getBoolean("input_degenerate"))
                .setParams(rs.getLong("params"))
                .setSimilarityMillis(rs.getDouble("similarity_ms"))
                .setTotalMillis(rs.getDouble("total_ms"))
                .setDevice(rs.getString("device"))
                .setWorkerId(rs.getString("worker_id"))
                .setEngine(rs.getString("engine"))
                .setScoredAt(rs.getObject("scored_at", OffsetDateTime.class).toInstant())
                .setRunIds(Arrays.asList((Integer[]) rs.getArray("run_ids").getArray()))
                .build();
        for (ScoreName s : ScoreName.values()) r.put(s.column(), nullableDouble(rs, scoreColumn(s)));
        for (Pass p : Pass.values()) r.put(Convert.passField(p), nullableDouble(rs, p.column()));
        return r;
    }

    /**
     * The core result of a row ({@link #RESULT_COLUMNS}): what {@code score} would have written for the same scoring
     * (the scores CSV), without the proxies' raw values ({@code proxy_raw}, which that CSV does not carry). NULL
     * scores and pass times are absent, as in the record the row was written from.
     *
     * @throws IllegalArgumentException naming the row when its architecture or configuration is not a valid one
     */
    static ScoreResult result(ResultSet rs) throws SQLException {
        Map<ScoreName, Double> scores = new EnumMap<>(ScoreName.class);
        for (ScoreName s : ScoreName.values()) {
            Double v = nullableDouble(rs, scoreColumn(s));
            if (v != null) scores.put(s, v);
        }
        Map<Pass, Double> passes = new EnumMap<>(Pass.class);
        for (Pass p : Pass.values()) {
            Double v = nullableDouble(rs, p.column());
            if (v != null) passes.put(p, v);
        }
        Double jsRaw = nullableDouble(rs, "js_raw");
        try {
            return new ScoreResult(Arch.parse(rs.getString("arch")), Convert.fromAvro(config(rs)), scores,
                    jsRaw == null ? Double.NaN : jsRaw, rs.getInt("weight_tensors"), rs.getInt("degenerate_rows"),
                    rs.getInt("degenerate_tensors"), rs.getBoolean("input_degenerate"), rs.getLong("params"), passes,
                    rs.getDouble("similarity_ms"), rs.getDouble("total_ms"), rs.getString("device"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the scores row of architecture " + rs.getInt("arch_index") + " (config "
                    + rs.getString("config_hash") + "): " + e.getMessage(), e);
        }
    }

    /** The scoring configuration of a row, as the record carried it. */
    static ScoringConfig config(ResultSet rs) throws SQLException {
        return ScoringConfig.newBuilder()
                .setDataset(rs.getString("dataset"))
                .setBatchSize(rs.getInt("batch_size"))
                .setBatchPolicy(rs.getString("batch_policy"))
                .setTarget(rs.getString("target"))
                .setBnMode(rs.getString("bn_mode"))
                .setSeed(rs.getLong("seed"))
                .setNormalisation(rs.getString("normalisation"))
                .setData(rs.getString("data"))
                .build();
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
