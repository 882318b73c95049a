package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.truth.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {

    @TempDir Path dir;

    @Test
    void writesTheDocumentedHeaderAndResumesWithoutRescoring() throws Exception {
        Path out = dir.resolve("s.csv");
        Cli.Result first = Cli.run("score", "--index", "1,2,3", "--scorer", "noop", "--out", out.toString());
        assertThat(first.code()).as(first.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).startsWith("index,arch,JS,JSC,SNS,SNSC,LNS,LNSC,MNJS,MNJSC,PJS,PJSC,WPJS,WPJSI,"
                        + "grad_norm,snip,plain,l2_norm,synflow,nwot,jacov,zico,az_expressivity,az_progressivity,"
                        + "az_trainability,az_flops,js_raw,params,")
                .contains("input_degenerate").contains("clean_ms,noise0_1_ms,noise10_ms,noise100_ms,jacov_ms,zico_ms,synflow_ms,az_ms")
                .endsWith(",device,config_hash,config");
        assertThat(lines).hasSize(4);

        // a second run without --resume refuses to clobber the file
        Cli.Result clobber = Cli.run("score", "--index", "1", "--scorer", "noop", "--out", out.toString());
        assertThat(clobber.code()).isEqualTo(2);
        assertThat(clobber.err()).contains("exists").contains("--resume");

        Cli.Result resumed = Cli.run("score", "--index", "1,2,3,4,5", "--scorer", "noop", "--out", out.toString(), "--resume");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("wrote 2 rows").contains("3 skipped as already scored");
        Csv.Table t = Csv.read(out);
        assertThat(t.size()).isEqualTo(5);
        assertThat(t.rows().stream().map(r -> r.get("index")).toList()).containsExactly("1", "2", "3", "4", "5");
    }

    /**
     * The header of the shipped CSVs (docs/results/cifar10-b64-rest.csv): the old pass-time spelling, no config
     * column. --resume continues it in its own columns: the header stays, every new row has its fields.
     */
    @Test
    void resumeContinuesAnEarlierVersionsFileUnderItsOwnHeader() throws Exception {
        String header = "index,arch,JS,JSC,SNS,SNSC,LNS,LNSC,MNJS,MNJSC,PJS,PJSC,WPJS,WPJSI,grad_norm,snip,plain,l2_norm,"
                + "synflow,nwot,jacov,zico,az_expressivity,az_progressivity,az_trainability,az_flops,js_raw,params,n_tensors,"
                + "degenerate_rows,degenerate_tensors,input_degenerate,clean_ms,noise0.1_ms,noise10_ms,noise100_ms,jacov_ms,"
                + "zico_ms,synflow_ms,az_ms,similarity_ms,total_ms,device,config_hash";
        List<String> shipped = Files.readAllLines(Path.of("../docs/results/cifar10-b64-rest.csv")).subList(0, 2);
        assertThat(shipped.get(0)).as("the shipped file's header").isEqualTo(header);
        Path out = Files.write(dir.resolve("old.csv"), shipped);
        int first = Csv.parse(String.join("\n", shipped), "shipped").row(0).getInt("index");
        Cli.Result r = Cli.run("score", "--index", first + ",1,2", "--scorer", "noop", "--batch", "64", "--out", out.toString(), "--resume");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 2 rows").contains("1 skipped as already scored");
        assertThat(Files.readAllLines(out).get(0)).isEqualTo(header);
        Csv.Table t = Csv.read(out); // every row has as many fields as the header, or this throws
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.row(2).get("noise0.1_ms")).isNotEmpty();
        assertThat(t.row(2).get("config_hash")).isEqualTo(t.row(0).get("config_hash"));
    }

    /** A CSV that cannot tell its configuration (no config_hash column) is not continued. */
    @Test
    void resumeRefusesAFileWithAnotherHeader() throws Exception {
        Path out = dir.resolve("old.csv");
        Files.writeString(out, "index,arch,JS,JSC,SNS,SNSC,LNS,LNSC,MNJS,MNJSC,PJS,PJSC,WPJS,WPJSI,js_raw,params\n");
        Cli.Result r = Cli.run("score", "--index", "1", "--scorer", "noop", "--out", out.toString(), "--resume");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("old.csv").contains("header").doesNotContain("\tat ");
        assertThat(Files.readAllLines(out)).hasSize(1);
    }

    @Test
    void badLinesAreReportedSkippedAndCounted() throws Exception {
        Path archs = dir.resolve("archs.txt");
        Files.writeString(archs, "# a comment\n1462\n|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|\n"
                + "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|\n99999\n");
        Path out = dir.resolve("b.csv");
        Cli.Result r = Cli.run("score", "--archs", archs.toString(), "--scorer", "noop", "--out", out.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("nasscore score: " + archs + ", skipped line 3").contains("unknown op 'conv'")
                .contains("skipped line 5").contains("outside 0..15624");
        assertThat(r.out()).contains("wrote 2 rows").contains("2 bad input lines");
        assertThat(Csv.read(out).size()).isEqualTo(2);
    }

    @Test
    void realScorerWritesTwelveScoresForASmallBatch() throws Exception {
        Path out = dir.resolve("real.csv");
        Cli.Result r = Cli.run("score", "--index", "284", "--batch", "8", "--device", "cpu", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Csv.Table t = Csv.read(out);
        assertThat(t.size()).isEqualTo(1);
        for (String s : List.of("JS", "JSC", "SNS", "SNSC", "LNS", "LNSC", "MNJS", "MNJSC", "PJS", "PJSC", "WPJS", "WPJSI")) {
            assertThat(t.row(0).getDouble(s)).as(s).isBetween(0.0, 1.0);
        }
        assertThat(t.row(0).getInt("params")).isEqualTo(101_306);
        assertThat(t.row(0).get("noise100_ms")).isNotEmpty();
    }

    @Test
    void anOutThatCannotBeWrittenIsOneLineNamingThePathAndTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Object[][] cases = {
            {dir.toString(), "is a directory"},
            {dir.resolve("missing/s.csv").toString(), "directory " + dir.resolve("missing") + " does not exist"},
            {file.resolve("s.csv").toString(), file + " is not a directory"},
        };
        for (Object[] c : cases) {
            Cli.Result r = Cli.run("score", "--index", "1", "--scorer", "noop", "--force", "--out", (String) c[0]);
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as("one line").doesNotContain("\n").contains("--out " + c[0]).contains((String) c[1]);
        }
    }

    @Test
    void everyOptionIsCheckedBeforeTheOutputFileIsTouched() throws Exception {
        Path out = Files.writeString(dir.resolve("keep.csv"), "index,arch\n1,earlier row\n");
        Cli.Result device = Cli.run("score", "--index", "1", "--device", "gpu:7", "--force", "--out", out.toString());
        assertThat(device.code()).as(device.err()).isEqualTo(2);
        assertThat(device.err()).contains("gpu:7");
        assertThat(Files.readString(out)).as("not truncated by a bad --device").isEqualTo("index,arch\n1,earlier row\n");
        Cli.Result scorer = Cli.run("score", "--index", "1", "--scorer", "nope", "--force", "--out", out.toString());
        assertThat(scorer.code()).as(scorer.err()).isEqualTo(2);
        assertThat(scorer.err()).contains("--scorer 'nope'").contains("djl").contains("noop");
        assertThat(Files.readString(out)).as("not truncated").isEqualTo("index,arch\n1,earlier row\n");
    }

    @Test
    void invalidOptionsAreMessages() {
        assertThat(Cli.run("score", "--index", "1", "--target", "logits", "--scorer", "noop", "--out", dir.resolve("x.csv").toString()).err())
                .contains("unknown jacobian target 'logits'").contains("output-sum");
        assertThat(Cli.run("score", "--index", "1", "--batch", "1", "--scorer", "noop", "--out", dir.resolve("y.csv").toString()).err())
                .contains("--batch must be >= 2");
        assertThat(Cli.run("score", "--index", "1", "--scores", "JS,XYZ", "--scorer", "noop", "--out", dir.resolve("z.csv").toString()).err())
                .contains("unknown score 'XYZ'").contains("'proxies'");
        Path p = dir.resolve("p.csv");
        Cli.Result proxies = Cli.run("score", "--index", "1", "--scores", "proxies", "--scorer", "noop", "--out", p.toString());
        assertThat(proxies.code()).as(proxies.err()).isZero();
        Csv.Table t = Csv.read(p);
        assertThat(t.row(0).get("nwot")).isNotEmpty();
        assertThat(t.row(0).get("JS")).isEmpty();
    }

    @Test
    void aSampleIsTheSameAsSubmitsAndEvaluatesRuns() throws Exception {
        Path out = dir.resolve("sample.csv");
        Cli.Result r = Cli.run("score", "--sample", "5", "--seed", "3", "--scorer", "noop", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        int[] expected = io.nasscore.core.space.SearchSpace.runs(1, 5, 3)[0];
        assertThat(Csv.read(out).rows().stream().mapToInt(row -> row.getInt("index")).toArray()).containsExactly(expected);
        assertThat(io.nasscore.producer.JobSet.sample(5, 1, 3).indices()).containsExactly(java.util.Arrays.stream(expected).boxed().toArray(Integer[]::new));
    }
}
