package io.nasscore.cli;

import io.nasscore.core.metrics.ScoreTable;
import io.nasscore.core.metrics.TuningSplit;
import io.nasscore.core.truth.Csv;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Which architectures {@code evaluate} judges: a second scores file joined by index, and a half of the tuning split. */
final class PoolOptions {

    @Option(names = "--join", paramLabel = "FILE.csv",
            description = "a second scores CSV joined on the architectures of the first (by index or arch): its score "
                    + "columns are added (empty where it has no row); a column name both files have is kept from the first")
    Path join;

    @Option(names = "--join-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "prefix of the joined columns' names, e.g. published_ to keep a published grad_norm beside ours (default: none)")
    String joinPrefix;

    @Option(names = "--join-columns", split = ",", paramLabel = "C1,C2",
            description = "only these columns of --join (default: every numeric score column)")
    List<String> joinColumns;

    @Option(names = "--half", paramLabel = "HALF", defaultValue = "all",
            description = "all, tuning or held-out: only the architectures of that half of the fixed tuning split "
                    + "(docs/results.md, Combined scores) (default: ${DEFAULT-VALUE})")
    String half;

    /** Applies both to {@code table}; returns the columns of the joined file that were ignored. */
    List<String> apply(ScoreTable table) {
        List<String> ignored = List.of();
        if (join != null) ignored = table.join(ScoreTable.read(Csv.read(join), joinColumns, false), joinPrefix);
        switch (half.toLowerCase(Locale.ROOT)) {
            case "all" -> { }
            case "tuning" -> table.restrict(TuningSplit::tuning);
            case "held-out" -> table.restrict(i -> !TuningSplit.tuning(i));
            default -> throw new IllegalArgumentException("--half: unknown half '" + half + "': expected all, tuning or held-out");
        }
        if (table.indices().length == 0) throw new IllegalArgumentException("--half " + half + ": no architecture left");
        return ignored;
    }
}
