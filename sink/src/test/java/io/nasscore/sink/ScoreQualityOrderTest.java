package io.nasscore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.core.metrics.Combination;
import io.nasscore.core.metrics.Combinations;
import io.nasscore.core.score.ScoreName;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * score_quality and v_score_quality take every name the aggregator emits (the twelve, the proxies, the combined
 * scores) and order them: the paper's twelve, the proxies, then the combined scores, as the demo's table prints them.
 * A score name added to core without its place in v_score_quality's score_order fails here.
 */
class ScoreQualityOrderTest {
    @TempDir Path dir;

    @Test
    void everyScoreNameHasItsPlaceInTheQualityView() throws Exception {
        List<String> names = new ArrayList<>();
        for (ScoreName s : ScoreName.values()) names.add(s.column());
        for (Combination c : Combinations.ALL) names.add(c.name());
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new java.util.Random(3));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
             HikariDataSource ds = Database.dataSource(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")) {
            Database.migrate(ds);
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO score_quality (experiment, dataset, score, subset, window_name, config_hash, n, excluded, "
                            + "monotonicity, tau_b, spearman, slope, slope_sign, r2, runs, updated_at) "
                            + "VALUES ('e', 'cifar10', ?, ?, 'cumulative', 'h', 10, 1, ?, 0.5, 0.5, 0.1, 1, 0.2, 0, now())")) {
                for (String name : shuffled) {
                    for (String subset : List.of("above-median", "all")) {
                        ps.setString(1, name);
                        ps.setString(2, subset);
                        // a degenerate set gives NaN metrics: the columns take them
                        ps.setDouble(3, name.equals("vote") ? Double.NaN : 0.5);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            QualityReads.Table table = QualityReads.qualityTable(ds, "e");
            List<String> order = new ArrayList<>();
            for (List<String> row : table.rows()) {
                if (row.get(1).equals("all")) order.add(row.get(0));
            }
            assertThat(order).as("the demo's table, ordered by v_score_quality.score_order").containsExactlyElementsOf(names);
            assertThat(table.rows()).hasSize(2 * names.size());
        }
    }
}
