package io.nasscore.cli;

import io.nasscore.core.metrics.Combinations;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --[no-]ensembles}, shared by {@code evaluate} and {@code report}: the combined scores of
 * {@link Combinations#ALL} are added beside the single scores whenever their members are columns of the input.
 */
final class CombinedOptions {

    @Option(names = "--ensembles", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "add the combined scores (az_nas, vote, ensemble, ensemble_twelve) whose members are present, "
                    + "each computed over the pool being evaluated (default: on; --no-ensembles to leave them out)")
    boolean ensembles = true;

    /** The applicable combined scores (none when off); prints one line per combined score left out. */
    Combinations.Applicable applicable(Map<String, double[]> columns, PrintWriter notes) {
        if (!ensembles) return new Combinations.Applicable(List.of(), List.of());
        Combinations.Applicable a = Combinations.applicable(Combinations.ALL, columns);
        for (String s : a.skipped()) notes.println(s);
        notes.flush();
        return a;
    }
}
