package io.nasscore.cli;

import io.nasscore.core.Dataset;
import io.nasscore.core.truth.GroundTruth;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which accuracies the scores are judged against: {@code --dataset}, {@code --truth} and {@code --truth-column},
 * shared by {@code evaluate} and {@code report} so that the same flags mean the same truth in both.
 */
final class TruthOptions {

    @Option(names = "--truth", paramLabel = "FILE.csv",
            description = "ground-truth CSV (default: the shipped NB201 accuracies; for report --experiment, those in the database)")
    Path truth;

    @Option(names = "--truth-column", description = "accuracy column of the truth (default: <dataset>_test)")
    String column;

    @Option(names = "--dataset", paramLabel = "DATASET",
            description = "cifar10, cifar100 or imagenet16-120 (default: the dataset of the scores' configuration when known, else cifar10)")
    String dataset;

    /** The dataset asked for, else {@code fallback}. */
    Dataset dataset(Dataset fallback) {
        return dataset == null ? fallback : Dataset.of(dataset);
    }

    /** The accuracy column: {@code --truth-column}, else the test accuracy of {@code ds}. */
    String column(Dataset ds) {
        return column == null ? GroundTruth.defaultColumn(ds) : column;
    }

    /** The ground truth of {@code ds}: that column of {@code --truth}, else of the shipped NB201 table. */
    GroundTruth load(Dataset ds) {
        String c = column(ds);
        return truth == null ? GroundTruth.shipped(c) : GroundTruth.fromCsv(truth, c);
    }
}
