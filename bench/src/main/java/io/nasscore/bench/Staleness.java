package io.nasscore.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * How stale the aggregator's tables were, from what PostgreSQL recorded: for every score of an experiment (ranked
 * by {@code scored_at}, the worker's clock), the first {@code score_quality_history} row of the experiment's JS
 * table (cumulative, all) that counts at least that many points, minus the score's {@code scored_at}. The worst
 * over an experiment's scores is how long a scored record waited to be in the table.
 */
final class Staleness {
    private Staleness() {}

    static final String SQL = """
            WITH pts AS (
                SELECT s.scored_at, row_number() OVER (ORDER BY s.scored_at) AS k
                FROM experiment_scores e JOIN scores s ON s.score_key = e.score_key WHERE e.experiment = ?),
            h AS (
                SELECT updated_at, n + excluded AS m FROM score_quality_history
                WHERE experiment = ? AND score = 'JS' AND subset = 'all' AND window_name = 'cumulative')
            SELECT extract(epoch FROM max((SELECT min(h.updated_at) FROM h WHERE h.m >= pts.k) - pts.scored_at)),
                   count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM h WHERE h.m >= pts.k)),
                   extract(epoch FROM now() - min(pts.scored_at) FILTER (WHERE NOT EXISTS (SELECT 1 FROM h WHERE h.m >= pts.k)))
            FROM pts""";

    static void report(DataSource db, int jobs, int runs) throws Exception {
        boolean complete = awaitTables(db, jobs, runs);
        long missing = 0;
        double[] worst = new double[runs];
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            for (int r = 0; r < runs; r++) {
                ps.setString(1, "deployed-" + r);
                ps.setString(2, "deployed-" + r);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    // a point not yet in its table when the wait ended: stale by at least until now
                    if (rs.getLong(2) > 0) {
                        missing += rs.getLong(2);
                        worst[r] = rs.getDouble(3);
                    } else {
                        worst[r] = rs.getDouble(1);
                    }
                }
            }
        }
        double[] sorted = worst.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "Aggregator staleness (a scored record until it is in its experiment's table), over %d experiments "
                + "of %,d points: worst %.1f s, median of the experiments' worst %.1f s; over 5 s in %d experiment(s)%n", runs, jobs,
                sorted[runs - 1], sorted[runs / 2], Arrays.stream(worst).filter(w -> w > 5).count());
        if (!complete) {
            System.out.printf(Locale.ROOT, "**The tables were still incomplete after the wait: %,d points (of %,d) not yet in them; "
                    + "for those experiments the figure is the age of the oldest missing point (a lower bound).**%n", missing, (long) jobs * runs);
        }
        StringBuilder per = new StringBuilder("per experiment (s):");
        for (double w : worst) per.append(String.format(Locale.ROOT, " %.1f", w));
        System.out.println(per);
    }

    /** Until every experiment's tables (the twelve scores, and the combined one where it is computed) count all its points ({@code -Dbench.staleMinutes}, default 3, at most). */
    private static boolean awaitTables(DataSource db, int jobs, int runs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(Long.getLong("bench.staleMinutes", 3)).toNanos();
        String sql = "SELECT count(*) FROM (SELECT experiment FROM score_quality WHERE window_name = 'cumulative' AND subset = 'all' "
                + "AND experiment LIKE 'deployed-%' GROUP BY experiment HAVING count(*) >= 12 AND min(n + excluded) >= ?) t";
        while (true) {
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, jobs);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= runs) return true;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(500);
        }
    }
}
