package io.nasscore.report;

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
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real PostgreSQL with the project's own migrations: rows in the tables the sink writes (scores,
 * experiment_scores, ground_truth), read back through the reporting view.
 */
public class PostgresReportDataTest {

    static EmbeddedPostgres pg;
    static DataSource db;
    static final ScoreConfig A = ScoreConfig.defaults(Dataset.CIFAR10);
    static final ScoreConfig B = ScoreConfig.defaults(Dataset.CIFAR10).withSeed(1);

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
        db = pg.getPostgresDatabase();
        io.nasscore.sink.Database.migrate(db);
        insert(db, "e1", A, 80, true, 11);
        insert(db, "e2", A, 30, false, 13);
        insert(db, "e2", B, 30, false, 13);
    }

    /**
     * n architectures of one configuration; JS..PJS only (the rest NULL: not requested); LNS/MNJS passes NULL;
     * the first two flagged input-degenerate. Public: the cli's test of `report --experiment` writes the same rows.
     */
    public static void insert(DataSource db, String experiment, ScoreConfig cfg, int n, boolean withTruth, int offset) throws Exception {
        GroundTruth gt = GroundTruth.shipped(Dataset.CIFAR10);
        String sql = "INSERT INTO scores (score_key, experiment, job_id, arch_index, arch, config_hash, dataset, batch_size, "
                + "batch_policy, target, bn_mode, seed, normalisation, data, js, jsc, sns, snsc, pjs, weight_tensors, "
                + "degenerate_rows, degenerate_tensors, input_degenerate, params, clean_ms, noise0_1_ms, similarity_ms, "
                + "total_ms, device, worker_id, engine, scored_at, run_ids) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,8,0,0,?,?,?,?,?,?,'cpu()','w','test',now(),'{0}')";
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql);
             PreparedStatement m = c.prepareStatement("INSERT INTO experiment_scores (experiment, score_key, arch_index, run_ids) VALUES (?,?,?,'{0}')");
             PreparedStatement t = c.prepareStatement("INSERT INTO ground_truth (dataset, arch_index, metric, accuracy, arch, source) "
                     + "VALUES ('cifar10',?,'cifar10_test',?,?,'test') ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < n; i++) {
                int index = 97 * i + offset;
                double acc = gt.accuracy(index);
                String key = io.nasscore.schemas.Keys.score(cfg, index);
                int k = 1;
                p.setString(k++, key);
                p.setString(k++, experiment);
                p.setString(k++, io.nasscore.schemas.Keys.jobId(cfg, index));
                p.setInt(k++, index);
                p.setString(k++, SearchSpace.arch(index).toString());
                p.setString(k++, cfg.hash());
                p.setString(k++, cfg.dataset().id());
                p.setInt(k++, cfg.batchSize());
                p.setString(k++, cfg.batchPolicy().name().toLowerCase(Locale.ROOT));
                p.setString(k++, cfg.target().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                p.setString(k++, cfg.bnMode().name().toLowerCase(Locale.ROOT));
                p.setLong(k++, cfg.seed());
                p.setString(k++, cfg.normalisation().name().toLowerCase(Locale.ROOT));
                p.setString(k++, cfg.data());
                for (int s = 0; s < 5; s++) p.setDouble(k++, 1 - Math.exp(-1 - 0.03 * acc + 0.3 * Math.sin(i + s)));
                p.setBoolean(k++, i < 2);
                p.setLong(k++, 100_000 + i);
                p.setDouble(k++, 40 + i % 3);
                p.setDouble(k++, 20);
                p.setDouble(k++, 5);
                p.setDouble(k++, 70);
                p.addBatch();
                m.setString(1, experiment);
                m.setString(2, key);
                m.setInt(3, index);
                m.addBatch();
                if (withTruth) {
                    t.setInt(1, index);
                    t.setDouble(2, acc);
                    t.setString(3, SearchSpace.arch(index).toString());
                    t.addBatch();
                }
            }
            p.executeBatch();
            m.executeBatch();
            if (withTruth) t.executeBatch();
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
        assertThat(new PostgresReportData(db, "e1", null, true, null).load().size()).isEqualTo(78);
    }

    @Test
    void theReportOfAnExperimentFromTheDatabase() throws Exception {
        Path out = dir.resolve("rep");
        ReportInput in = new PostgresReportData(db, "e2", null, false, B.hash()).load();
        Report.write(new ReportRequest(null, null, null, 2, 10, 0, List.of()).model(in), out);
        assertThat(Files.readString(out.resolve("index.html"))).contains("experiment 'e2'", "init seed 1")
                .contains("classpath:"); // no truth in the database for e2: the shipped accuracies are used
        assertThat(Files.readAllLines(out.resolve("table.csv")).get(1)).startsWith("JS,all,30,");
    }
}
