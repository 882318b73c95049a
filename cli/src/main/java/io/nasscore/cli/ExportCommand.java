package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.sink.ScoresExport;
import io.nasscore.stack.EmbeddedStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export",
        description = {"Write an experiment's scores from PostgreSQL as the scores CSV that `score` writes (one row per "
                + "architecture, in index order), for `evaluate`, `report` and docs/results/.",
            "Every column comes from the stored record: the scores, raw JS, parameters, degenerate flags, configuration "
                    + "and its hash are those `score` writes for the same scoring; the pass times, similarity and total "
                    + "times and the device are those of the worker that scored the architecture. The proxies' raw values "
                    + "(proxy_raw) are not a column of the scores CSV and are left out.",
            "The file is replaced whole once complete (an export taken while the sink is still writing is a consistent "
                    + "snapshot). Without --jdbc-url and without a running `nasscore up`, it starts the embedded "
                    + "PostgreSQL of --data-dir and stops it after."})
final class ExportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--experiment", paramLabel = "NAME", required = true,
            description = "the experiment (member_experiment in v_experiment_scores; `submit` prints it)")
    String experiment;

    @Option(names = "--out", paramLabel = "FILE.csv", required = true, description = "the CSV to write (replaced if it exists)")
    Path out;

    @Option(names = "--config-hash", paramLabel = "HASH", description = "the score configuration to export when the experiment holds several")
    String configHash;

    @Mixin ConnectionOptions conn;

    @Override
    public Integer call() {
        OutFile.check(out);
        ScoresExport.Configuration written;
        try (EmbeddedStack stack = conn.startMissing(false, true); HikariDataSource db = conn.dataSource()) {
            written = OutFile.replace(out, w -> ScoresExport.write(db, experiment, configHash, w));
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf("exported %d architecture%s of experiment '%s' (config %s: %s) to %s%n", written.architectures(),
                written.architectures() == 1 ? "" : "s", experiment, written.hash(), written.config().canonical(), out);
        w.flush();
        return 0;
    }
}
