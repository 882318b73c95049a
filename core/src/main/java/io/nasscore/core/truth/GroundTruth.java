package io.nasscore.core.truth;

import io.nasscore.core.Dataset;
import io.nasscore.core.space.Arch;
import io.nasscore.core.space.SearchSpace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One accuracy column of NB201 architectures, keyed by the official index (0..15624). Immutable and
 * thread-safe.
 *
 * <p>Sources: the shipped table ({@value #SHIPPED_RESOURCE} of module data; see
 * {@code shared/data/README.md} for its columns) or any CSV with an {@code index} column, an {@code arch}
 * column (NB201 string, resolved with {@link SearchSpace#resolve}), or both (then they must agree), plus the
 * named accuracy column. An empty, {@code nan} or {@code NaN} accuracy means "unknown": that row is skipped.
 * Every other problem (unknown column, bad index or arch, duplicate architecture, infinite or non-numeric
 * accuracy) is a {@link CsvException} naming the source, the line and the column.
 */
public final class GroundTruth {
    /** The classpath resource of the shipped NB201 table. */
    public static final String SHIPPED_RESOURCE = "/io/nasscore/data/nb201/accuracy.csv";

    private static final Map<String, GroundTruth> SHIPPED = new ConcurrentHashMap<>();

    private final String source;
    private final String column;
    /** accuracy by official index; NaN where unknown. */
    private final double[] byIndex;
    private final int[] indices;
    private final int optimumIndex;

    private GroundTruth(String source, String column, double[] byIndex) {
        this.source = source;
        this.column = column;
        this.byIndex = byIndex;
        int count = 0;
        for (double a : byIndex) {
            if (!Double.isNaN(a)) count++;
        }
        this.indices = new int[count];
        int k = 0;
        int best = -1;
        for (int i = 0; i < byIndex.length; i++) {
            if (Double.isNaN(byIndex[i])) continue;
            indices[k++] = i;
            if (best < 0 || byIndex[i] > byIndex[best]) best = i;
        }
        this.optimumIndex = best;
    }

    /** The default accuracy column of the shipped table for a dataset: the 200-epoch test accuracy. */
    public static String defaultColumn(Dataset dataset) {
        return switch (dataset) {
            case CIFAR10 -> "cifar10_test";
            case CIFAR100 -> "cifar100_test";
            case IMAGENET16_120 -> "imagenet16_test";
        };
    }

    /** The shipped test accuracies of a dataset ({@link #defaultColumn}). Loaded once, then cached. */
    public static GroundTruth shipped(Dataset dataset) {
        return shipped(defaultColumn(dataset));
    }

    /** Any column of the shipped table (e.g. {@code cifar10_valid}). Loaded once per column, then cached. */
    public static GroundTruth shipped(String column) {
        GroundTruth cached = SHIPPED.get(column);
        if (cached != null) return cached;
        GroundTruth loaded = loadShipped(column);
        GroundTruth raced = SHIPPED.putIfAbsent(column, loaded);
        return raced == null ? loaded : raced;
    }

    private static GroundTruth loadShipped(String column) {
        String source = "classpath:" + SHIPPED_RESOURCE;
        try (InputStream in = GroundTruth.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(source + " is missing: is module nasscore-data on the classpath?");
            }
            return fromTable(Csv.read(in, source), column);
        } catch (IOException e) {
            throw new CsvException(source, 0, null, "cannot be read: " + e, e);
        }
    }

    /** Reads a CSV file with an {@code index} and/or {@code arch} column and the named accuracy column. */
    public static GroundTruth fromCsv(Path file, String column) {
        return fromTable(Csv.read(file), column);
    }

    /** Builds the ground truth from an already parsed CSV (same rules as {@link #fromCsv}). */
    public static GroundTruth fromTable(Csv.Table table, String column) {
        int accCol = table.column(column);
        int indexCol = table.columnOrMinusOne("index");
        int archCol = table.columnOrMinusOne("arch");
        if (indexCol < 0 && archCol < 0) {
            throw new CsvException(table.source(), 0, null, "needs an 'index' or an 'arch' column to name "
                    + "architectures; the header has " + String.join(", ", table.header()));
        }
        double[] byIndex = new double[SearchSpace.SIZE];
        Arrays.fill(byIndex, Double.NaN);
        int[] lineOf = new int[SearchSpace.SIZE];
        for (Csv.Row row : table.rows()) {
            int index = indexOf(row, indexCol, archCol);
            if (lineOf[index] != 0) {
                throw row.error(indexCol >= 0 ? indexCol : archCol, "architecture " + index
                        + " appears twice (first on line " + lineOf[index] + ")");
            }
            lineOf[index] = row.line();
            double acc = row.getDouble(accCol);
            if (Double.isInfinite(acc)) throw row.error(accCol, "accuracy '" + row.get(accCol) + "' is infinite");
            byIndex[index] = acc;
        }
        return new GroundTruth(table.source(), column, byIndex);
    }

    private static int indexOf(Csv.Row row, int indexCol, int archCol) {
        int index = -1;
        if (indexCol >= 0) {
            index = row.getInt(indexCol);
            if (index < 0 || index >= SearchSpace.SIZE) {
                throw row.error(indexCol, "arch index " + index + " is outside 0.." + (SearchSpace.SIZE - 1));
            }
        }
        if (archCol >= 0) {
            int fromArch;
            try {
                fromArch = SearchSpace.resolve(row.get(archCol)).index();
            } catch (IllegalArgumentException e) {
                throw row.error(archCol, e.getMessage());
            }
            if (index >= 0 && fromArch != index) {
                throw row.error(archCol, "arch '" + row.get(archCol) + "' is NB201 index " + fromArch
                        + ", but the row's index is " + index);
            }
            index = fromArch;
        }
        return index;
    }

    /** The file or resource the table came from. */
    public String source() { return source; }

    /** The accuracy column read. */
    public String column() { return column; }

    /** The accuracy (percent) of an architecture; NaN when unknown or when the index is outside 0..15624. */
    public double accuracy(int index) {
        return index >= 0 && index < byIndex.length ? byIndex[index] : Double.NaN;
    }

    /** The accuracy of an architecture; NaN when unknown. */
    public double accuracy(Arch arch) { return byIndex[arch.index()]; }

    /** The accuracies of several architectures, in the given order (NaN where unknown). */
    public double[] accuracies(int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) out[i] = accuracy(indices[i]);
        return out;
    }

    /** True when the accuracy of this index is known. */
    public boolean contains(int index) { return !Double.isNaN(accuracy(index)); }

    /** Number of architectures with a known accuracy. */
    public int size() { return indices.length; }

    /** The indices with a known accuracy, ascending (a copy). */
    public int[] indices() { return indices.clone(); }

    /** The highest known accuracy; NaN when the table is empty. */
    public double optimum() { return optimumIndex < 0 ? Double.NaN : byIndex[optimumIndex]; }

    /** The index of the highest accuracy (lowest index among ties); -1 when the table is empty. */
    public int optimumIndex() { return optimumIndex; }

    @Override public String toString() {
        return "GroundTruth[" + column + " from " + source + ", " + size() + " architectures]";
    }
}
