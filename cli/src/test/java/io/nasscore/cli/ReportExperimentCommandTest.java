package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.sink.Database;
import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.report.PostgresReportDataTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `report --experiment` end to end: the command connects to the PostgreSQL it is given and hands the experiment's
 * rows to the report library (the rows are those of the report module's PostgresReportDataTest).
 */
class ReportExperimentCommandTest {

    @TempDir Path dir;

    @Test
    void reportsAnExperimentFromTheDatabase() throws Exception {
        ScoreConfig b = ScoreConfig.defaults(Dataset.CIFAR10).withSeed(1);
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            Database.migrate(pg.getPostgresDatabase());
            PostgresReportDataTest.insert(pg.getPostgresDatabase(), "e2", b, 30, false, 13);
            Path out = dir.resolve("rep");
            Cli.Result r = Cli.run("report", "--experiment", "e2", "--config-hash", b.hash(),
                    "--jdbc-url", pg.getJdbcUrl("postgres", "postgres"), "--data-dir", dir.resolve("data").toString(),
                    "--runs", "2", "--sample", "10", "--out", out.toString());
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("report of 30 architectures");
            assertThat(Files.readString(out.resolve("index.html"))).contains("experiment 'e2'", "init seed 1");
            assertThat(Files.readAllLines(out.resolve("table.csv")).get(1)).startsWith("JS,all,30,");
        }
    }
}
