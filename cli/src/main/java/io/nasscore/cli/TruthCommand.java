package io.nasscore.cli;

import io.nasscore.schemas.TopicSetup;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.core.Dataset;
import io.nasscore.core.truth.Csv;
import io.nasscore.core.truth.GroundTruth;
import io.nasscore.producer.TruthPublisher;
import io.nasscore.schemas.TopicCatalogue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "truth", description = "Ground-truth accuracies on the compacted nas.ground-truth topic.",
        subcommands = {TruthCommand.Load.class})
final class TruthCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "load",
            description = {"Publish trained accuracies to nas.ground-truth (key dataset/index; the latest value wins).",
                "Default: the shipped NB201 test accuracies of --dataset. Any CSV with an index and/or arch column works "
                    + "(--csv, --column); a bad table publishes nothing."})
    static final class Load implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Mixin ConnectionOptions conn;
        @Mixin TopicOptions topicOptions;

        @Option(names = "--csv", paramLabel = "FILE", description = "a CSV with an index and/or arch column (default: the shipped NB201 table)")
        Path csv;

        @Option(names = "--dataset", paramLabel = "D", description = "cifar10, cifar100 or imagenet16-120 (default: cifar10)")
        String dataset;

        @Option(names = "--column", paramLabel = "C", description = "the accuracy column (default: the dataset's test column of the shipped table, e.g. cifar10_test)")
        String column;

        @Option(names = "--all-datasets", description = "the test accuracies of the three datasets from the shipped table")
        boolean allDatasets;

        @Override
        public Integer call() {
            List<Dataset> datasets = new ArrayList<>();
            if (allDatasets) {
                if (csv != null || dataset != null || column != null) {
                    throw new IllegalArgumentException("--all-datasets loads the shipped table's test columns: it does not go with --csv, --dataset or --column");
                }
                datasets.addAll(List.of(Dataset.values()));
            } else {
                datasets.add(Dataset.of(dataset == null ? "cifar10" : dataset));
            }
            // read and check every table before connecting: a bad file publishes nothing
            List<GroundTruth> tables = new ArrayList<>();
            for (Dataset d : datasets) {
                String col = column == null ? GroundTruth.defaultColumn(d) : column;
                if (csv != null) {
                    Csv.Table table = Csv.read(csv);
                    rejectNaN(table, col);
                    tables.add(GroundTruth.fromTable(table, col));
                } else {
                    tables.add(GroundTruth.shipped(col));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            TopicCatalogue topics = topicOptions.catalogue(conn);
            try (EmbeddedStack stack = conn.startMissing(true, false)) {
                Map<String, Object> kafka = conn.kafkaConfig();
                TopicSetup.ensure(kafka, topics);
                try (TruthPublisher publisher = new TruthPublisher(kafka, topics)) {
                    for (int i = 0; i < datasets.size(); i++) {
                        GroundTruth t = tables.get(i);
                        int n = publisher.publish(datasets.get(i), t);
                        out.printf(Locale.ROOT, "published %,d accuracies of %s (column %s of %s) to %s%n", n,
                                datasets.get(i).id(), t.column(), t.source(), topics.groundTruth().name());
                    }
                }
            }
            out.flush();
            return 0;
        }

        /**
         * A NaN accuracy is refused as an infinite one is ({@link GroundTruth} refuses those): published, it would be
         * a trained accuracy that is not one. An empty cell still means "not trained yet" and skips the row.
         */
        static void rejectNaN(Csv.Table table, String column) {
            int c = table.column(column);
            for (Csv.Row row : table.rows()) {
                String text = row.get(c).trim();
                if (!text.isEmpty() && Double.isNaN(row.getDouble(c))) {
                    throw row.error(c, "accuracy '" + text + "' is not a number: leave the cell empty for an untrained architecture");
                }
            }
        }
    }
}
