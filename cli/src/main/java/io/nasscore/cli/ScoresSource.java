package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.report.CsvReportData;
import io.nasscore.report.PostgresReportData;
import io.nasscore.report.ReportInput;
import io.nasscore.stack.EmbeddedStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where {@code report} and {@code shortlist} read scores: a scores CSV or an experiment in PostgreSQL, exactly one
 * ({@code @ArgGroup(exclusive = true, multiplicity = "1")}).
 */
final class ScoresSource {
    @Option(names = "--input", paramLabel = "FILE.csv", required = true,
            description = "a scores CSV (what `score` and `export` write, or published proxies) with an index or arch column")
    Path input;

    @Option(names = "--scores", paramLabel = "FILE.csv", required = true, hidden = true, description = "deprecated name of --input")
    Path deprecatedScores;

    @Option(names = "--experiment", paramLabel = "NAME", required = true,
            description = "an experiment in PostgreSQL (view v_scores); see the connection options")
    String experiment;

    /**
     * The scores of one configuration ({@code configHash}, needed when the source holds several), as the report
     * library reads them; from PostgreSQL through {@code conn} (its running stack, or one started for the read).
     */
    ReportInput load(PrintWriter err, String command, ConnectionOptions conn, List<String> columns, boolean excludeDegenerate,
                     String configHash) {
        Path file = DeprecatedOption.resolve(err, command, "--input", input, "--scores", deprecatedScores);
        if (file != null) return new CsvReportData(file, columns, excludeDegenerate, configHash).load();
        try (EmbeddedStack stack = conn.startMissing(false, true); HikariDataSource db = conn.dataSource()) {
            return new PostgresReportData(db, experiment, columns, excludeDegenerate, configHash).load();
        }
    }
}
