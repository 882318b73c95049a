package io.nasscore.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.truth.GroundTruth;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real PostgreSQL: a table named v_scores with the columns the view is specified to have (the view is
 * built elsewhere; this table stands in for it with the same names and types).
 */
class PostgresReportDataTest {

    static EmbeddedPostgres pg;
    static DataSource db;
    static final ScoreConfig A = ScoreConfig.defaults(Dataset.CIFAR10);
    static final ScoreConfig B = ScoreConfig.defaults(Dataset.CIFAR10).withSeed(1);

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        db = pg.getPostgresDatabase();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            StringBuilder ddl = new StringBuilder("CREATE TABLE v_scores (experiment text, arch_index int, arch text, "
                    + "dataset text, batch_size int, batch_policy text, target text, bn_mode text, seed bigint, "
                    + "normalisation text, data text");
            for (ScoreName n : ScoreName.values()) ddl.append(", ").append(n.name().toLowerCase(Locale.ROOT)).append(" double precision");
            ddl.append(", params bigint, clean_ms double precision, noise0_1_ms double precision, noise10_ms double precision, "
                    + "noise100_ms double precision, similarity_ms double precision, total_ms double precision, run_ids int[], "
                    + "cifar10_test double precision, cifar100_test double precision, imagenet16_test double precision)");
            s.execute(ddl.toString());
        }
        insert("e1", A, 80, true);
        insert("e2", A, 30, false);
        insert("e2", B, 30, false);
    }

    /** n architectures of one configuration; JS..PJS only (the rest NULL: not requested); LNS/MNJS passes NULL. */
    static void insert(String experiment, ScoreConfig cfg, int n, boolean withTruth) throws Exception {
        GroundTruth gt = GroundTruth.shipped(Dataset.CIFAR10);
        String sql = "INSERT INTO v_scores (experiment, arch_index, arch, dataset, batch_size, batch_policy, target, bn_mode, "
                + "seed, normalisation, data, js, jsc, sns, snsc, pjs, params, clean_ms, noise0_1_ms, similarity_ms, total_ms, "
                + "run_ids, cifar10_test) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'{0}',?)";
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < n; i++) {
                int index = 97 * i + 11;
                double acc = gt.accuracy(index);
                int k = 1;
                p.setString(k++, experiment);
                p.setInt(k++, index);
                p.setString(k++, SearchSpace.arch(index).toString());
                p.setString(k++, cfg.dataset().id());
                p.setInt(k++, cfg.batchSize());
                p.setString(k++, cfg.batchPolicy().name().toLowerCase(Locale.ROOT));
                p.setString(k++, cfg.target().name().toLowerCase(Locale.ROOT));
                p.setString(k++, cfg.bnMode().name().toLowerCase(Locale.ROOT));
                p.setLong(k++, cfg.seed());
                p.setString(k++, cfg.normalisation().name().toLowerCase(Locale.ROOT));
                p.setString(k++, cfg.data());
                for (int s = 0; s < 5; s++) p.setDouble(k++, 1 - Math.exp(-1 - 0.03 * acc + 0.3 * Math.sin(i + s)));
                p.setLong(k++, 100_000 + i);
                p.setDouble(k++, 40 + i % 3);
                p.setDouble(k++, 20);
                p.setDouble(k++, 5);
                p.setDouble(k++, 70);
                if (withTruth) p.setDouble(k++, acc); else p.setNull(k++, java.sql.Types.DOUBLE);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    @Test
    void readsOneExperimentWithItsConfigurationTimesAndTruth() {
        ReportInput in = new PostgresReportData(db, "e1", null, false, null).load();
        assertThat(in.size()).isEqualTo(80);
        assertThat(in.scores().keySet()).containsExactly("JS", "JSC", "SNS", "SNSC", "PJS"); // NULL columns left out
        assertThat(in.config().config()).isEqualTo(A);
        assertThat(in.passMillis().keySet()).containsExactly(Pass.CLEAN, Pass.NOISE_0_1);
        assertThat(in.passMillis().get(Pass.CLEAN)[1]).isEqualTo(41);
        assertThat(in.similarityMillis()[0]).isEqualTo(5);
        assertThat(in.accuracy()[2]).isEqualTo(GroundTruth.shipped(Dataset.CIFAR10).accuracy(97 * 2 + 11));
        assertThat(in.source()).contains("e1");
    }

    @Test
    void severalConfigurationsNeedAChoiceAndAnUnknownExperimentSaysSo() {
        assertThatThrownBy(() -> new PostgresReportData(db, "e2", null, false, null).load())
                .hasMessageContaining("experiment 'e2'").hasMessageContaining("2 score configurations")
                .hasMessageContaining(A.hash()).hasMessageContaining(B.hash()).hasMessageContaining("--config");
        ReportInput b = new PostgresReportData(db, "e2", List.of("js", "PJS"), false, B.hash()).load();
        assertThat(b.config().config()).isEqualTo(B);
        assertThat(b.scores().keySet()).containsExactly("JS", "PJS");
        assertThat(b.accuracy()).containsOnly(Double.NaN);
        assertThatThrownBy(() -> new PostgresReportData(db, "nope", null, false, null).load())
                .hasMessageContaining("experiment 'nope'").hasMessageContaining("has no scores");
        assertThatThrownBy(() -> new PostgresReportData(db, "e1", List.of("XYZ"), false, null).load())
                .hasMessageContaining("unknown score 'XYZ'");
        assertThatThrownBy(() -> new PostgresReportData(db, "e1", null, true, null).load())
                .hasMessageContaining("--exclude-degenerate needs an 'input_degenerate' column");
    }

    @Test
    void theCommandReportsAnExperimentFromTheDatabase() throws Exception {
        Path out = dir.resolve("rep");
        int code = io.nasscore.cli.Main.run("report", "--experiment", "e2",
                "--config", B.hash(), "--jdbc-url", pg.getJdbcUrl("postgres", "postgres"), "--runs", "2", "--sample", "10",
                "--out", out.toString());
        assertThat(code).isZero();
        assertThat(Files.readString(out.resolve("index.html"))).contains("experiment 'e2'", "init seed 1")
                .contains("classpath:"); // no truth in the database for e2: the shipped accuracies are used
        assertThat(Files.readAllLines(out.resolve("table.csv")).get(1)).startsWith("JS,all,30,");
    }
}
