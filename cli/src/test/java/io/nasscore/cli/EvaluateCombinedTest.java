package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Combinations;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.metrics.Subset;
import io.nasscore.core.metrics.TuningSplit;
import io.nasscore.core.truth.GroundTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Combined scores in `evaluate`: members from two files joined by index, computed over the evaluated pool. */
class EvaluateCombinedTest {

    @TempDir Path dir;

    @Test
    void ensembleFromTwoJoinedFilesEqualsCoresComputationOverThePool() throws Exception {
        Random rnd = new Random(3);
        int n = 200;
        double[] lns = new double[n];
        double[] mnjs = new double[n];
        double[] wpjs = new double[n];
        double[] params = new double[n];
        StringBuilder a = new StringBuilder("index,LNS,MNJS\n");
        StringBuilder b = new StringBuilder("index,WPJS,params,LNS\n");
        for (int i = 0; i < n; i++) {
            lns[i] = rnd.nextInt(50);
            mnjs[i] = i == 7 ? Double.NEGATIVE_INFINITY : rnd.nextGaussian();
            wpjs[i] = rnd.nextGaussian();
            params[i] = rnd.nextInt(20);
            a.append(i * 3).append(',').append(lns[i]).append(',').append(mnjs[i]).append('\n');
            // the second file lists the archs in another order, and has a clashing LNS column
            b.insert(b.indexOf("\n") + 1, (i * 3) + "," + wpjs[i] + "," + params[i] + ",999\n");
        }
        Path fa = dir.resolve("ours.csv");
        Path fb = dir.resolve("proxies.csv");
        Files.writeString(fa, a);
        Files.writeString(fb, b);
        Cli.Result r = Cli.run("evaluate", "--scores", fa.toString(), "--join", fb.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        // ensemble has some of its members here and says which are missing; az_nas and vote have none: no line
        assertThat(r.err()).contains("kept the first file's LNS").contains("ensemble left out: no column nwot, synflow, jacov")
                .doesNotContain("az_nas left out").doesNotContain("vote left out");
        JsonNode rows = new ObjectMapper().readTree(r.out());
        JsonNode all = null;
        for (JsonNode row : rows) {
            if (row.get("score").asText().equals("ensemble_twelve") && row.get("subset").asText().equals("all")) all = row;
        }
        assertThat(all).as(r.out()).isNotNull();
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("LNS", lns);
        cols.put("MNJS", mnjs);
        cols.put("WPJS", wpjs);
        cols.put("params", params);
        GroundTruth gt = GroundTruth.shipped(Dataset.CIFAR10);
        double[] acc = new double[n];
        for (int i = 0; i < n; i++) acc[i] = gt.accuracy(i * 3);
        QualityMetrics expected = QualityMetrics.compute(Combinations.ENSEMBLE_TWELVE.values(cols), acc, Subset.ALL);
        assertThat(all.get("n").asInt()).isEqualTo(n);
        assertThat(all.get("tau_b").asDouble()).isCloseTo(expected.tauB(), within(1e-12));
        assertThat(all.get("spearman").asDouble()).isCloseTo(expected.spearman(), within(1e-12));

        Cli.Result off = Cli.run("evaluate", "--scores", fa.toString(), "--join", fb.toString(), "--no-ensembles", "--format", "json");
        assertThat(off.out()).doesNotContain("ensemble");
        assertThat(off.err()).doesNotContain("ensemble");
    }

    @Test
    void combineAddsAUserDefinedCombinedScoreAndBadSpecsAreOneLine() throws Exception {
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "index,a,b\n0,1,3\n1,2,2\n2,3,1\n3,4,0\n");
        Cli.Result r = Cli.run("evaluate", "--scores", f.toString(), "--no-ensembles", "--combine", "s2=linear:a,B",
                "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        // ranks a = 1..4 and b = 4..1: every sum is 5, a constant score: n = 4 and NaN correlations
        assertThat(r.out()).contains("\ns2,all,4,NaN,NaN,NaN");
        Cli.Result bad = Cli.run("evaluate", "--scores", f.toString(), "--combine", "x=median:a,b");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--combine 'x=median:a,b'").contains("unknown method").doesNotContain("\tat ");
        Cli.Result missing = Cli.run("evaluate", "--scores", f.toString(), "--combine", "y=log:a,zz", "--format", "csv");
        assertThat(missing.code()).isZero();
        assertThat(missing.err()).contains("y left out: no column zz");
    }

    /** Three members that agree with the accuracy on every pair: the vote orders every pair right. */
    @Test
    void voteReportsItsPairwiseAccuracy() throws Exception {
        Path truth = dir.resolve("t.csv");
        Files.writeString(truth, "index,acc\n0,10\n1,20\n2,30\n3,40\n");
        Path f = dir.resolve("v.csv");
        Files.writeString(f, "index,synflow,jacov,snip\n0,1,1,4\n1,2,2,3\n2,3,3,2\n3,4,4,1\n");
        Cli.Result r = Cli.run("evaluate", "--scores", f.toString(), "--truth", truth.toString(), "--truth-column", "acc");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("vote: pairwise accuracy of the vote 1.0000");
    }

    @Test
    void heldOutHalfKeepsOnlyItsArchitectures() throws Exception {
        StringBuilder a = new StringBuilder("index,s\n");
        int held = 0;
        for (int i = 0; i < 400; i++) {
            a.append(i).append(',').append(i % 13).append('\n');
            if (!TuningSplit.tuning(i)) held++;
        }
        Path f = dir.resolve("s.csv");
        Files.writeString(f, a);
        Cli.Result r = Cli.run("evaluate", "--scores", f.toString(), "--half", "held-out", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get(0).get("n").asInt()).isEqualTo(held).isLessThan(400);
        Cli.Result bad = Cli.run("evaluate", "--scores", f.toString(), "--half", "middle");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--half").contains("middle");
    }
}
