package io.nasscore.cli;

import io.nasscore.core.metrics.Combination;
import io.nasscore.core.metrics.Combinations;
import io.nasscore.core.metrics.CopelandVote;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --[no-]ensembles} and {@code --combine}, shared by {@code evaluate} and {@code report}: the combined scores
 * of {@link Combinations#ALL} (and any given) are added beside the single scores whenever their members are columns
 * of the input.
 */
final class CombinedOptions {

    @Option(names = "--ensembles", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "add the combined scores (az_nas, vote, ensemble, ensemble_twelve, ensemble_top_params) whose members are present, "
                    + "each computed over the pool being evaluated (default: on; --no-ensembles to leave them out)")
    boolean ensembles = true;

    @Option(names = "--combine", paramLabel = "NAME=METHOD:M1,M2,...",
            description = "an extra combined score, e.g. lr4=log:params,nwot,synflow,jacov (METHOD log = log-rank sum, "
                    + "linear = rank sum, vote = Copeland count of the majority vote); repeatable")
    List<String> combine = new ArrayList<>();

    /**
     * The applicable combined scores (none when off); prints one line per combined score left out that the input
     * partly has the members of, or that was asked for with --combine.
     */
    Combinations.Applicable applicable(Map<String, double[]> columns, PrintWriter notes) {
        Combinations.Applicable a = Combinations.applicable(candidates(), columns);
        for (String s : a.skipped()) notes.println(s);
        // a --combine was asked for by name: say it is left out even when none of its members is there
        for (String spec : combine) {
            Combination c = parse(spec);
            List<String> missing = c.missing(columns);
            if (missing.size() == c.members().size()) notes.println(Combinations.leftOut(c, missing));
        }
        notes.flush();
        return a;
    }

    /**
     * For each majority vote, the anchors' figure of merit (baselines.md §10): the share of ordered pairs with
     * different accuracies whose vote agrees with the accuracy order, over the pool.
     */
    void votePairwiseAccuracy(List<Combination> present, Map<String, double[]> columns, double[] accuracy, PrintWriter notes) {
        for (Combination c : present) {
            if (c.method() != Combination.Method.COPELAND_VOTE) continue;
            double[][] members = new double[c.members().size()][];
            for (int i = 0; i < members.length; i++) members[i] = Combination.column(columns, c.members().get(i));
            notes.printf(Locale.ROOT, "%s: pairwise accuracy of the vote %.4f (share of ordered pairs with different accuracies it orders right)%n",
                    c.name(), CopelandVote.pairwiseAccuracy(members, accuracy));
        }
        notes.flush();
    }

    /** The catalogue (unless --no-ensembles), then the --combine ones. */
    List<Combination> candidates() {
        List<Combination> out = new ArrayList<>();
        if (ensembles) out.addAll(Combinations.ALL);
        for (String spec : combine) out.add(parse(spec));
        return out;
    }

    static Combination parse(String spec) {
        int eq = spec.indexOf('=');
        int colon = spec.indexOf(':', eq + 1);
        if (eq <= 0 || colon < 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("--combine '" + spec + "': expected NAME=METHOD:M1,M2,... (METHOD log, linear or vote)");
        }
        Combination.Method method = switch (spec.substring(eq + 1, colon).trim().toLowerCase(Locale.ROOT)) {
            case "log" -> Combination.Method.LOG_RANK_SUM;
            case "linear" -> Combination.Method.LINEAR_RANK_SUM;
            case "vote" -> Combination.Method.COPELAND_VOTE;
            default -> throw new IllegalArgumentException("--combine '" + spec + "': unknown method '"
                    + spec.substring(eq + 1, colon) + "': expected log, linear or vote");
        };
        List<String> members = new ArrayList<>();
        for (String m : spec.substring(colon + 1).split(",")) if (!m.isBlank()) members.add(m.trim());
        try {
            return new Combination(spec.substring(0, eq).trim(), method, members);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--combine '" + spec + "': " + e.getMessage());
        }
    }
}
