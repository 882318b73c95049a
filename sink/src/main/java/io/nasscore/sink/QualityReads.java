package io.nasscore.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The demo's reads of the tables the sink fills (beside {@link Database#scoreCount}): the SQL stays with the schema
 * it reads, so a migration that changes a column changes its readers in the same module.
 */
public final class QualityReads {
    private QualityReads() {}

    /** How far an experiment's cumulative tables are: their number, the fewest points of one, the most excluded. */
    public record Progress(int tables, int minPoints, int excluded) {}

    /** What an experiment asked for, by state (v_experiment_progress): requested = scored + deadLettered + waiting. */
    public record Requests(long requested, long scored, long deadLettered, long waiting) {}

    /** A query's result as text: its column labels and its rows (NULL as ""). */
    public record Table(List<String> header, List<List<String>> rows) {}

    /** How many experiments named {@code demo-<n>} PostgreSQL already holds. */
    public static int earlierDemos(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT experiment) FROM experiment_scores WHERE experiment ~ '^demo-[0-9]+$'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The cumulative {@code all} rows of {@code experiment}: how many, and their fewest points and excluded archs. */
    public static Progress progress(DataSource ds, String experiment) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), coalesce(min(n), 0), coalesce(min(excluded), 0) FROM score_quality "
                        + "WHERE experiment = ? AND window_name = 'cumulative' AND subset = 'all'")) {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Progress(rs.getInt(1), rs.getInt(2), rs.getInt(3));
            }
        }
    }

    /** Where {@code experiment}'s requests stand (all zero before the sink has seen any of them). */
    public static Requests requests(DataSource ds, String experiment) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT requested, scored, dead_lettered, waiting FROM v_experiment_progress WHERE experiment = ?")) {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Requests(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))
                        : new Requests(0, 0, 0, 0);
            }
        }
    }

    /** The demo's score-quality table of {@code experiment}: cumulative window, in score order, rounded for reading. */
    public static Table qualityTable(DataSource ds, String experiment) throws SQLException {
        String sql = "SELECT score, subset, n, round(monotonicity::numeric, 4) AS monotonicity, round(tau_b::numeric, 4) AS tau_b, "
                + "round(spearman::numeric, 4) AS spearman, round((slope * slope_sign)::numeric, 4) AS slope, round(r2::numeric, 4) AS r2, "
                + "round(best_acc_mean::numeric, 2) AS best_acc, round(best_percentile_mean::numeric, 1) AS best_pct, "
                + "round(mean_ms::numeric, 0) AS ms_per_arch "
                + "FROM v_score_quality WHERE experiment = ? AND window_name = 'cumulative' ORDER BY score_order, subset DESC";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> header = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) header.add(md.getColumnLabel(i));
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> r = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String v = rs.getString(i);
                        r.add(v == null ? "" : v);
                    }
                    rows.add(r);
                }
                return new Table(header, rows);
            }
        }
    }
}
