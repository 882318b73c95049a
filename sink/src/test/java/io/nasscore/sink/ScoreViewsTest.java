package io.nasscore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * v_scores looks the accuracies up per row (so that a query on one experiment does not aggregate the whole
 * ground_truth table): its rows must equal those of the first definition, a join with ground_truth aggregated per
 * arch, on every case: three datasets, an arch without truth, one with truth for some metrics only.
 */
class ScoreViewsTest {
    static final String FIRST_DEFINITION = """
            WITH truth AS (
                SELECT arch_index,
                       max(accuracy) FILTER (WHERE metric = 'cifar10_test')    AS cifar10_test,
                       max(accuracy) FILTER (WHERE metric = 'cifar100_test')   AS cifar100_test,
                       max(accuracy) FILTER (WHERE metric = 'imagenet16_test') AS imagenet16_test
                FROM ground_truth GROUP BY arch_index)
            SELECT s.score_key, s.dataset, s.arch_index, t.cifar10_test, t.cifar100_test, t.imagenet16_test,
                   CASE s.dataset WHEN 'cifar10' THEN t.cifar10_test
                                  WHEN 'cifar100' THEN t.cifar100_test
                                  WHEN 'imagenet16-120' THEN t.imagenet16_test END AS accuracy
            FROM scores s LEFT JOIN truth t ON t.arch_index = s.arch_index""";

    @TempDir Path dir;

    @Test
    void theAccuraciesAreThoseOfTheFirstDefinition() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
             HikariDataSource ds = Database.dataSource(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")) {
            Database.migrate(ds);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                // truth: arch 0 on all three, arch 1 on cifar10 only, arch 2 on cifar100 and imagenet, arch 3 none
                s.execute("INSERT INTO ground_truth (dataset, arch_index, metric, accuracy, arch, source) VALUES "
                        + "('cifar10', 0, 'cifar10_test', 91.5, 'a0', 't'), ('cifar100', 0, 'cifar100_test', 70.25, 'a0', 't'), "
                        + "('imagenet16-120', 0, 'imagenet16_test', 44.0, 'a0', 't'), ('cifar10', 1, 'cifar10_test', 80.0, 'a1', 't'), "
                        + "('cifar100', 2, 'cifar100_test', 60.0, 'a2', 't'), ('imagenet16-120', 2, 'imagenet16_test', 30.5, 'a2', 't')");
                String[] datasets = {"cifar10", "cifar100", "imagenet16-120"};
                for (int arch = 0; arch < 4; arch++) {
                    for (String d : datasets) {
                        s.execute("INSERT INTO scores (score_key, experiment, job_id, arch_index, arch, config_hash, dataset, batch_size, "
                                + "batch_policy, target, bn_mode, seed, normalisation, data, weight_tensors, degenerate_rows, "
                                + "degenerate_tensors, input_degenerate, params, similarity_ms, total_ms, device, worker_id, engine, scored_at) "
                                + "VALUES ('h/" + d + "/" + arch + "/0', 'e', 'j', " + arch + ", 'a', 'h', '" + d + "', 8, 'fixed', 'loss', "
                                + "'train', 0, 'bounds', 'shipped', 0, 0, 0, false, 1, 0, 0, 'cpu', 'w', 'x', now())");
                    }
                }
                String view = "SELECT score_key, dataset, arch_index, cifar10_test, cifar100_test, imagenet16_test, accuracy FROM v_scores";
                assertThat(count(s, "SELECT count(*) FROM (" + view + ") v")).isEqualTo(12);
                assertThat(count(s, "SELECT count(*) FROM ((" + view + ") EXCEPT (" + FIRST_DEFINITION + ")) d")).isZero();
                assertThat(count(s, "SELECT count(*) FROM ((" + FIRST_DEFINITION + ") EXCEPT (" + view + ")) d")).isZero();
                assertThat(count(s, "SELECT count(*) FROM v_scores WHERE accuracy IS NOT NULL")).isEqualTo(6);
            }
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
