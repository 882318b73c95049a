package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One meaning per option name, one duration syntax, nonsense refused, machine formats exact; no server started. */
class CliOptionsTest {

    @TempDir Path dir;

    private static void assertRefused(Cli.Result r, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(fragments).doesNotContain("\tat ");
    }

    @Test
    void oneDurationSyntax() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse(" 2H ")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> DurationConverter.parse("30")).hasMessageContaining("'30' has no unit");
        assertThatThrownBy(() -> DurationConverter.parse("PT2S")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> DurationConverter.parse("-5s")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> DurationConverter.parse("0s")).hasMessageContaining("longer than zero");
        assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationConverter.format(Duration.ofMinutes(30))).isEqualTo("30m");
        // the same syntax on every command that takes a duration
        assertRefused(Cli.run("demo", "--timeout", "30"), "--timeout", "'30' has no unit", "e.g. 500ms, 30s, 5m or 1h");
        assertRefused(Cli.run("worker", "--idle-exit", "0.5"), "--idle-exit", "has no unit");
        assertRefused(Cli.run("aggregate", "--recompute-every", "PT1S"), "--recompute-every", "is not a duration");
    }

    @Test
    void nonsensicalNumbersAreRefusedBeforeAnyWork() throws Exception {
        Path scores = Files.writeString(dir.resolve("s.csv"), "index,s\n0,0.5\n1,0.7\n");
        assertRefused(Cli.run("evaluate", "--input", scores.toString(), "--runs", "-3"), "--runs must be >= 0, got -3");
        assertRefused(Cli.run("evaluate", "--input", scores.toString(), "--sample", "0"), "--sample must be in 1..15625, got 0");
        assertRefused(Cli.run("report", "--input", scores.toString(), "--sample", "0", "--out", dir.resolve("r").toString()),
                "--sample must be in 1..15625");
        assertThat(dir.resolve("r")).doesNotExist();
        assertRefused(Cli.run("score", "--sample", "0", "--scorer", "noop", "--out", dir.resolve("a.csv").toString()), "--sample must be in 1..15625");
        assertRefused(Cli.run("score", "--sample", "3", "--runs", "0", "--scorer", "noop", "--out", dir.resolve("b.csv").toString()),
                "--runs must be >= 1");
        assertRefused(Cli.run("score", "--index", "1", "--batch", "-4", "--scorer", "noop", "--out", dir.resolve("c.csv").toString()),
                "--batch must be >= 2, got -4");
        assertRefused(Cli.run("submit", "--sample", "0", "--bootstrap-servers", "localhost:1"), "--sample must be in 1..15625");
        assertRefused(Cli.run("submit", "--sample", "5", "--runs", "-1", "--bootstrap-servers", "localhost:1"), "--runs must be >= 1");
        assertRefused(Cli.run("demo", "--sample", "0"), "--sample must be in 1..15625");
        assertRefused(Cli.run("demo", "--batch", "1"), "--batch must be >= 2");
        assertRefused(Cli.run("aggregate", "--window", "0"), "--window must be >= 1");
        assertRefused(Cli.run("worker", "--max-jobs", "-1"), "--max-jobs must be >= 1");
        assertRefused(Cli.run("worker", "--max-poll-records", "0"), "--max-poll-records must be >= 1");
        assertRefused(Cli.run("up", "--kafka-port", "70000", "--data-dir", dir.toString()), "--kafka-port must be in 0..65535");
        assertRefused(Cli.run("sql", "--format", "xml", "SELECT 1"), "--format", "xml");
        assertRefused(Cli.run("evaluate", "--input", scores.toString(), "--format", "yaml"), "--format", "yaml");
    }

    @Test
    void evaluateTakesItsCsvAsInputAndStillAcceptsScoresWithOneDeprecationLine() throws Exception {
        Path scores = Files.writeString(dir.resolve("s.csv"), "index,s\n0,0.5\n1,0.7\n2,0.1\n3,0.3\n");
        Cli.Result now = Cli.run("evaluate", "--input", scores.toString(), "--format", "csv");
        assertThat(now.code()).as(now.err()).isZero();
        assertThat(now.err()).isEmpty();
        Cli.Result old = Cli.run("evaluate", "--scores", scores.toString(), "--format", "csv");
        assertThat(old.code()).as(old.err()).isZero();
        assertThat(old.out()).isEqualTo(now.out());
        assertThat(old.err().strip()).isEqualTo("nasscore evaluate: --scores is deprecated, use --input");
        assertRefused(Cli.run("evaluate", "--input", scores.toString(), "--scores", scores.toString()), "give --input only");
        assertRefused(Cli.run("evaluate"), "--input FILE.csv");

        Cli.Result report = Cli.run("report", "--scores", scores.toString(), "--runs", "1", "--sample", "4", "--out", dir.resolve("r").toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.err().strip()).isEqualTo("nasscore report: --scores is deprecated, use --input");
    }

    @Test
    void machineFormatsKeepEveryDigitAndTablesRound() throws Exception {
        Path scores = Files.writeString(dir.resolve("s.csv"), "index,s\n0,0.5\n1,0.7\n2,0.1\n3,0.3\n4,0.9\n5,0.2\n6,0.8\n");
        Cli.Result csv = Cli.run("evaluate", "--input", scores.toString(), "--format", "csv");
        Cli.Result json = Cli.run("evaluate", "--input", scores.toString(), "--format", "json");
        Cli.Result table = Cli.run("evaluate", "--input", scores.toString(), "--format", "table");
        String[] csvRow = csv.out().split("\n")[1].split(",");
        JsonNode jsonRow = new ObjectMapper().readTree(json.out()).get(0);
        for (String metric : List.of("monotonicity", "tau_b", "spearman", "slope", "r2")) {
            int col = List.of(csv.out().split("\n")[0].split(",")).indexOf(metric);
            double exact = jsonRow.get(metric).asDouble();
            assertThat(Double.parseDouble(csvRow[col])).as(metric).isEqualTo(exact); // the same double, bit for bit
            assertThat(table.out()).contains(String.format(java.util.Locale.ROOT, "%.4f", exact));
        }
        // at least one value has more digits than the table shows, or the test proves nothing
        assertThat(csvRow[3].length() + csvRow[4].length() + csvRow[5].length()).isGreaterThan(3 * 6);

        Cli.Result insp = Cli.run("inspect", "9930", "--format", "csv");
        assertThat(insp.code()).as(insp.err()).isZero();
        String[] row = insp.out().split("\n")[1].split(",");
        JsonNode o = new ObjectMapper().readTree(Cli.run("inspect", "9930", "--format", "json").out());
        assertThat(Double.parseDouble(row[4])).isEqualTo(o.get("flops_m").asDouble());
    }

    @Test
    void inspectJsonIsADeprecatedAliasOfFormatJson() throws Exception {
        Cli.Result old = Cli.run("inspect", "9930", "--json");
        Cli.Result now = Cli.run("inspect", "9930", "--format", "json");
        assertThat(old.code()).isZero();
        assertThat(old.out()).isEqualTo(now.out());
        assertThat(now.err()).isEmpty();
        assertThat(old.err().strip()).isEqualTo("nasscore inspect: --json is deprecated, use --format");
        assertThat(new ObjectMapper().readTree(now.out()).get("index").asInt()).isEqualTo(9930);
    }

    @Test
    void hintsRepeatTheConnectionFlagsGiven() {
        ConnectionOptions c = picocli.CommandLine.populateCommand(new SettingsPrecedenceTest.Holder(),
                "--data-dir", "/tmp/my data", "--jdbc-url", "jdbc:postgresql://db:5432/x").conn;
        assertThat(c.hintFlags()).isEqualTo(" --data-dir '/tmp/my data' --jdbc-url jdbc:postgresql://db:5432/x");
        assertThat(picocli.CommandLine.populateCommand(new SettingsPrecedenceTest.Holder()).conn.hintFlags()).isEmpty();
    }

    @Test
    void theProgressLineErasesWhatALongerLineLeft() {
        assertThat(Progress.redraw("scored 5/9  ETA 59s", "scored 4/9  ETA 1m05s".length())).isEqualTo("\rscored 5/9  ETA 59s  ");
        assertThat(Progress.redraw("scored 5/9  ETA 1m05s", 3)).isEqualTo("\rscored 5/9  ETA 1m05s");
        StringWriter sink = new StringWriter();
        Progress p = new Progress(new PrintWriter(sink), "scored", 3, 10, true);
        for (int i = 0; i < 3; i++) p.step(true);
        p.finish();
        String[] redraws = sink.toString().split("\r", -1);
        for (int i = 2; i < redraws.length; i++) {
            assertThat(redraws[i].stripTrailing().length() == redraws[i].length() || redraws[i].length() >= redraws[i - 1].strip().length())
                    .isTrue();
        }
        assertThat(redraws[redraws.length - 1].strip()).startsWith("scored 3/3");
    }
}
