package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.truth.Csv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --sample/--index/--archs/--all is one option group: the same reading and the same messages in every command. */
class ArchSelectionTest {

    @TempDir Path dir;

    /** score read --archs by hand, without the BOM an editor on Windows writes: its first line was a bad line. */
    @Test
    void aBomPrefixedArchsFileWorksInScore() throws Exception {
        Path archs = dir.resolve("bom.txt");
        Files.write(archs, "\uFEFF1462\n# a comment\n284\n".getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("s.csv");
        Cli.Result r = Cli.run("score", "--archs", archs.toString(), "--scorer", "noop", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("skipped");
        assertThat(Csv.read(out).rows().stream().map(row -> row.get("index")).toList()).containsExactly("1462", "284");
    }

    @Test
    void theSameBadInputIsTheSameOneLineErrorInEveryCommand() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing\n");
        List<List<String>> bad = List.of(
                List.of(),
                List.of("--all", "--index", "3"),
                List.of("--index", "3", "--seed", "1"),
                List.of("--index", "3,99999"),
                List.of("--index", "|nope~0|"),
                List.of("--sample", "0"),
                List.of("--sample", "5", "--runs", "0"),
                List.of("--archs", dir.resolve("none.txt").toString()),
                List.of("--archs", empty.toString()));
        for (List<String> args : bad) {
            String expected = null;
            for (String command : List.of("score", "submit")) {
                List<String> line = new java.util.ArrayList<>(List.of(command));
                line.addAll(args);
                if (command.equals("score")) line.addAll(List.of("--scorer", "noop", "--out", dir.resolve("x.csv").toString()));
                Cli.Result r = Cli.run(line.toArray(String[]::new));
                assertThat(r.code()).as("%s: %s", line, r.err()).isEqualTo(2);
                String message = r.err().strip();
                assertThat(message).as("one line: %s", line).doesNotContain("\n").doesNotContain("\tat ");
                String withoutCommand = message.replaceFirst("^nasscore (score|submit): ", "");
                if (expected == null) expected = withoutCommand;
                else assertThat(withoutCommand).as("%s: the same message as score's", line).isEqualTo(expected);
            }
        }
        assertThat(Files.exists(dir.resolve("x.csv"))).as("no output written for bad input").isFalse();
    }
}
