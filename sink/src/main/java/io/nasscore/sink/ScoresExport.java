package io.nasscore.sink;

import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.table.ScoresCsv;
import io.nasscore.schemas.Convert;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * One experiment's scores from PostgreSQL as the scores CSV that {@code score} writes ({@link ScoresCsv}): the way
 * back from the pipeline's tables to the file {@code evaluate} and {@code report} read and docs/results/ ships.
 *
 * <p>It reads {@code v_experiment_scores} (a score shared by two experiments belongs to both), so a team's reader
 * login can export too. One configuration per file: a scores CSV holds one row per architecture. The rows are read
 * in one repeatable-read snapshot, streamed ({@link #FETCH} at a time, in architecture order) and written one line
 * each, so a whole space costs no more memory than a few rows, and an export taken while the sink is still writing
 * is the consistent state of one moment. Every column is the one {@code score} would have written for the same
 * scoring (the cells come from {@link ScoresCsv.Layout#row}); the times and device are the worker's.
 */
public final class ScoresExport {
    private ScoresExport() {}

    static final String VIEW = "v_experiment_scores";

    /** Rows per round trip: the driver streams only with a fetch size (and outside auto-commit). */
    static final int FETCH = 1_000;

    /** SQLSTATE of a relation that does not exist. */
    private static final String UNDEFINED_TABLE = "42P01";

    /** How many of the database's experiments an error names. */
    private static final int NAMED = 5;

    /** A configuration an experiment holds, and on how many architectures. */
    public record Configuration(String hash, ScoreConfig config, long architectures) {
        String describe() {
            return hash + " (" + config.canonical() + ", " + architectures + (architectures == 1 ? " architecture)" : " architectures)");
        }
    }

    /**
     * Writes the scores CSV of {@code experiment} to {@code out}: the header, then one row per architecture in index
     * order. Only the writer is written to; the caller closes it.
     *
     * @param configHash the configuration to export when the experiment holds several (null: its only one)
     * @return the configuration written and its number of rows
     * @throws IllegalArgumentException naming the experiment when it has no scores, or holds several configurations
     *     and {@code configHash} names none of them
     * @throws IllegalArgumentException when the database has no nasscore schema
     * @throws IllegalStateException when PostgreSQL fails
     */
    public static Configuration write(DataSource ds, String experiment, String configHash, Writer out) throws IOException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Configuration chosen = choose(c, experiment, configHash);
                rows(c, experiment, chosen.hash(), out);
                c.commit();
                return chosen;
            } finally {
                if (!c.getAutoCommit()) c.rollback(); // no-op after the commit; ends the snapshot on an error
            }
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw new IllegalArgumentException("the database has no " + VIEW + ": no nasscore sink has written to it"
                        + " (the sink, `aggregate` and `up` create the schema); check --jdbc-url or --data-dir", e);
            }
            throw new IllegalStateException("PostgreSQL: " + SinkSql.rootMessage(e), e);
        }
    }

    private static Configuration choose(Connection c, String experiment, String configHash) throws SQLException {
        List<Configuration> configs = configurations(c, experiment);
        String what = "experiment '" + experiment + "'";
        if (configs.isEmpty()) throw new IllegalArgumentException(what + " has no scores in the database (" + VIEW + "); "
                + experiments(c));
        if (configHash != null) {
            String wanted = configHash.trim().toLowerCase(Locale.ROOT);
            for (Configuration k : configs) if (k.hash().equals(wanted)) return k;
            throw new IllegalArgumentException(what + " has no configuration '" + configHash + "'; it has " + listing(configs));
        }
        if (configs.size() > 1) {
            throw new IllegalArgumentException(what + " holds " + configs.size() + " score configurations: " + listing(configs)
                    + "; choose one with --config-hash HASH");
        }
        return configs.get(0);
    }

    /** The configurations {@code experiment} holds, most architectures first. */
    private static List<Configuration> configurations(Connection c, String experiment) throws SQLException {
        String cfg = "config_hash, dataset, batch_size, batch_policy, target, bn_mode, seed, normalisation, data";
        String sql = "SELECT " + cfg + ", count(*) AS n FROM " + VIEW + " WHERE member_experiment = ? GROUP BY " + cfg
                + " ORDER BY n DESC, config_hash";
        List<Configuration> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ScoreConfig config;
                    try {
                        config = Convert.fromAvro(ScoreRows.config(rs));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("experiment '" + experiment + "', configuration "
                                + rs.getString("config_hash") + ": " + e.getMessage(), e);
                    }
                    out.add(new Configuration(rs.getString("config_hash"), config, rs.getLong("n")));
                }
            }
        }
        return out;
    }

    private static void rows(Connection c, String experiment, String hash, Writer out) throws SQLException, IOException {
        String sql = "SELECT " + String.join(", ", ScoreRows.RESULT_COLUMNS) + " FROM " + VIEW
                + " WHERE member_experiment = ? AND config_hash = ? ORDER BY arch_index";
        ScoresCsv.Layout layout = ScoresCsv.Layout.current();
        out.write(ScoresCsv.header());
        out.write('\n');
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH);
            ps.setString(1, experiment);
            ps.setString(2, hash);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.write(layout.row(ScoreRows.result(rs)));
                    out.write('\n');
                }
            }
        }
    }

    /** The experiments the database holds, a few by name, for the message of an experiment it does not. */
    private static String experiments(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT member_experiment FROM " + VIEW
                + " GROUP BY member_experiment ORDER BY member_experiment LIMIT " + (NAMED + 1));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) names.add(rs.getString(1));
        }
        if (names.isEmpty()) return "the database holds no scores yet";
        String listed = String.join(", ", names.subList(0, Math.min(NAMED, names.size())));
        return "its experiments: " + listed + (names.size() > NAMED ? ", ..." : "");
    }

    private static String listing(List<Configuration> configs) {
        List<String> parts = new ArrayList<>();
        for (Configuration k : configs) parts.add(k.describe());
        return String.join("; ", parts);
    }
}
