package io.nasscore.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The queries users run, timed on whatever the database holds (a million rows after DeployedBench): the README's
 * three, the report's and the demo's. Each: the median wall time of 3 runs with every row fetched over JDBC, then
 * its {@code EXPLAIN (ANALYZE, BUFFERS)} plan.
 */
final class SqlTimings {
    private SqlTimings() {}

    static Map<String, String> queries(String experiment) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("README 1: v_score_quality, cumulative", "SELECT experiment, score, subset, n, round(monotonicity::numeric,3) AS mono, "
                + "round(slope::numeric,4) AS slope FROM v_score_quality WHERE window_name = 'cumulative' ORDER BY experiment, score_order, subset");
        q.put("README 2: top 5 WPJS of an experiment", "SELECT arch_index, arch, round(wpjs::numeric,4) AS wpjs, cifar10_test "
                + "FROM v_experiment_scores WHERE member_experiment = '" + experiment + "' ORDER BY wpjs DESC LIMIT 5");
        q.put("README 3: per dataset over v_scores", "SELECT dataset, count(*), round(avg(total_ms)) AS ms_per_arch FROM v_scores GROUP BY dataset");
        q.put("report: an experiment's rows", "SELECT * FROM v_experiment_scores WHERE member_experiment = '" + experiment + "' ORDER BY arch_index");
        q.put("demo: the quality table", "SELECT score, subset, n, round(monotonicity::numeric, 4) AS monotonicity, round(tau_b::numeric, 4) AS tau_b, "
                + "round(spearman::numeric, 4) AS spearman, round((slope * slope_sign)::numeric, 4) AS slope, round(r2::numeric, 4) AS r2, "
                + "round(best_acc_mean::numeric, 2) AS best_acc, round(best_percentile_mean::numeric, 1) AS best_pct, "
                + "round(mean_ms::numeric, 0) AS ms_per_arch FROM v_score_quality WHERE experiment = '" + experiment
                + "' AND window_name = 'cumulative' ORDER BY score_order, subset DESC");
        q.put("demo: earlier demos", "SELECT count(DISTINCT experiment) FROM experiment_scores WHERE experiment ~ '^demo-[0-9]+$'");
        q.put("demo: an experiment's progress", "SELECT requested, scored, dead_lettered, waiting FROM v_experiment_progress "
                + "WHERE experiment = '" + experiment + "'");
        q.put("ops: every experiment's progress", "SELECT * FROM v_experiment_progress ORDER BY experiment");
        q.put("demo/bench: an experiment's row count", "SELECT count(*) FROM experiment_scores WHERE experiment = '" + experiment + "'");
        return q;
    }

    static void report(DataSource db, String experiment) throws SQLException {
        List<String> plans = new ArrayList<>();
        System.out.println("| query | rows | wall ms, median of 3 (rows fetched) | EXPLAIN ANALYZE execution ms |");
        System.out.println("|---|---:|---:|---:|");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> e : queries(experiment).entrySet()) {
                double[] ms = new double[3];
                long rows = 0;
                for (int i = 0; i < ms.length; i++) {
                    long t0 = System.nanoTime();
                    rows = 0;
                    try (ResultSet rs = s.executeQuery(e.getValue())) {
                        int cols = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int k = 1; k <= cols; k++) rs.getObject(k);
                            rows++;
                        }
                    }
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                java.util.Arrays.sort(ms);
                StringBuilder plan = new StringBuilder();
                String exec = "?";
                try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + e.getValue())) {
                    while (rs.next()) {
                        String line = rs.getString(1);
                        plan.append(line).append('\n');
                        if (line.startsWith("Execution Time:")) exec = line.replaceAll("[^0-9.]", "");
                    }
                }
                plans.add("-- " + e.getKey() + "\n" + e.getValue() + "\n" + plan);
                System.out.printf(Locale.ROOT, "| %s | %,d | %.0f | %s |%n", e.getKey(), rows, ms[1], exec);
            }
        }
        System.out.println();
        System.out.println("```");
        plans.forEach(System.out::println);
        System.out.println("```");
    }
}
