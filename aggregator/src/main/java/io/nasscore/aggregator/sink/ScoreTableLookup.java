package io.nasscore.aggregator.sink;

import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreName;
import io.nasscore.producer.PersistedScores;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringConfig;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The job publisher's already-scored lookup in the sink's tables: the {@code scores} rows of exactly the submitted
 * keys (by primary key, in batches) and the sink's positions in nas.scores ({@code sink_offsets}), read in ONE
 * repeatable-read transaction. The sink writes rows and offsets in the same transaction, so the rows are exactly
 * the topic's records up to those offsets; the publisher then reads only the tail after them.
 *
 * <p>One difference from the topic: the sink ignores score tombstones (PostgreSQL keeps scores for good), so a
 * score deleted from nas.scores by a tombstone the sink has already passed still counts as scored here.
 */
public final class ScoreTableLookup implements PersistedScores {

    /** Keys per {@code WHERE score_key = ANY(?)} query: one round trip per batch, bounded statement size. */
    static final int BATCH = 5_000;

    private final DataSource ds;
    private final String sinkGroup;
    private final String scoresTopic;

    /** @param sinkGroup the consumer group of the sink that fills the tables (its rows in {@code sink_offsets}) */
    public ScoreTableLookup(DataSource ds, String sinkGroup) {
        this(ds, sinkGroup, Topics.SCORES.name());
    }

    /** The lookup in the tables of the sink {@code sink} (its group, and its catalogue's scores topic). */
    public ScoreTableLookup(DataSource ds, SinkConfig sink) {
        this(ds, sink.groupId(), sink.catalogue().scores().name());
    }

    private ScoreTableLookup(DataSource ds, String sinkGroup, String scoresTopic) {
        this.ds = ds;
        this.sinkGroup = sinkGroup;
        this.scoresTopic = scoresTopic;
    }

    /** The lookup in the tables of the default sink ({@link SinkConfig#DEFAULT_GROUP}). */
    public ScoreTableLookup(DataSource ds) {
        this(ds, SinkConfig.DEFAULT_GROUP);
    }

    @Override
    public Snapshot find(Collection<String> keys) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Map<Integer, Long> offsets = offsets(c);
                Map<String, ScoreRecord> records = new HashMap<>();
                List<String> all = new ArrayList<>(keys);
                for (int from = 0; from < all.size(); from += BATCH) {
                    rows(c, all.subList(from, Math.min(all.size(), from + BATCH)), records);
                }
                c.commit();
                return new Snapshot(records, offsets);
            } finally {
                if (!c.getAutoCommit()) c.rollback(); // no-op after the commit; ends the snapshot on an error
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + e.getMessage(), e);
        }
    }

    private Map<Integer, Long> offsets(Connection c) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT partition, next_offset FROM sink_offsets WHERE consumer_group = ? AND topic = ?")) {
            ps.setString(1, sinkGroup);
            ps.setString(2, scoresTopic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static void rows(Connection c, List<String> keys, Map<String, ScoreRecord> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM scores WHERE score_key = ANY(?)")) {
            Array a = c.createArrayOf("text", keys.toArray(new String[0]));
            ps.setArray(1, a);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ScoreRecord r = record(rs);
                    out.put(r.getScoreKey(), r);
                }
            } finally {
                a.free();
            }
        }
    }

    /** A {@code scores} row back into the record the sink wrote it from (the inverse of the sink's binding). */
    static ScoreRecord record(ResultSet rs) throws SQLException {
        ScoringConfig cfg = ScoringConfig.newBuilder()
                .setDataset(rs.getString("dataset"))
                .setBatchSize(rs.getInt("batch_size"))
                .setBatchPolicy(rs.getString("batch_policy"))
                .setTarget(rs.getString("target"))
                .setBnMode(rs.getString("bn_mode"))
                .setSeed(rs.getLong("seed"))
                .setNormalisation(rs.getString("normalisation"))
                .setData(rs.getString("data"))
                .build();
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
        for (ScoreName s : ScoreName.values()) r.put(s.column(), nullableDouble(rs, s.column().toLowerCase(Locale.ROOT)));
        for (Pass p : Pass.values()) r.put(Convert.passField(p), nullableDouble(rs, p.label().replace('.', '_') + "_ms"));
        return r;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    @Override
    public String toString() {
        return "PostgreSQL's scores table (sink group " + sinkGroup + ")";
    }
}
