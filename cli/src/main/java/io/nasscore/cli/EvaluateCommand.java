package io.nasscore.cli;

import io.nasscore.core.table.ScoreTable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Combinations;
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

    @Option(names = "--input", paramLabel = "FILE.csv",
            description = "a CSV with an index or arch column and numeric score columns (ours or published proxies)")
    Path input;

    @Option(names = "--scores", paramLabel = "FILE.csv", hidden = true, description = "deprecated name of --input")
    Path deprecatedScores;

    @Mixin TruthOptions truthOptions;

    @Option(names = "--columns", split = ",", description = "only these score columns (default: every numeric score column)")
    List<String> columns;

    @Option(names = "--baselines", description = "add the parameter count and FLOPs of each architecture as baseline scores")
    boolean baselines;

    @Option(names = "--exclude-degenerate", description = "drop architectures flagged input_degenerate (Mellor's protocol)")
    boolean excludeDegenerate;

    @Option(names = "--runs", defaultValue = "0", paramLabel = "R",
            description = "R runs for best accuracy retrieved and the percentile, >= 0 (default: ${DEFAULT-VALUE}: none)")
    int runs;

    @Option(names = "--sample", defaultValue = "1000", paramLabel = "N", description = "N architectures per run, >= 1 (default: ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the runs (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin PoolOptions poolOptions;

    @Mixin CombinedOptions combinedOptions;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = OutputFormat.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    @Override
    public Integer call() {
        Path scores = DeprecatedOption.resolve(spec.commandLine().getErr(), "evaluate", "--input", input, "--scores", deprecatedScores);
        if (scores == null) throw new IllegalArgumentException("give the scores CSV: --input FILE.csv");
        OptionChecks.atLeast("--runs", runs, 0);
        OptionChecks.sample("--sample", sample);
        Dataset ds = truthOptions.dataset(Dataset.CIFAR10);
        GroundTruth gt = truthOptions.load(ds);
        ScoreTable table = ScoreTable.read(Csv.read(scores), columns, excludeDegenerate);
        List<String> ignored = poolOptions.apply(table);
        if (baselines) table.addBaselines(ds);
        // on stderr: stdout stays the table, CSV or JSON asked for
        PrintWriter err = spec.commandLine().getErr();
        String prefix = poolOptions.join == null ? null : poolOptions.joinPrefix;
        table.rankMinusInfinityLowest(c -> ScoreTable.isProxyColumn(c) || (prefix != null && !prefix.isEmpty() && c.startsWith(prefix)));
        table.leftOut().forEach(note -> err.println("evaluate: " + note)); // after the -inf rule: what is really left out
        err.flush();
        double[] acc = gt.accuracies(table.indices());
        int[][] runPositions = null;
        if (runs > 0) {
            runPositions = Evaluation.runPositions(table.indices(), acc, SearchSpace.runs(runs, sample, seed), sample, seed);
        }
        PrintWriter out = spec.commandLine().getOut();
        // notes go with the table, and to stderr when stdout must stay machine-readable
        PrintWriter notes = format == OutputFormat.table ? out : spec.commandLine().getErr();
        if (!ignored.isEmpty()) notes.println("--join " + poolOptions.join + ": kept the first file's " + String.join(", ", ignored));
        Combinations.Applicable combined = combinedOptions.applicable(table.columns(), notes);
        combinedOptions.votePairwiseAccuracy(combined.present(), table.columns(), acc, notes);
        List<Evaluation.Row> rows = Evaluation.evaluate(table.indices(), table.columns(), combined.present(), acc, runPositions);
        switch (format) {
            case table -> {
                out.printf(Locale.ROOT, "%d architectures from %s%s; truth %s (optimum %.2f)%n", table.indices().length,
                        scores, table.dropped() > 0 ? " (" + table.dropped() + " degenerate dropped)" : "", gt, gt.optimum());
                out.print(Tables.render(header(runs > 0), cells(rows, runs > 0, format)));
            }
            case csv -> {
                out.println(String.join(",", header(runs > 0)));
                for (List<String> r : cells(rows, runs > 0, format)) out.println(String.join(",", r));
            }
            case json -> out.println(json(rows, runs > 0));
        }
        out.flush();
        return 0;
    }

    static List<String> header(boolean withRuns) {
        List<String> h = new ArrayList<>(List.of("score", "subset", "n", "monotonicity", "tau_b", "spearman", "slope", "r2"));
        if (withRuns) h.addAll(List.of("best_acc_mean", "best_acc_std", "best_percentile_mean"));
        return h;
    }

    static List<List<String>> cells(List<Evaluation.Row> rows, boolean withRuns, OutputFormat format) {
        List<List<String>> out = new ArrayList<>();
        for (Evaluation.Row r : rows) {
            QualityMetrics m = r.metrics();
            List<String> c = new ArrayList<>(List.of(r.score(), m.subset().id(), Integer.toString(m.n()),
                    format.number(m.monotonicity(), 4), format.number(m.tauB(), 4), format.number(m.spearman(), 4),
                    format.number(m.slope() * m.slopeSign(), 4), format.number(m.r2(), 4)));
            if (withRuns) {
                MeanStd b = r.bestAccuracy();
                MeanStd p = r.bestPercentile();
                c.add(b == null ? "" : format.number(b.mean(), 2));
                c.add(b == null ? "" : format.number(b.std(), 2));
                c.add(p == null ? "" : format.number(p.mean(), 1));
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
}
