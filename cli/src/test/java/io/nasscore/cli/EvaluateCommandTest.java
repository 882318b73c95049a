package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

    @TempDir Path dir;

    @Test
    void metricsOfAHandMadeTableAgainstAHandMadeTruth() throws Exception {
        // four archs; score "good" orders them exactly like the accuracy, "bad" exactly backwards,
        // "mixed" has one discordant pair out of six: tau-a = (5 - 1) / 6.
        Path truth = dir.resolve("truth.csv");
        Files.writeString(truth, "index,acc\n0,10\n1,20\n2,30\n3,40\n");
        Path scores = dir.resolve("s.csv");
        Files.writeString(scores, "index,good,bad,mixed,total_ms\n0,0.1,0.9,0.1,5\n1,0.2,0.8,0.3,5\n2,0.3,0.7,0.2,5\n3,0.4,0.6,0.4,5\n");
        Cli.Result r = Cli.run("evaluate", "--input", scores.toString(), "--truth", truth.toString(),
                "--truth-column", "acc", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertThat(rows).hasSize(6); // three score columns x two subsets; total_ms is not a score
        assertThat(rows.get(0).get("score").asText()).isEqualTo("good");
        assertThat(rows.get(0).get("monotonicity").asDouble()).isEqualTo(1.0);
        assertThat(rows.get(2).get("score").asText()).isEqualTo("bad");
        assertThat(rows.get(2).get("monotonicity").asDouble()).isEqualTo(1.0);
        assertThat(rows.get(2).get("tau_b").asDouble()).isEqualTo(-1.0);
        assertThat(rows.get(4).get("monotonicity").asDouble()).isCloseTo(4.0 / 6.0, org.assertj.core.data.Offset.offset(1e-12));
        // above-median of "good": scores 0.3 and 0.4 (median 0.25)
        assertThat(rows.get(1).get("subset").asText()).isEqualTo("above-median");
        assertThat(rows.get(1).get("n").asInt()).isEqualTo(2);
    }

    /**
     * baselines.md §1 and §11: a proxy's −∞ is ranked below every finite value (not dropped, as the paper's scores'
     * non-finite values are), and a published CSV joins as more score columns on the same architectures.
     */
    @Test
    void proxyMinusInfinityRanksLastAndAPublishedFileJoins() throws Exception {
        Path truth = dir.resolve("truth.csv");
        Files.writeString(truth, "index,acc\n0,10\n1,20\n2,30\n3,40\n");
        Path scores = dir.resolve("ours.csv");
        Files.writeString(scores, "index,nwot,JS\n0,-Infinity,-Infinity\n1,2,0.2\n2,3,0.3\n3,4,0.4\n");
        Path published = dir.resolve("pub.csv");
        Files.writeString(published, "index,nwot,suitezero_valid_net\n0,-100000000,1\n1,5,1\n2,4,1\n3,6,1\n9,1,1\n");
        Cli.Result r = Cli.run("evaluate", "--scores", scores.toString(), "--truth", truth.toString(),
                "--truth-column", "acc", "--join", published.toString(), "--join-prefix", "published_", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        java.util.Map<String, JsonNode> all = new java.util.HashMap<>();
        for (JsonNode n : rows) if (n.get("subset").asText().equals("all")) all.put(n.get("score").asText(), n);
        assertThat(all.get("nwot").get("n").asInt()).as("−∞ kept for a proxy").isEqualTo(4);
        assertThat(all.get("nwot").get("tau_b").asDouble()).isEqualTo(1.0);
        assertThat(all.get("JS").get("n").asInt()).as("the paper's scores still drop it").isEqualTo(3);
        assertThat(all.get("published_nwot").get("n").asInt()).isEqualTo(4);
        assertThat(all.get("published_nwot").get("tau_b").asDouble()).isCloseTo(4.0 / 6.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(all).doesNotContainKey("published_suitezero_valid_net");
    }

    @Test
    void runsAddBestAccuracyAndPercentileColumns() throws Exception {
        Path scores = dir.resolve("p.csv");
        StringBuilder b = new StringBuilder("index,s\n");
        for (int i = 0; i < 300; i++) b.append(i).append(',').append(i % 17).append('\n');
        Files.writeString(scores, b);
        Cli.Result r = Cli.run("evaluate", "--input", scores.toString(), "--runs", "3", "--sample", "50", "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo("score,subset,n,monotonicity,tau_b,spearman,slope,r2,best_acc_mean,best_acc_std,best_percentile_mean");
        assertThat(lines[1].split(",")).hasSize(11);
        assertThat(Double.parseDouble(lines[1].split(",")[8])).isBetween(0.0, 100.0);
    }

    @Test
    void theColumnsAndCellsLeftOutAreNamedWithTheReason() throws Exception {
        Path scores = dir.resolve("gaps.csv");
        Files.writeString(scores, "index,full,gappy,text,blank\n0,0.1,0.1,a,\n1,0.2,,b,\n2,0.3,inf,c,\n3,0.4,NaN,d,\n4,0.5,0.5,e,\n");
        Cli.Result r = Cli.run("evaluate", "--input", scores.toString(), "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err().lines().toList()).containsExactly(
                "evaluate: column text left out: 'a' on line 2 is not a number",
                "evaluate: column blank left out: every cell is empty",
                "evaluate: column gappy: 3 of 5 architectures left out of its metrics (1 empty cell(s), 2 non-finite value(s): NaN or inf)");
        assertThat(r.out()).startsWith("score,").contains("\nfull,").contains("\ngappy,").doesNotContain("evaluate:");
    }

    @Test
    void aProxysMinusInfinityIsReportedAsRankedNotAsLeftOut() throws Exception {
        Path scores = dir.resolve("inf.csv");
        Files.writeString(scores, "index,JS,synflow\n0,0.1,-inf\n1,-inf,1.0\n2,0.3,2.0\n3,0.4,-inf\n4,0.5,3.0\n");
        Cli.Result r = Cli.run("evaluate", "--input", scores.toString(), "--format", "csv", "--no-ensembles");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err().lines().toList()).containsExactly(
                "evaluate: column JS: 1 of 5 architectures left out of its metrics (0 empty cell(s), 1 non-finite value(s): NaN or inf)",
                "evaluate: column synflow: 2 architecture(s) at -inf, ranked below every finite value");
        assertThat(r.out()).contains("\nJS,all,4,").contains("\nsynflow,all,5,");
    }

    @Test
    void badInputNamesTheFileAndTheProblem() throws Exception {
        Path scores = dir.resolve("bad.csv");
        Files.writeString(scores, "index,s\n0,0.5\n99999,0.1\n");
        Cli.Result r = Cli.run("evaluate", "--input", scores.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv").contains("line 3").contains("outside 0..15624").doesNotContain("\tat ");
        Path noIndex = dir.resolve("noindex.csv");
        Files.writeString(noIndex, "x,s\n0,0.5\n");
        assertThat(Cli.run("evaluate", "--input", noIndex.toString()).err()).contains("needs an 'index' or an 'arch' column");
        assertThat(Cli.run("evaluate", "--input", dir.resolve("missing.csv").toString()).err()).contains("missing.csv");
    }
}
