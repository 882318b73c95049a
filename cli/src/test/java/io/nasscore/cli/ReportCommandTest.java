package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.report.SyntheticScores;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.metrics.MeanStd;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.space.Cost;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.truth.Csv;
import io.nasscore.core.truth.GroundTruth;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportCommandTest {

    static final int N = 200;
    static final String[] FIGURES = {"figure2", "figure3", "figure4", "figure5", "figure6"};

    @TempDir static Path shared;
    static Path scores;
    static Path out;
    static Cli.Result result;

    @TempDir Path dir;

    @BeforeAll
    static void renderOnce() throws Exception {
        System.setProperty("java.awt.headless", "true");
        scores = SyntheticScores.write(shared.resolve("scores.csv"), N, SyntheticScores.DEFAULT_HASH);
        out = shared.resolve("report");
        result = Cli.run("report", "--input", scores.toString(), "--runs", "3", "--sample", "50", "--out", out.toString());
    }

    @Test
    void writesThePageEveryFigureAsPngAndSvgAndTheTable() throws Exception {
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("200 architectures").contains("index.html");
        for (String f : FIGURES) {
            byte[] png = Files.readAllBytes(out.resolve(f + ".png"));
            assertThat(png.length).as(f + ".png").isGreaterThan(1000);
            assertThat(Arrays.copyOf(png, 8)).as(f + ".png magic")
                    .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            byte[] svg = Files.readAllBytes(out.resolve(f + ".svg"));
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setNamespaceAware(true);
            dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline
            Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
            assertThat(doc.getDocumentElement().getLocalName()).as(f + ".svg root").isEqualTo("svg");
        }
        String html = Files.readString(out.resolve("index.html"));
        for (String f : FIGURES) assertThat(html).contains("src=\"" + f + ".png\"").contains("href=\"" + f + ".svg\"");
        assertThat(html).contains("<table class=\"metrics\">").contains("How to read").contains("href=\"table.csv\"")
                .contains("B = 256").contains("target loss").contains("BN train").contains("CIFAR-10")
                .contains("3 runs of 50").doesNotContain("src=\"/").doesNotContain("file:");
        for (ScoreName s : ScoreName.PAPER) assertThat(html).contains(">" + s.name() + "<");
    }

    @Test
    void tableRowsAreEvaluationEvaluateOverTheSamePointsPlusTimes() throws Exception {
        assertThat(result.code()).as(result.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("table.csv"));
        assertThat(lines.get(0)).isEqualTo("score,subset,n,monotonicity,tau_b,spearman,slope,r2,"
                + "best_acc_mean,best_acc_std,best_percentile_mean,excluded,ms_mean,ms_median");

        // the same points, independently: the CSV's index and score columns, then params and flops from Cost
        Csv.Table csv = Csv.read(scores);
        int[] idx = csv.rows().stream().mapToInt(r -> r.getInt("index")).toArray();
        Map<String, double[]> cols = Evaluation.columns();
        for (ScoreName s : ScoreName.PAPER) {
            cols.put(s.name(), csv.rows().stream().mapToDouble(r -> r.getDouble(s.name())).toArray());
        }
        cols.put("params", Arrays.stream(idx).mapToDouble(i -> Cost.params(SearchSpace.arch(i), 10)).toArray());
        cols.put("flops", Arrays.stream(idx).mapToDouble(i -> Cost.flopsM(SearchSpace.arch(i), Dataset.CIFAR10)).toArray());
        double[] acc = GroundTruth.shipped(Dataset.CIFAR10).accuracies(idx);
        int[][] runs = Evaluation.runPositions(idx, acc, SearchSpace.runs(3, 50, 0), 50, 0);
        // plus the combined scores whose members are there (ensemble_twelve), each run over its own sample
        List<io.nasscore.core.metrics.Combination> combined =
                io.nasscore.core.metrics.Combinations.applicable(io.nasscore.core.metrics.Combinations.ALL, cols).present();
        assertThat(combined).extracting(io.nasscore.core.metrics.Combination::name).containsExactly("ensemble_twelve");
        List<Evaluation.Row> rows = Evaluation.evaluate(idx, cols, combined, acc, runs);
        assertThat(lines).hasSize(rows.size() + 1);
        for (int k = 0; k < rows.size(); k++) {
            Evaluation.Row r = rows.get(k);
            QualityMetrics m = r.metrics();
            MeanStd b = r.bestAccuracy();
            MeanStd p = r.bestPercentile();
            List<String> expected = List.of(r.score(), m.subset().id(), Integer.toString(m.n()), f(m.monotonicity()),
                    f(m.tauB()), f(m.spearman()), f(m.slope() * m.slopeSign()), f(m.r2()),
                    b == null ? "" : f(b.mean()), b == null ? "" : f(b.std()), p == null ? "" : f(p.mean()),
                    Integer.toString(m.excluded()));
            List<String> actual = Arrays.asList(lines.get(k + 1).split(",", -1));
            assertThat(actual.subList(0, 12)).as("row " + (k + 1)).isEqualTo(expected);
        }
    }

    @Test
    void theFirstElevenColumnsAreExactlyEvaluateCsv() throws Exception {
        Cli.Result ev = Cli.run("evaluate", "--input", scores.toString(), "--columns", String.join(",", names()),
                "--baselines", "--runs", "3", "--sample", "50", "--format", "csv");
        assertThat(ev.code()).as(ev.err()).isZero();
        List<String> expected = Arrays.asList(ev.out().split("\\R"));
        List<String> table = Files.readAllLines(out.resolve("table.csv"));
        assertThat(table).hasSize(expected.size());
        for (int i = 0; i < table.size(); i++) {
            String[] cells = table.get(i).split(",", -1);
            assertThat(String.join(",", Arrays.copyOf(cells, 11))).isEqualTo(expected.get(i));
        }
    }

    @Test
    void timeOfAScoreIsThePassesItNeedsPlusTheSimilarityArithmetic() throws Exception {
        List<String> table = Files.readAllLines(out.resolve("table.csv"));
        for (ScoreName s : ScoreName.PAPER) {
            double sum = 0;
            double[] each = new double[N];
            for (int i = 0; i < N; i++) {
                double t = SyntheticScores.similarityTime(i);
                for (Pass p : s.passes()) t += SyntheticScores.time(p, i);
                each[i] = t;
                sum += t;
            }
            String row = table.stream().filter(l -> l.startsWith(s.name() + ",all,")).findFirst().orElseThrow();
            String[] c = row.split(",", -1);
            assertThat(c[12]).as(s + " ms_mean").isEqualTo(f(sum / N));
            Arrays.sort(each);
            assertThat(c[13]).as(s + " ms_median").isEqualTo(f((each[N / 2 - 1] + each[N / 2]) / 2));
            String above = table.stream().filter(l -> l.startsWith(s.name() + ",above-median,")).findFirst().orElseThrow();
            assertThat(above).endsWith(",,");
        }
        // MNJS needs the clean and the three noisy passes, SNS the clean and noise 0.1, PJS the clean one only
        assertThat(ScoreName.MNJS.passes()).hasSize(4);
        String params = table.stream().filter(l -> l.startsWith("params,all,")).findFirst().orElseThrow();
        assertThat(params).endsWith(",,"); // closed form: no time
    }

    @Test
    void publishedProxiesWithoutTimesOrConfigurationStillMakeAReport() throws Exception {
        Path proxies = dir.resolve("proxies.csv");
        StringBuilder b = new StringBuilder("index,arch,synflow,jacov,params,flops\n");
        for (int i = 0; i < 120; i++) {
            int index = 31 * i;
            b.append(index).append(',').append(SearchSpace.arch(index)).append(',').append(1000.0 + 7 * (i % 13))
                    .append(',').append(i % 5 == 0 ? "" : Double.toString(-50 + (i * 37 % 11))).append(",0.5,10\n");
        }
        Files.writeString(proxies, b);
        Path o = dir.resolve("r");
        Cli.Result r = Cli.run("report", "--input", proxies.toString(), "--runs", "2", "--sample", "30", "--out", o.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> table = Files.readAllLines(o.resolve("table.csv"));
        // the file's params/flops columns are replaced by the computed baselines
        assertThat(table.stream().map(l -> l.split(",")[0]).distinct().toList())
                .containsExactly("score", "synflow", "jacov", "params", "flops");
        assertThat(table.stream().filter(l -> l.startsWith("jacov,all,")).findFirst().orElseThrow()).contains(",24,");
        String html = Files.readString(o.resolve("index.html"));
        assertThat(html).contains("score configuration not recorded").contains("rank axis").contains("log axis");
        for (String f : FIGURES) assertThat(o.resolve(f + ".png")).isNotEmptyFile();
    }

    @Test
    void aFileWithSeveralConfigurationsNeedsConfig() throws Exception {
        Path a = SyntheticScores.write(dir.resolve("a.csv"), 40, SyntheticScores.DEFAULT_HASH);
        Path other = SyntheticScores.write(dir.resolve("b.csv"), 40, "00000000deadbeef");
        String both = Files.readString(a) + Files.readAllLines(other).stream().skip(1)
                .map(l -> l + "\n").reduce("", String::concat);
        Path mixed = Files.writeString(dir.resolve("mixed.csv"), both);
        Cli.Result r = Cli.run("report", "--input", mixed.toString(), "--runs", "1", "--out", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("mixed.csv").contains("2 score configurations").contains(SyntheticScores.DEFAULT_HASH)
                .contains("00000000deadbeef").contains("--config-hash").doesNotContain("\tat ");
        Path o = dir.resolve("y");
        r = Cli.run("report", "--input", mixed.toString(), "--config-hash", "00000000DEADBEEF", "--runs", "1", "--sample", "20",
                "--out", o.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(o.resolve("index.html"))).contains("config 00000000deadbeef (not a common configuration)");
        assertThat(Files.readAllLines(o.resolve("table.csv")).get(1)).startsWith("JS,all,40,");
    }

    @Test
    void badInputGivesAClearMessage() throws Exception {
        Path o = dir.resolve("o");
        Cli.Result missing = Cli.run("report", "--input", dir.resolve("missing.csv").toString(), "--out", o.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("missing.csv").contains("file not found").doesNotContain("\tat ");

        Path noIndex = Files.writeString(dir.resolve("noindex.csv"), "x,JS\n0,0.5\n1,0.6\n");
        Cli.Result r = Cli.run("report", "--input", noIndex.toString(), "--out", o.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("noindex.csv").contains("needs an 'index' or an 'arch' column").doesNotContain("\tat ");

        Path bad = Files.writeString(dir.resolve("bad.csv"), "index,JS\n0,0.5\n99999,0.1\n");
        r = Cli.run("report", "--input", bad.toString(), "--out", o.toString());
        assertThat(r.err()).contains("bad.csv").contains("line 3").contains("outside 0..15624");

        r = Cli.run("report", "--input", scores.toString(), "--runs", "0", "--out", o.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--runs must be >= 1");

        r = Cli.run("report", "--input", scores.toString(), "--dataset", "cifar100", "--out", o.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--dataset cifar100 does not match").contains("cifar10");

        r = Cli.run("report", "--out", o.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--input").contains("--experiment");

        r = Cli.run("report", "--input", scores.toString(), "--experiment", "e", "--out", o.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
        assertThat(o).doesNotExist();
    }

    @Test
    void aTruthFileAndColumnReplaceTheShippedAccuracies() throws Exception {
        // the score equals the index and so does this truth: perfectly monotonic against it, not against NB201's
        StringBuilder sc = new StringBuilder("index,JS\n");
        StringBuilder tr = new StringBuilder("index,acc\n");
        for (int i = 0; i < 60; i++) {
            sc.append(i).append(',').append(0.5 + i / 1000.0).append('\n');
            tr.append(i).append(',').append(30 + i).append('\n');
        }
        Path scoresCsv = Files.writeString(dir.resolve("s.csv"), sc);
        Path truthCsv = Files.writeString(dir.resolve("mytruth.csv"), tr);
        Path out = dir.resolve("own-truth");
        Cli.Result r = Cli.run("report", "--input", scoresCsv.toString(), "--truth", truthCsv.toString(),
                "--truth-column", "acc", "--runs", "1", "--sample", "60", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("index.html"))).contains("column acc of").contains("mytruth.csv");
        String js = Files.readAllLines(out.resolve("table.csv")).stream().filter(l -> l.startsWith("JS,all,")).findFirst().orElseThrow();
        assertThat(js).startsWith("JS,all,60,1.0,");

        // the same flags mean the same truth in evaluate
        Cli.Result e = Cli.run("evaluate", "--input", scoresCsv.toString(), "--truth", truthCsv.toString(),
                "--truth-column", "acc", "--format", "csv");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("JS,all,60,1.0,");
    }

    private static List<String> names() {
        List<String> out = new ArrayList<>();
        for (ScoreName s : ScoreName.PAPER) out.add(s.name());
        return out;
    }

    private static String f(double v) { return Double.isNaN(v) ? "NaN" : Double.toString(v); }
}
