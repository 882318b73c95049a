package io.nasscore.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The combined scores nasscore reports beside the single scores (docs/results.md "Combined scores" says why
 * these members and this method). Each is computed wherever all its members are present.
 */
public final class Combinations {
    private Combinations() {}

    /** AZ-NAS's aggregation of its four components (baselines.md §9.4). */
    public static final Combination AZ_NAS = new Combination("az_nas", Combination.Method.LOG_RANK_SUM,
            List.of("az_expressivity", "az_progressivity", "az_trainability", "az_flops"));

    /** The anchors' majority vote over {synflow, jacov, snip} as a Copeland count (§10). */
    public static final Combination VOTE = new Combination("vote", Combination.Method.COPELAND_VOTE,
            List.of("synflow", "jacov", "snip"));

    /**
     * nasscore's own combination, fixed before any whole-space result: the log-rank sum of one cost member, the
     * strongest scores of the paper (two input-space, one parameter-space), the three strong single proxies and
     * AZ-NAS's three non-cost components.
     */
    public static final Combination ENSEMBLE = new Combination("ensemble", Combination.Method.LOG_RANK_SUM,
            List.of("params", "LNS", "MNJS", "WPJS", "nwot", "synflow", "jacov",
                    "az_expressivity", "az_progressivity", "az_trainability"));

    /** The members of {@link #ENSEMBLE} a run of the paper's twelve scores already has: no extra pass. */
    public static final Combination ENSEMBLE_TWELVE = new Combination("ensemble_twelve", Combination.Method.LOG_RANK_SUM,
            List.of("params", "LNS", "MNJS", "WPJS"));

    /**
     * {@link #ENSEMBLE} for retrieval, chosen on the tuning half (docs/results.md "Retrieval: choosing the top"): its
     * order, except that its top 10 % of the pool is ordered by #params. The log-rank sum orders the top by the mean
     * of ten members, most of which order good architectures poorly; among architectures no member sees a defect in,
     * the larger cell trains to the higher accuracy.
     */
    public static final Combination ENSEMBLE_TOP_PARAMS = new Combination("ensemble_top_params",
            Combination.Method.LOG_RANK_SUM, ENSEMBLE.members(), new Combination.Top("params", 10));

    /** Every combined score, in report order. */
    public static final List<Combination> ALL = List.of(AZ_NAS, VOTE, ENSEMBLE, ENSEMBLE_TWELVE, ENSEMBLE_TOP_PARAMS);

    /**
     * The ones of {@code candidates} whose members are all in {@code columns}, and one line per one left out with
     * some of its members present: an input that has none of a combined score's members (a CSV of the twelve scores
     * has no AZ-NAS component) did not ask for it, and a line per absent catalogue entry would be noise.
     */
    public record Applicable(List<Combination> present, List<String> skipped) {}

    public static Applicable applicable(List<Combination> candidates, Map<String, double[]> columns) {
        List<Combination> present = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Combination c : candidates) {
            if (Combination.column(columns, c.name()) != null) continue; // the input already has a column of that name
            List<String> missing = c.missing(columns);
            if (missing.isEmpty()) present.add(c);
            else if (missing.size() < c.members().size()) skipped.add(leftOut(c, missing));
        }
        return new Applicable(present, skipped);
    }

    /** The line that says why {@code c} is left out. */
    public static String leftOut(Combination c, List<String> missing) {
        return c.name() + " left out: no column " + String.join(", ", missing);
    }
}
