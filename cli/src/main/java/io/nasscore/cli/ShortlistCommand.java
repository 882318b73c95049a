package io.nasscore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Combination;
import io.nasscore.core.metrics.Shortlist;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.report.ReportInput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "shortlist",
        description = {"The architectures of a scores CSV or of an experiment in PostgreSQL that one score ranks highest: what a search trains next.",
            "The score is a column (JS ... WPJSI, a proxy, params, flops) or a combined score (az_nas, vote, ensemble, "
                + "ensemble_twelve, ensemble_top_params, or one of --combine), computed over every architecture of the "
                + "file or experiment, as evaluate and report compute it. Ties go to the lower index, as a run's pick does."})
final class ShortlistCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ScoresSource source;

    @Option(names = "--config-hash", paramLabel = "HASH", description = "the score configuration to rank when the input holds several")
    String config;

    @Option(names = "--score", paramLabel = "NAME", required = true, description = "the score to rank by")
    String score;

    @Option(names = "--top", paramLabel = "K", defaultValue = "10", description = "how many architectures, >= 1 (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--exclude-degenerate", description = "drop architectures flagged input_degenerate (Mellor's protocol)")
    boolean excludeDegenerate;

    @Option(names = "--with-accuracy",
            description = "add each architecture's trained accuracy (see --truth, --dataset): to judge a shortlist, not to make one")
    boolean withAccuracy;

    @Mixin TruthOptions truthOptions;

    @Mixin CombinedOptions combinedOptions;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = OutputFormat.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
    OutputFormat format;

    @Mixin ConnectionOptions conn;

    @Override
    public Integer call() {
        OptionChecks.atLeast("--top", top, 1);
        ReportInput in = source.load(spec.commandLine().getErr(), "shortlist", conn, null, excludeDegenerate, config);
        Dataset ds = truthOptions.dataset(in.config().dataset() == null ? Dataset.CIFAR10 : in.config().dataset());
        Map<String, double[]> ranked = in.rankedColumns(ds);
        double[] rankBy = Shortlist.values(ranked, combinedOptions.candidates(), score);
        double[] asRead = Combination.column(in.scores(), score); // a proxy's -inf stays -inf in the output
        double[] values = asRead != null ? asRead : rankBy;
        int[] indices = in.indices();
        int[] picked = Shortlist.top(indices, rankBy, top);
        double[] acc = withAccuracy ? truthOptions.load(ds).accuracies(indices) : null;

        List<String> header = new ArrayList<>(List.of("rank", "index", "arch", score));
        if (acc != null) header.add(truthOptions.column(ds));
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < picked.length; r++) {
            int p = picked[r];
            List<String> row = new ArrayList<>(List.of(Integer.toString(r + 1), Integer.toString(indices[p]),
                    SearchSpace.arch(indices[p]).toString(), format.number(values[p], 4)));
            if (acc != null) row.add(format.number(acc[p], 2));
            rows.add(row);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case table -> {
                out.printf("top %d of %d architectures of %s by %s%n", picked.length, indices.length, in.source(), score);
                out.print(Tables.render(header, rows));
            }
            case csv -> {
                out.println(String.join(",", header));
                for (List<String> row : rows) out.println(String.join(",", row)); // arch strings hold no comma
            }
            case json -> {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode arr = mapper.createArrayNode();
                for (int r = 0; r < picked.length; r++) {
                    int p = picked[r];
                    ObjectNode o = arr.addObject();
                    o.put("rank", r + 1);
                    o.put("index", indices[p]);
                    o.put("arch", SearchSpace.arch(indices[p]).toString());
                    o.put("value", values[p]);
                    if (acc != null) o.put("accuracy", acc[p]);
                }
                out.println(arr);
            }
        }
        out.flush();
        return 0;
    }
}
