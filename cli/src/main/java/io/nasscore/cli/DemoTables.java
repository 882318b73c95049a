package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.sink.Database;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The demo's reads of the sink's tables: earlier demo experiments, the score-quality rows it waits for, the table it prints. */
final class DemoTables {
    private DemoTables() {}

    static int earlierDemos(HikariDataSource db) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT experiment) FROM experiment_scores WHERE experiment ~ '^demo-[0-9]+$'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Waits until the cumulative `all` row of every requested score has seen every point. */
    static long awaitQuality(HikariDataSource db, String experiment, int points, int scores, long deadline) throws Exception {
        String sql = "SELECT count(*), coalesce(min(n), 0) FROM score_quality WHERE experiment = ? AND window_name = 'cumulative' AND subset = 'all'";
        while (true) {
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, experiment);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= scores && rs.getInt(2) + countExcluded(c, experiment) >= points) {
                        return Database.qualityCount(db, experiment);
                    }
                }
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for the score-quality tables of " + experiment);
            Thread.sleep(250);
        }
    }

    static int countExcluded(Connection c, String experiment) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(min(excluded), 0) FROM score_quality WHERE experiment = ? AND window_name = 'cumulative' AND subset = 'all'")) {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static void printTable(PrintWriter out, HikariDataSource db, String experiment) throws SQLException {
        String sql = "SELECT score, subset, n, round(monotonicity::numeric, 4) AS monotonicity, round(tau_b::numeric, 4) AS tau_b, "
                + "round(spearman::numeric, 4) AS spearman, round((slope * slope_sign)::numeric, 4) AS slope, round(r2::numeric, 4) AS r2, "
                + "round(best_acc_mean::numeric, 2) AS best_acc, round(best_percentile_mean::numeric, 1) AS best_pct, "
                + "round(mean_ms::numeric, 0) AS ms_per_arch "
                + "FROM v_score_quality WHERE experiment = ? AND window_name = 'cumulative' ORDER BY score_order, subset DESC";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
                out.println("score quality of " + experiment + " (cumulative window; CIFAR-10 test accuracy):");
                out.print(Tables.render(header, rows));
                out.flush();
            }
        }
    }
}
