package io.nasscore.report;

import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Combination;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.truth.GroundTruth;
import java.nio.file.Path;
import java.util.List;

/**
 * What a report judges its scores against and how: the dataset, the ground truth, the runs of figure 3 and the
 * combined scores. {@link #model} turns the scores of a {@link ReportData} into the {@link ReportModel} that
 * {@link Report#write} draws; the `report` command fills it from its options, the demo from its experiment.
 *
 * @param dataset      the dataset asked for (null: the one of the scores' configuration when known, else CIFAR-10)
 * @param truth        a ground-truth CSV (null: the accuracies the input carries, else the shipped NB201 table)
 * @param truthColumn  the accuracy column (null: the test accuracy of the dataset)
 * @param runs         R runs of figure 3, &gt;= 1
 * @param sample       architectures per run, &gt;= 1
 * @param seed         seed of the runs
 * @param combinations combined scores to add when their members are columns
 */
public record ReportRequest(Dataset dataset, Path truth, String truthColumn, int runs, int sample, long seed,
                            List<Combination> combinations) {

    public ReportRequest {
        if (runs < 1) throw new IllegalArgumentException("--runs must be >= 1 (figure 3 shows best accuracy over runs), got " + runs);
        if (sample < 1 || sample > SearchSpace.SIZE) {
            throw new IllegalArgumentException("--sample must be in 1.." + SearchSpace.SIZE + ", got " + sample);
        }
        combinations = List.copyOf(combinations);
    }

    /** The report of {@code input}: its dataset and accuracies resolved, every metric computed once. */
    public ReportModel model(ReportInput input) {
        Dataset ds = dataset(input);
        String column = truthColumn == null ? GroundTruth.defaultColumn(ds) : truthColumn;
        String axis = column.equals(GroundTruth.defaultColumn(ds))
                ? Labels.datasetName(ds) + " test accuracy" : Labels.datasetName(ds) + " accuracy, " + column;
        double[] acc;
        double optimum;
        String truthSource;
        if (truth == null && truthColumn == null && input.accuracy() != null && anyFinite(input.accuracy())) {
            GroundTruth shipped = GroundTruth.shipped(ds);
            acc = input.accuracy();
            optimum = shipped.optimum();
            truthSource = "column " + column + " of " + input.source() + " (optimum from " + shipped.source() + ")";
        } else {
            GroundTruth gt = truth == null ? GroundTruth.shipped(column) : GroundTruth.fromCsv(truth, column);
            acc = gt.accuracies(input.indices());
            optimum = gt.optimum();
            truthSource = "column " + gt.column() + " of " + gt.source();
        }
        if (!anyFinite(acc)) {
            throw new IllegalArgumentException("none of the " + input.size() + " architectures of " + input.source()
                    + " has a known accuracy in " + truthSource);
        }
        return new ReportModel(input, ds, acc, axis, truthSource, optimum, runs, sample, seed, combinations);
    }

    /** The dataset asked for, checked against the one the scores were computed on. */
    private Dataset dataset(ReportInput input) {
        Dataset fromConfig = input.config().dataset();
        if (dataset == null) return fromConfig == null ? Dataset.CIFAR10 : fromConfig;
        if (fromConfig != null && fromConfig != dataset) {
            throw new IllegalArgumentException("--dataset " + dataset.id() + " does not match the scores of " + input.source()
                    + ", computed on " + fromConfig.id() + " (" + input.config().describe() + ")");
        }
        return dataset;
    }

    private static boolean anyFinite(double[] v) {
        for (double x : v) if (Double.isFinite(x)) return true;
        return false;
    }
}
