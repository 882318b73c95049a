package io.nasscore.sink;

import io.nasscore.producer.PersistedScores;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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
                Map<Integer, Long> offsets = StoredPositions.ofTopic(c, sinkGroup, scoresTopic);
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

    private static void rows(Connection c, List<String> keys, Map<String, ScoreRecord> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM scores WHERE score_key = ANY(?)")) {
            Array a = c.createArrayOf("text", keys.toArray(new String[0]));
            ps.setArray(1, a);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ScoreRecord r = ScoreRows.read(rs);
                    out.put(r.getScoreKey(), r);
                }
            } finally {
                a.free();
            }
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL's scores table (sink group " + sinkGroup + ")";
    }
}
