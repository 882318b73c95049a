package io.nasscore.systest;

import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.metrics.QualityMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What must hold after every scenario, read from PostgreSQL: the rows, their scores, and the score quality. */
final class Checks {
    private Checks() {}

    /** The arch indices of the experiment's rows (experiment_scores), duplicates included. */
    static List<Integer> rows(PgServer pg, String experiment) {
        List<Integer> out = new ArrayList<>();
        try (Connection c = pg.connect();
             PreparedStatement ps = c.prepareStatement("SELECT arch_index FROM experiment_scores WHERE experiment = ?")) {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getInt(1));
            }
        } catch (SQLException e) {
            return null; // the database is down (a scenario stopped it): no answer yet
        }
        return out;
    }

    static int rowCount(PgServer pg, String experiment) {
        List<Integer> r = rows(pg, experiment);
        return r == null ? -1 : r.size();
    }

    /** The experiment's rows that lack one of the requested scores (NULL), as "arch:SCORE". */
    static List<String> missingScores(PgServer pg, String experiment, Collection<String> scores) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (Connection c = pg.connect();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM v_experiment_scores WHERE member_experiment = ?")) {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (String s : scores) {
                        rs.getDouble(s.toLowerCase(Locale.ROOT));
                        if (rs.wasNull()) missing.add(rs.getInt("arch_index") + ":" + s);
                    }
                }
            }
        }
        return missing;
    }

    /**
     * The differences between the cumulative score_quality rows of the experiment and core {@link Evaluation} over the
     * scores and cifar10 accuracies PostgreSQL holds for it (n, monotonicity, tau-b, Spearman, slope, R²); empty when
     * they agree.
     */
    static List<String> qualityDiffs(PgServer pg, String experiment, Collection<String> scores) throws SQLException {
        List<Integer> idx = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        Map<String, List<Double>> cols = new HashMap<>();
        scores.forEach(s -> cols.put(s, new ArrayList<>()));
        Map<String, double[]> actual = new HashMap<>();
        try (Connection c = pg.connect()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM v_experiment_scores WHERE member_experiment = ? ORDER BY arch_index")) {
                ps.setString(1, experiment);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        idx.add(rs.getInt("arch_index"));
                        acc.add(rs.getDouble("cifar10_test"));
                        for (String s : scores) cols.get(s).add(rs.getDouble(s.toLowerCase(Locale.ROOT)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM score_quality WHERE experiment = ? AND window_name = 'cumulative' AND dataset = 'cifar10'")) {
                ps.setString(1, experiment);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        actual.put(rs.getString("score") + "/" + rs.getString("subset"), new double[] {rs.getInt("n"),
                            rs.getDouble("monotonicity"), rs.getDouble("tau_b"), rs.getDouble("spearman"), rs.getDouble("slope"), rs.getDouble("r2")});
                    }
                }
            }
        }
        Map<String, double[]> columns = new java.util.LinkedHashMap<>();
        for (String s : scores) columns.put(s, cols.get(s).stream().mapToDouble(Double::doubleValue).toArray());
        List<Evaluation.Row> expected = Evaluation.evaluate(idx.stream().mapToInt(Integer::intValue).toArray(), columns,
                acc.stream().mapToDouble(Double::doubleValue).toArray(), null);
        List<String> diffs = new ArrayList<>();
        for (Evaluation.Row r : expected) {
            QualityMetrics m = r.metrics();
            String key = r.score() + "/" + m.subset().id();
            double[] a = actual.get(key);
            if (a == null) {
                diffs.add(key + ": no score_quality row");
                continue;
            }
            double[] e = {m.n(), m.monotonicity(), m.tauB(), m.spearman(), m.slope(), m.r2()};
            for (int k = 0; k < e.length; k++) {
                boolean same = Double.isNaN(e[k]) ? Double.isNaN(a[k]) : Math.abs(a[k] - e[k]) <= 1e-9 * Math.max(1, Math.abs(e[k]));
                if (!same) diffs.add(String.format(Locale.ROOT, "%s metric %d: score_quality %s, Evaluation %s", key, k, a[k], e[k]));
            }
        }
        return diffs;
    }

    /** Set difference, both ways, for messages: what is missing from {@code actual} and what is extra. */
    static String difference(Set<Integer> expected, Collection<Integer> actual) {
        Set<Integer> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<Integer> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        return "missing " + missing.size() + " " + head(missing) + ", extra " + extra.size() + " " + head(extra);
    }

    private static String head(Set<Integer> s) {
        return s.stream().limit(10).toList().toString();
    }
}
