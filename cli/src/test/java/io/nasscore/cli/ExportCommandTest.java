package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.core.score.Pass;
import io.nasscore.core.space.Arch;
import io.nasscore.core.table.ScoresCsv;
import io.nasscore.core.truth.Csv;
import io.nasscore.schemas.Topics;
import io.nasscore.sink.Database;
import io.nasscore.sink.PostgresSink;
import io.nasscore.sink.SinkConfig;
import io.nasscore.testsupport.KafkaTestBroker;
import io.nasscore.testsupport.Poll;
import io.nasscore.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nasscore export}: the pipeline's CSV (submit, a real DJL worker, the real sink into PostgreSQL, export) is
 * the CSV {@code score} writes for the same architectures and configuration, every column but the times; it is a file
 * {@code evaluate} reads; bad input is one line, and a failed export leaves the earlier file as it was.
 */
class ExportCommandTest {
    static final Duration WAIT = Duration.ofSeconds(120);
    /**
     * A disconnected architecture (input_degenerate, −∞ proxies), one whose parameter similarity is undefined on 15
     * tensors (degenerate_tensors 15, degenerate_rows 0: a swap of the two columns shows) and an ordinary one.
     */
    static final String INDICES = Arch.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|").index() + ",1384,9930";
    static final String[] SCORING = {"--index", INDICES, "--batch", "8", "--scores", "everything"};

    static KafkaTestBroker kafka;
    static TestPostgres pg;
    static HikariDataSource ds;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.start();
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.createAll(admin, (short) 1);
        }
        pg = TestPostgres.start(dir.resolve("pg"));
        ds = Database.dataSource(pg.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD);
        Database.migrate(ds);
    }

    @AfterAll
    static void stop() throws Exception {
        if (ds != null) ds.close();
        if (pg != null) pg.close();
        if (kafka != null) kafka.close();
    }

    static String[] args(String[] first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }

    /** {@code command} on this class's PostgreSQL. */
    static String[] db(String command, String... rest) {
        return args(new String[] {command, "--jdbc-url", pg.jdbcUrl(), "--data-dir", dir.resolve("data").toString()}, rest);
    }

    @Test
    void thePipelinesCsvIsTheCsvScoreWritesButForTheTimes() throws Exception {
        Path offline = dir.resolve("score.csv");
        Cli.Result r = Cli.run(args(new String[] {"score", "--device", "cpu", "--out", offline.toString()}, SCORING));
        assertThat(r.code()).as(r.out() + r.err()).isZero();

        String experiment = "export-oracle";
        r = Cli.run(args(db("submit", "--bootstrap-servers", kafka.bootstrapServers(), "--experiment", experiment), SCORING));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        r = Cli.run("worker", "--bootstrap-servers", kafka.bootstrapServers(), "--device", "cpu", "--max-jobs", "3");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        try (PostgresSink sink = new PostgresSink(kafka.clientConfig(), ds, SinkConfig.defaults().withPollTimeout(Duration.ofMillis(100)))) {
            Poll.until(WAIT, "the sink writes the 3 scores", () -> {
                sink.pollOnce();
                return Database.scoreCount(ds, experiment) == 3;
            });
        }

        Path exported = dir.resolve("results/exported.csv");
        Files.createDirectories(exported.getParent());
        r = Cli.run(db("export", "--experiment", experiment, "--out", exported.toString()));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("exported 3 architectures of experiment 'export-oracle' (config ");

        Csv.Table want = Csv.read(offline);
        Csv.Table got = Csv.read(exported);
        assertThat(got.header()).isEqualTo(ScoresCsv.HEADER).isEqualTo(want.header());
        assertThat(indices(got)).isSorted().containsExactlyInAnyOrderElementsOf(indices(want));
        Set<String> times = times();
        Map<Integer, Csv.Row> byIndex = new HashMap<>();
        for (Csv.Row row : want.rows()) byIndex.put(row.getInt("index"), row);
        for (Csv.Row row : got.rows()) {
            Csv.Row w = byIndex.get(row.getInt("index"));
            for (String column : ScoresCsv.HEADER) {
                if (times.contains(column)) {
                    assertThat(row.get(column).isEmpty()).as("time column " + column + " of arch " + row.get("index"))
                            .isEqualTo(w.get(column).isEmpty());
                } else {
                    assertThat(row.get(column)).as(column + " of arch " + row.get("index")).isEqualTo(w.get(column));
                }
            }
        }
        // the comparison compares something: every score of the connected archs, -Infinity proxies of the other
        assertThat(got.rows()).anyMatch(row -> row.get("synflow").equals("-Infinity") && row.get("input_degenerate").equals("1"));
        assertThat(got.rows()).filteredOn(row -> row.get("input_degenerate").equals("0"))
                .hasSize(2).allMatch(row -> !row.get("WPJS").isEmpty() && !row.get("zico").isEmpty() && !row.get("clean_ms").isEmpty());
        assertThat(got.rows()).anyMatch(row -> !row.get("degenerate_rows").equals(row.get("degenerate_tensors")));

        r = Cli.run("evaluate", "--input", exported.toString(), "--format", "csv");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("\nWPJS,all,", "\nzico,all,");
    }

    @Test
    void badInputIsOneLineAndAFailedExportLeavesTheEarlierFile() throws Exception {
        Path earlier = dir.resolve("earlier.csv");
        Files.writeString(earlier, "an earlier export\n");
        assertError(Cli.run(db("export", "--experiment", "no-such", "--out", earlier.toString())),
                "nasscore export: experiment 'no-such' has no scores in the database (v_experiment_scores); ");
        assertThat(Files.readString(earlier)).isEqualTo("an earlier export\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        assertError(Cli.run(db("export", "--experiment", "x", "--out", dir.resolve("missing/e.csv").toString())),
                "nasscore export: --out " + dir.resolve("missing/e.csv") + ": directory " + dir.resolve("missing") + " does not exist");
        assertError(Cli.run(db("export", "--experiment", "x", "--out", dir.toString())),
                "nasscore export: --out " + dir + " is a directory, not a file");
        assertError(Cli.run(db("export", "--out", earlier.toString())), "nasscore export: Missing required option: '--experiment=NAME'");
        String bare = pg.createDatabase("bare");
        assertError(Cli.run("export", "--jdbc-url", bare, "--experiment", "x", "--out", earlier.toString()),
                "nasscore export: the database has no v_experiment_scores: no nasscore sink has written to it");
    }

    static void assertError(Cli.Result r, String start) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(start).doesNotContain("\tat ");
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    }

    static List<Integer> indices(Csv.Table t) {
        List<Integer> out = new ArrayList<>();
        for (Csv.Row row : t.rows()) out.add(row.getInt("index"));
        return out;
    }

    /** The columns that time a scoring: they differ from run to run. */
    static Set<String> times() {
        Set<String> out = new java.util.HashSet<>(Set.of("similarity_ms", "total_ms"));
        for (Pass p : Pass.values()) out.add(p.column());
        return out;
    }
}
