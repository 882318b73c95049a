package io.nasscore.cli;

import io.nasscore.report.Report;
import io.nasscore.report.ReportInput;
import io.nasscore.report.ReportModel;
import io.nasscore.report.ReportRequest;
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
        description = {"The paper's figures 2 to 5 and a figure 6 (tau-b against the best accuracy retrieved), as PNG and SVG, the score-quality table (table.csv) and one HTML page "
                + "(index.html), from a scores CSV or from an experiment in PostgreSQL.",
            "Baselines (parameter count, FLOPs) are always added. The metrics are those of `evaluate --baselines --runs R`."})
final class ReportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ScoresSource source;

    @Mixin TruthOptions truthOptions;

    @Option(names = "--columns", split = ",", description = "only these scores (default: every score column)")
    List<String> columns;

    @Option(names = "--config-hash", paramLabel = "HASH", description = "the score configuration to report when the input holds several")
    String config;

    @Option(names = "--exclude-degenerate", description = "drop architectures flagged input_degenerate (Mellor's protocol)")
    boolean excludeDegenerate;

    @Option(names = "--runs", defaultValue = "10", paramLabel = "R",
            description = "R runs for best accuracy retrieved and the percentile, >= 1 (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--sample", defaultValue = "1000", paramLabel = "N", description = "N architectures per run, >= 1 (default: ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the runs (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "report", description = "output directory (default: ./${DEFAULT-VALUE})")
    Path out;

    @Mixin ConnectionOptions conn;

    @Mixin CombinedOptions combinedOptions;

    @Override
    public Integer call() {
        ReportRequest request = new ReportRequest(truthOptions.dataset == null ? null : truthOptions.dataset(null),
                truthOptions.truth, truthOptions.column, runs, sample, seed, combinedOptions.candidates());
        ReportInput input = source.load(spec.commandLine().getErr(), "report", conn, columns, excludeDegenerate, config);
        ReportModel model = request.model(input);
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
}
