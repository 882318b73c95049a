package io.nasscore.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.table.ScoresCsv;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.sink.SinkTables.Stmt;
import io.nasscore.testsupport.TestPostgres;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ScoresExport on a real PostgreSQL whose rows are written with the sink's own statements and binders
 * ({@link SinkTables#SQL}, {@link ScoreRows#bind}): every exported line is the line {@code score} writes for the same
 * result ({@link ScoresCsv.Layout#row}), character for character, times included.
 */
class ScoresExportTest {
    static TestPostgres pg;
    static HikariDataSource ds;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = TestPostgres.start(dir.resolve("pg"));
        ds = Database.dataSource(pg.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD);
        Database.migrate(ds);
    }

    @AfterAll
    static void stop() throws Exception {
        if (ds != null) ds.close();
        if (pg != null) pg.close();
    }

    /** Results that exercise every kind of cell: NaN, −∞, scores not requested, passes that did not run, quoting. */
    static ScoreResult result(ScoreConfig c, int index, Set<ScoreName> scores) {
        Map<ScoreName, Double> v = new EnumMap<>(ScoreName.class);
        for (ScoreName s : scores) {
            double x = Math.sqrt(2 + index) / (3 + s.ordinal());
            v.put(s, s == ScoreName.SNSC && index % 3 == 0 ? Double.NaN
                    : s == ScoreName.SYNFLOW && index % 2 == 0 ? Double.NEGATIVE_INFINITY : x);
        }
        Map<Pass, Double> passes = new EnumMap<>(Pass.class);
        for (Pass p : ScoreName.passes(scores)) passes.put(p, 100.0 / (7 + index + p.ordinal()));
        boolean input = scores.stream().anyMatch(s -> s.space() == ScoreName.Space.INPUT);
        return new ScoreResult(SearchSpace.arch(index), c, v, input ? -60.0 - index / 7.0 : Double.NaN, 4 + index % 5,
                index % 4, index % 3, index % 5 == 0, 100_000L + index, passes, 1.0 / 3 + index, 2000.0 / 7 + index,
                index % 2 == 0 ? "cpu()" : "gpu(0)");
    }

    /** Writes {@code r} for {@code experiment} the way the sink does (the score row, then the membership). */
    static void sink(ScoreResult r, String experiment) throws Exception {
        ScoreRecord rec = Convert.scoreRecord(r, experiment, Keys.jobId(r.config(), r.index()), List.of(1), "w", "test",
                Instant.parse("2026-01-01T00:00:00Z"));
        try (Connection c = ds.getConnection();
             PreparedStatement score = c.prepareStatement(SinkTables.SQL.get(Stmt.SCORE));
             PreparedStatement member = c.prepareStatement(SinkTables.SQL.get(Stmt.MEMBERSHIP))) {
            ScoreRows.bind(score, c, rec);
            score.executeUpdate();
            SinkTables.bindMembership(member, c, experiment, rec.getScoreKey(), rec);
            member.executeUpdate();
        }
    }

    static String export(String experiment, String hash) throws Exception {
        StringWriter w = new StringWriter();
        ScoresExport.write(ds, experiment, hash, w);
        return w.toString();
    }

    /** What {@code score} writes for these results, in index order. */
    static String scoreCsv(List<ScoreResult> results) {
        StringBuilder b = new StringBuilder(ScoresCsv.header()).append('\n');
        results.stream().sorted(Comparator.comparingInt(ScoreResult::index))
                .forEach(r -> b.append(ScoresCsv.Layout.current().row(r)).append('\n'));
        return b.toString();
    }

    @Test
    void everyLineIsTheLineScoreWritesForTheSameResultInIndexOrder() throws Exception {
        // a data directory that needs quoting in the config column (RFC 4180) and survives fromCanonical
        ScoreConfig c = new ScoreConfig(Dataset.CIFAR100, 16, ScoreConfig.BatchPolicy.FRESH,
                ScoreConfig.JacobianTarget.OUTPUT_SUM, ScoreConfig.BnMode.EVAL, 7, ScoreConfig.Normalisation.BOUNDS,
                "/data/imgs, \"v2\";a=b");
        List<ScoreResult> results = new ArrayList<>();
        int[] indices = {15624, 3, 0, 9930, 1462, 77, 5, 12000};
        for (int k = 0; k < indices.length; k++) {
            Set<ScoreName> scores = switch (k % 4) {
                case 0 -> EnumSet.allOf(ScoreName.class);
                case 1 -> EnumSet.of(ScoreName.JS);
                case 2 -> EnumSet.of(ScoreName.PJS, ScoreName.WPJSI, ScoreName.NWOT);
                default -> EnumSet.copyOf(ScoreName.PROXIES);
            };
            results.add(result(c, indices[k], scores));
        }
        for (ScoreResult r : results) sink(r, "whole");
        // another experiment's rows are not this one's; a score it shares is in both
        sink(result(c, 42, EnumSet.allOf(ScoreName.class)), "other");
        sink(results.get(0), "other");

        assertThat(export("whole", null)).isEqualTo(scoreCsv(results));
        assertThat(export("other", null)).isEqualTo(scoreCsv(List.of(results.get(0), result(c, 42, EnumSet.allOf(ScoreName.class)))));
    }

    @Test
    void moreRowsThanOneFetchAreStreamedInIndexOrder() throws Exception {
        ScoreConfig c = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(64).withSeed(3);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < ScoresExport.FETCH * 2 + 17; i++) indices.add(i * 7);
        Collections.shuffle(indices, new Random(5));
        List<ScoreResult> results = new ArrayList<>();
        for (int i : indices) results.add(result(c, i, EnumSet.of(ScoreName.JS, ScoreName.WPJS)));
        try (Connection con = ds.getConnection(); PreparedStatement score = con.prepareStatement(SinkTables.SQL.get(Stmt.SCORE));
             PreparedStatement member = con.prepareStatement(SinkTables.SQL.get(Stmt.MEMBERSHIP))) {
            for (ScoreResult r : results) {
                ScoreRecord rec = Convert.scoreRecord(r, "big", Keys.jobId(c, r.index()), List.of(), "w", "test", Instant.EPOCH);
                ScoreRows.bind(score, con, rec);
                score.addBatch();
                SinkTables.bindMembership(member, con, "big", rec.getScoreKey(), rec);
                member.addBatch();
            }
            score.executeBatch();
            member.executeBatch();
        }
        assertThat(export("big", null)).isEqualTo(scoreCsv(results));
    }

    @Test
    void anExperimentOfSeveralConfigurationsIsExportedOneAtATime() throws Exception {
        ScoreConfig a = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(8).withSeed(1);
        ScoreConfig b = a.withSeed(2);
        List<ScoreResult> ofA = List.of(result(a, 10, EnumSet.of(ScoreName.JS)), result(a, 11, EnumSet.of(ScoreName.JS)));
        List<ScoreResult> ofB = List.of(result(b, 10, EnumSet.of(ScoreName.JS)));
        for (ScoreResult r : ofA) sink(r, "two");
        for (ScoreResult r : ofB) sink(r, "two");

        assertThatThrownBy(() -> export("two", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("experiment 'two' holds 2 score configurations: " + a.hash() + " (" + a.canonical()
                        + ", 2 architectures); " + b.hash() + " (" + b.canonical() + ", 1 architecture); choose one with --config-hash HASH");
        assertThat(export("two", a.hash())).isEqualTo(scoreCsv(ofA));
        assertThat(export("two", b.hash().toUpperCase())).isEqualTo(scoreCsv(ofB));
        assertThatThrownBy(() -> export("two", "0123456789abcdef")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("experiment 'two' has no configuration '0123456789abcdef'; it has " + a.hash());
    }

    @Test
    void anExperimentWithoutScoresIsNamedWithSomeThatHaveThem() throws Exception {
        sink(result(ScoreConfig.defaults(Dataset.CIFAR10).withSeed(9), 1, EnumSet.of(ScoreName.JS)), "known");
        assertThatThrownBy(() -> export("nope", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("experiment 'nope' has no scores in the database (v_experiment_scores); its experiments: ")
                .hasMessageContaining("known");
    }

    @Test
    void aReaderLoginCanExport() throws Exception {
        ScoreResult r = result(ScoreConfig.defaults(Dataset.CIFAR10).withSeed(4), 8, EnumSet.allOf(ScoreName.class));
        sink(r, "read");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE team_a LOGIN PASSWORD 'team-a' IN ROLE nasscore_reader");
        }
        try (HikariDataSource reader = Database.dataSource(pg.jdbcUrl(), "team_a", "team-a")) {
            StringWriter w = new StringWriter();
            ScoresExport.write(reader, "read", null, w);
            assertThat(w.toString()).isEqualTo(scoreCsv(List.of(r)));
        }
    }
}
