package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.stack.EmbeddedStack;
import io.nasscore.core.score.ScoreName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: {@code demo --scores JS} then {@code demo --scores all} on the same sample waited forever for eleven
 * quality tables, because the JS-only records counted as already scored. The second demo must score the
 * architectures again and get every score (no-op scorer: the pipeline, not the network, is under test).
 */
class DemoMoreScoresTest {

    @TempDir Path dir;

    @Test
    void aDemoAskingForMoreScoresThanAnEarlierOneScoresThemAll() throws Exception {
        Path data = dir.resolve("stack");
        Cli.Result js = Cli.run(demo(data, "js-only", "JS"));
        assertThat(js.code()).as(js.out() + js.err()).isZero();
        assertThat(js.out()).contains("5 jobs to score, 0 already scored");

        Cli.Result all = Cli.run(demo(data, "all-twelve", "all"));
        assertThat(all.code()).as(all.out() + all.err()).isZero();
        assertThat(all.out()).contains("5 jobs to score, 0 already scored");

        try (EmbeddedStack pg = EmbeddedStack.builder(data).kafka(false).postgresPort(0).start();
             Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.dbUser(), pg.dbPassword());
             Statement s = c.createStatement()) {
            StringBuilder complete = new StringBuilder(
                    "SELECT count(*) FROM v_experiment_scores WHERE member_experiment = 'all-twelve'");
            for (ScoreName n : ScoreName.PAPER) complete.append(" AND ").append(n.name().toLowerCase(Locale.ROOT)).append(" IS NOT NULL");
            assertThat(single(s, complete.toString())).isEqualTo(5);
            assertThat(single(s, "SELECT count(DISTINCT score) FROM score_quality WHERE experiment = 'all-twelve'"))
                    .as("the twelve and ensemble_twelve").isEqualTo(ScoreName.PAPER.size() + 1);
        }
    }

    private String[] demo(Path data, String experiment, String scores) {
        // a bounded timeout: before the fix the second demo waited for its quality tables until this ran out
        return new String[] {"demo", "--data-dir", data.toString(), "--kafka-port", "0", "--pg-port", "0",
            "--sample", "5", "--seed", "4", "--batch", "8", "--scorer", "noop", "--scores", scores, "--experiment", experiment,
            "--timeout", "3m", "--report", dir.resolve("report-" + experiment).toString()};
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
