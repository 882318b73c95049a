package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.stack.EmbeddedStack;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.metrics.Subset;
import io.nasscore.core.score.ScoreName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end on the real embedded stack (KRaft broker, PostgreSQL), with the real DJL scorer on a
 * small batch: one row per unique job with all twelve scores, score-quality rows equal to `evaluate` over the same
 * scores, and a resubmission that changes no count.
 */
class DemoEndToEndTest {

    @TempDir Path dir;

    @Test
    void demoScoresPersistsAggregatesAndIsIdempotentOnResubmission() throws Exception {
        Path data = dir.resolve("stack");
        String[] demo = {"demo", "--data-dir", data.toString(), "--kafka-port", "0", "--pg-port", "0",
            "--sample", "6", "--batch", "8", "--seed", "3", "--experiment", "e2e", "--device", "cpu",
            "--report", dir.resolve("report").toString()};
        // what reaches the terminal besides the command's own output: only nasscore's lines, never Kafka's or DJL's
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream realErr = System.err;
        System.setErr(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
        Cli.Result first;
        try {
            first = Cli.run(demo);
        } finally {
            System.setErr(realErr);
        }
        assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
                .allSatisfy(l -> assertThat(l).matches("(WARN|ERROR) [A-Z]\\w*: .*").doesNotContainIgnoringCase("kafka")
                        .doesNotContainIgnoringCase("djl").doesNotContain("GPU"));
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("6 jobs to score, 0 already scored").contains("score quality of e2e")
                .contains("./nasscore sql --data-dir " + data + " \"SELECT"); // the hint names the data dir it used
        assertThat(dir.resolve("report/index.html")).exists();
        // the report is the library's, of this experiment's six architectures (one run of the sample)
        assertThat(first.err()).doesNotContain("could not be written");
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("report/table.csv")).get(1)).startsWith("JS,all,6,");

        Map<String, Long> before;
        try (EmbeddedStack pg = EmbeddedStack.builder(data).kafka(false).postgresPort(0).start();
             Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.dbUser(), pg.dbPassword());
             Statement s = c.createStatement()) {
            before = counts(s);
            assertThat(before.get("members")).isEqualTo(6);
            assertThat(before.get("scores")).isEqualTo(6);
            assertThat(before.get("jobs")).isEqualTo(6);
            assertThat(before.get("requested")).isEqualTo(6);
            assertThat(before.get("requested scored")).isEqualTo(6);
            assertThat(before.get("requested dead-lettered or waiting")).isZero();
            // every one of the twelve scores is present on every row
            StringBuilder nulls = new StringBuilder("SELECT count(*) FROM v_experiment_scores WHERE member_experiment = 'e2e' AND (false");
            for (ScoreName n : ScoreName.PAPER) nulls.append(" OR ").append(n.name().toLowerCase(Locale.ROOT)).append(" IS NULL");
            assertThat(single(s, nulls.append(")").toString())).isZero();
            // 12 scores x 2 subsets x 2 windows
            assertThat(before.get("quality")).isEqualTo(13 * 4); // the twelve scores and ensemble_twelve
            assertQualityEqualsEvaluate(s);
        }

        Cli.Result again = Cli.run(demo);
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("0 jobs to score, 6 already scored");
        try (EmbeddedStack pg = EmbeddedStack.builder(data).kafka(false).postgresPort(0).start();
             Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.dbUser(), pg.dbPassword());
             Statement s = c.createStatement()) {
            assertThat(counts(s)).isEqualTo(before);
            assertQualityEqualsEvaluate(s);
        }
        assertThat(Files.list(data).map(p -> p.getFileName().toString())).contains("kafka", "postgres");
    }

    private static Map<String, Long> counts(Statement s) throws Exception {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("members", single(s, "SELECT count(*) FROM experiment_scores WHERE experiment = 'e2e'"));
        m.put("scores", single(s, "SELECT count(*) FROM scores"));
        m.put("quality", single(s, "SELECT count(*) FROM score_quality WHERE experiment = 'e2e'"));
        m.put("truth", single(s, "SELECT count(*) FROM ground_truth"));
        // the resubmission re-publishes the six scores without a job: the same requests, all scored
        m.put("jobs", single(s, "SELECT count(*) FROM experiment_jobs WHERE experiment = 'e2e'"));
        m.put("requested", single(s, "SELECT requested FROM v_experiment_progress WHERE experiment = 'e2e'"));
        m.put("requested scored", single(s, "SELECT scored FROM v_experiment_progress WHERE experiment = 'e2e'"));
        m.put("requested dead-lettered or waiting",
                single(s, "SELECT dead_lettered + waiting FROM v_experiment_progress WHERE experiment = 'e2e'"));
        return m;
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The aggregator's cumulative rows equal core Evaluation over the scores and accuracies PostgreSQL holds. */
    private static void assertQualityEqualsEvaluate(Statement s) throws Exception {
        List<Integer> idx = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        Map<String, List<Double>> cols = new LinkedHashMap<>();
        for (ScoreName n : ScoreName.PAPER) cols.put(n.name(), new ArrayList<>());
        try (ResultSet rs = s.executeQuery("SELECT * FROM v_experiment_scores WHERE member_experiment = 'e2e' ORDER BY arch_index")) {
            while (rs.next()) {
                idx.add(rs.getInt("arch_index"));
                acc.add(rs.getDouble("cifar10_test"));
                for (ScoreName n : ScoreName.PAPER) cols.get(n.name()).add(rs.getDouble(n.name().toLowerCase(Locale.ROOT)));
            }
        }
        Map<String, double[]> columns = new LinkedHashMap<>();
        cols.forEach((k, v) -> columns.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        int[] indices = idx.stream().mapToInt(Integer::intValue).toArray();
        double[] accuracy = acc.stream().mapToDouble(Double::doubleValue).toArray();
        List<Evaluation.Row> expected = new java.util.ArrayList<>(Evaluation.evaluate(indices, columns, accuracy, null));
        Map<String, double[]> members = new LinkedHashMap<>(columns);
        members.put("params", java.util.Arrays.stream(indices)
                .mapToDouble(i -> io.nasscore.core.space.Cost.params(io.nasscore.core.space.SearchSpace.arch(i), 10)).toArray());
        expected.addAll(Evaluation.evaluate(indices, io.nasscore.core.metrics.Combinations.ENSEMBLE_TWELVE, members, accuracy, null));
        Map<String, double[]> actual = new HashMap<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM score_quality WHERE experiment = 'e2e' AND window_name = 'cumulative'")) {
            while (rs.next()) {
                actual.put(rs.getString("score") + "/" + rs.getString("subset"), new double[] {rs.getInt("n"),
                    rs.getDouble("monotonicity"), rs.getDouble("tau_b"), rs.getDouble("spearman"), rs.getDouble("slope"), rs.getDouble("r2")});
            }
        }
        assertThat(actual).hasSize(26);
        for (Evaluation.Row r : expected) {
            QualityMetrics m = r.metrics();
            double[] a = actual.get(r.score() + "/" + m.subset().id());
            assertThat(a).as(r.score() + " " + m.subset().id()).isNotNull();
            assertThat((int) a[0]).isEqualTo(m.n());
            if (m.subset() == Subset.ALL) assertThat(m.n()).isEqualTo(6);
            double[] e = {m.monotonicity(), m.tauB(), m.spearman(), m.slope(), m.r2()};
            for (int k = 0; k < e.length; k++) {
                if (Double.isNaN(e[k])) assertThat(a[k + 1]).as(r.score() + " metric " + k).isNaN();
                else assertThat(a[k + 1]).as(r.score() + " metric " + k).isCloseTo(e[k], Offset.offset(1e-12));
            }
        }
    }
}
