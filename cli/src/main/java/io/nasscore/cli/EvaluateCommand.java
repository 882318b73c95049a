package io.nasscore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.metrics.MeanStd;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.truth.Csv;
import io.nasscore.core.truth.GroundTruth;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate",
        description = "Score-quality metrics (scores.md section 5) of every score column of a scores CSV against ground truth.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "FILE.csv",
            description = "a CSV with an index or arch column and numeric score columns (ours or published proxies)")
    Path scores;

    @Mixin TruthOptions truthOptions;

    @Option(names = "--columns", split = ",", description = "only these score columns (default: every numeric score column)")
    List<String> columns;

    @Option(names = "--join", paramLabel = "FILE.csv",
            description = "add the numeric score columns of another CSV (e.g. the published proxies) for the same architectures")
    Path join;

    @Option(names = "--join-prefix", defaultValue = "published_",
            description = "prefix of the joined columns' names (default: ${DEFAULT-VALUE})")
    String joinPrefix;

    @Option(names = "--join-columns", split = ",", description = "only these columns of --join (default: every numeric score column)")
    List<String> joinColumns;

    @Option(names = "--baselines", description = "add the parameter count and FLOPs of each architecture as baseline scores")
    boolean baselines;

    @Option(names = "--exclude-degenerate", description = "drop architectures flagged input_degenerate (Mellor's protocol)")
    boolean excludeDegenerate;

    @Option(names = "--runs", defaultValue = "0", description = "R runs for best accuracy retrieved and the percentile")
    int runs;

    @Option(names = "--sample", defaultValue = "1000", description = "N architectures per run (default: ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the runs (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
        Dataset ds = truthOptions.dataset(Dataset.CIFAR10);
        GroundTruth gt = truthOptions.load(ds);
        ScoreTable table = ScoreTable.read(Csv.read(scores), columns, excludeDegenerate);
        if (join != null) table.join(Csv.read(join), joinPrefix, joinColumns);
        if (baselines) table.addBaselines(ds);
        String prefix = join == null ? null : joinPrefix;
        table.rankMinusInfinityLowest(c -> ScoreTable.isProxyColumn(c) || (prefix != null && c.startsWith(prefix)));
        double[] acc = gt.accuracies(table.indices());
        int[][] runPositions = null;
        if (runs > 0) {
            runPositions = Evaluation.runPositions(table.indices(), acc, SearchSpace.runs(runs, sample, seed), sample, seed);
        }
        List<Evaluation.Row> rows = Evaluation.evaluate(table.indices(), table.columns(), acc, runPositions);
        PrintWriter out = spec.commandLine().getOut();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> {
                out.printf(Locale.ROOT, "%d architectures from %s%s; truth %s (optimum %.2f)%n", table.indices().length,
                        scores, table.dropped() > 0 ? " (" + table.dropped() + " degenerate dropped)" : "", gt, gt.optimum());
                out.print(Tables.render(header(runs > 0), cells(rows, runs > 0)));
            }
            case "csv" -> {
                out.println(String.join(",", header(runs > 0)));
                for (List<String> r : cells(rows, runs > 0)) out.println(String.join(",", r));
            }
            case "json" -> out.println(json(rows, runs > 0));
            default -> throw new IllegalArgumentException("unknown format '" + format + "': expected table, csv or json");
        }
        out.flush();
        return 0;
    }

    static List<String> header(boolean withRuns) {
        List<String> h = new ArrayList<>(List.of("score", "subset", "n", "monotonicity", "tau_b", "spearman", "slope", "r2"));
        if (withRuns) h.addAll(List.of("best_acc_mean", "best_acc_std", "best_percentile_mean"));
        return h;
    }

    static List<List<String>> cells(List<Evaluation.Row> rows, boolean withRuns) {
        List<List<String>> out = new ArrayList<>();
        for (Evaluation.Row r : rows) {
            QualityMetrics m = r.metrics();
            List<String> c = new ArrayList<>(List.of(r.score(), m.subset().id(), Integer.toString(m.n()),
                    f(m.monotonicity()), f(m.tauB()), f(m.spearman()), f(m.slope() * m.slopeSign()), f(m.r2())));
            if (withRuns) {
                MeanStd b = r.bestAccuracy();
                MeanStd p = r.bestPercentile();
                c.add(b == null ? "" : f(b.mean()));
                c.add(b == null ? "" : f(b.std()));
                c.add(p == null ? "" : f(p.mean()));
            }
            out.add(c);
        }
        return out;
    }

    private static String json(List<Evaluation.Row> rows, boolean withRuns) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode arr = mapper.createArrayNode();
        for (Evaluation.Row r : rows) {
            QualityMetrics m = r.metrics();
            ObjectNode o = arr.addObject();
            o.put("score", r.score());
            o.put("subset", m.subset().id());
            o.put("n", m.n());
            o.put("excluded", m.excluded());
            o.put("monotonicity", m.monotonicity());
            o.put("tau_b", m.tauB());
            o.put("spearman", m.spearman());
            o.put("slope", m.slope() * m.slopeSign());
            o.put("r2", m.r2());
            if (withRuns && r.bestAccuracy() != null) {
                o.put("best_acc_mean", r.bestAccuracy().mean());
                o.put("best_acc_std", r.bestAccuracy().std());
                o.put("best_percentile_mean", r.bestPercentile().mean());
            }
        }
        return arr.toPrettyString();
    }

    private static String f(double v) { return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v); }
}
