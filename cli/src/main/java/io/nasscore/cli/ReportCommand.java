package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.cli.report.CsvReportData;
import io.nasscore.cli.report.PostgresReportData;
import io.nasscore.cli.report.Report;
import io.nasscore.cli.report.ReportData;
import io.nasscore.cli.report.ReportInput;
import io.nasscore.cli.report.ReportModel;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.core.Dataset;
import io.nasscore.core.truth.GroundTruth;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report",
        description = {"The paper's figures 2 to 5 (PNG and SVG), the score-quality table (table.csv) and one HTML page "
                + "(index.html), from a scores CSV or from an experiment in PostgreSQL.",
            "Baselines (parameter count, FLOPs) are always added. The metrics are those of `evaluate --baselines --runs R`."})
final class ReportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    static final class Source {
        @Option(names = "--scores", paramLabel = "FILE.csv", required = true,
                description = "a scores CSV (what `score` writes, or published proxies) with an index or arch column")
        Path scores;

        @Option(names = "--experiment", paramLabel = "NAME", required = true,
                description = "an experiment in PostgreSQL (view v_scores); see the connection options")
        String experiment;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin TruthOptions truthOptions;

    @Option(names = "--columns", split = ",", description = "only these scores (default: every score column)")
    List<String> columns;

    @Option(names = "--config", paramLabel = "HASH", description = "the score configuration to report when the input holds several")
    String config;

    @Option(names = "--exclude-degenerate", description = "drop architectures flagged input_degenerate (Mellor's protocol)")
    boolean excludeDegenerate;

    @Option(names = "--runs", defaultValue = "10", description = "R runs for best accuracy retrieved and the percentile (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--sample", defaultValue = "1000", description = "N architectures per run (default: ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the runs (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "report", description = "output directory (default: ./${DEFAULT-VALUE})")
    Path out;

    @Mixin ConnectionOptions conn;

    @Mixin CombinedOptions combinedOptions;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        if (runs < 1) throw new IllegalArgumentException("--runs must be >= 1 (figure 3 shows best accuracy over runs), got " + runs);
        if (sample < 1) throw new IllegalArgumentException("--sample must be >= 1, got " + sample);
        ReportInput input = source.scores != null
                ? new CsvReportData(source.scores, columns, excludeDegenerate, config).load()
                : fromDatabase();
        Dataset ds = dataset(input);
        String column = truthOptions.column(ds);
        double[] acc;
        double optimum;
        String truthSource;
        String axis = column.equals(GroundTruth.defaultColumn(ds))
                ? datasetName(ds) + " test accuracy (%)" : datasetName(ds) + " accuracy, " + column + " (%)";
        if (truthOptions.truth == null && truthOptions.column == null && input.accuracy() != null && anyFinite(input.accuracy())) {
            GroundTruth shipped = GroundTruth.shipped(ds);
            acc = input.accuracy();
            optimum = shipped.optimum();
            truthSource = "column " + column + " of " + input.source() + " (optimum from " + shipped.source() + ")";
        } else {
            GroundTruth gt = truthOptions.load(ds);
            acc = gt.accuracies(input.indices());
            optimum = gt.optimum();
            truthSource = "column " + gt.column() + " of " + gt.source();
        }
        if (!anyFinite(acc)) {
            throw new IllegalArgumentException("none of the " + input.size() + " architectures of " + input.source()
                    + " has a known accuracy in " + truthSource);
        }
        ReportModel model = new ReportModel(input, ds, acc, axis, truthSource, optimum, runs, sample, seed,
                combinedOptions.candidates());
        List<Path> files;
        try {
            files = Report.write(model, out);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        model.skippedCombined().forEach(w::println);
        w.printf(Locale.ROOT, "report of %d architectures (%d with accuracy), %d scores + baselines, %d runs of %d: %d files in %s%n",
                input.size(), model.withAccuracy(), input.scores().size(), runs, model.runSize(), files.size(), out);
        w.println("open " + out.resolve("index.html").toAbsolutePath().normalize());
        w.flush();
        return 0;
    }

    private ReportInput fromDatabase() {
        try (EmbeddedStack stack = conn.startMissing(false, true); HikariDataSource db = conn.dataSource()) {
            ReportData data = new PostgresReportData(db, source.experiment, columns, excludeDegenerate, config);
            return data.load();
        }
    }

    private Dataset dataset(ReportInput input) {
        Dataset fromConfig = input.config().dataset();
        if (truthOptions.dataset == null) return fromConfig == null ? Dataset.CIFAR10 : fromConfig;
        Dataset flag = truthOptions.dataset(fromConfig);
        if (fromConfig != null && fromConfig != flag) {
            throw new IllegalArgumentException("--dataset " + flag.id() + " does not match the scores of " + input.source()
                    + ", computed on " + fromConfig.id() + " (" + input.config().describe() + ")");
        }
        return flag;
    }

    private static boolean anyFinite(double[] v) {
        for (double x : v) if (Double.isFinite(x)) return true;
        return false;
    }

    private static String datasetName(Dataset d) {
        return switch (d) {
            case CIFAR10 -> "CIFAR-10";
            case CIFAR100 -> "CIFAR-100";
            case IMAGENET16_120 -> "ImageNet16-120";
        };
    }
}
