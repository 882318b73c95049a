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
 * `report --experiment` and `shortlist --experiment` end to end: the command connects to the PostgreSQL it is given
 * and hands the experiment's rows to the report library (the rows are those of the report module's
 * PostgresReportDataTest).
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

    @Test
    void theShortlistOfAnExperimentIsTheShortlistOfItsExport() throws Exception {
        ScoreConfig b = ScoreConfig.defaults(Dataset.CIFAR10).withSeed(1);
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            Database.migrate(pg.getPostgresDatabase());
            PostgresReportDataTest.insert(pg.getPostgresDatabase(), "e3", b, 30, false, 17);
            String jdbc = pg.getJdbcUrl("postgres", "postgres");
            String data = dir.resolve("data").toString();
            Path csv = dir.resolve("e3.csv");
            Cli.Result export = Cli.run("export", "--experiment", "e3", "--out", csv.toString(), "--jdbc-url", jdbc,
                    "--data-dir", data);
            assertThat(export.code()).as(export.out() + export.err()).isZero();
            // a column, and a combined score over the 30 (the fixture's rows hold JS, JSC, SNS, SNSC and PJS)
            for (String score : new String[] {"PJS", "c"}) {
                Cli.Result fromDb = Cli.run("shortlist", "--experiment", "e3", "--score", score, "--combine", "c=log:JS,PJS,params",
                        "--top", "7", "--format", "csv", "--jdbc-url", jdbc, "--data-dir", data);
                Cli.Result fromCsv = Cli.run("shortlist", "--input", csv.toString(), "--score", score, "--combine",
                        "c=log:JS,PJS,params", "--top", "7", "--format", "csv");
                assertThat(fromDb.code()).as(fromDb.out() + fromDb.err()).isZero();
                assertThat(fromCsv.code()).as(fromCsv.err()).isZero();
                assertThat(fromDb.out().lines()).as(score).hasSize(8).containsExactlyElementsOf(fromCsv.out().lines().toList());
            }
        }
    }
}
