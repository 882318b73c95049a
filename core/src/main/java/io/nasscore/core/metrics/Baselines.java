package io.nasscore.core.metrics;

import io.nasscore.core.Dataset;
import io.nasscore.core.space.Cost;
import io.nasscore.core.space.SearchSpace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost baselines every score is compared with: the parameter count and the FLOPs (millions) of each
 * architecture, closed-form from the cell. The columns of {@code evaluate --baselines} and of the report.
 */
public final class Baselines {
    private Baselines() {}

    /** The baseline column names, in table order. */
    public static final List<String> COLUMNS = List.of("params", "flops");

    /** {@code params} and {@code flops} of each architecture of {@code indices} on {@code ds}, in that order. */
    public static Map<String, double[]> of(int[] indices, Dataset ds) {
        double[] p = new double[indices.length];
        double[] f = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            p[i] = Cost.params(SearchSpace.arch(indices[i]), ds.classes());
            f[i] = Cost.flopsM(SearchSpace.arch(indices[i]), ds);
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put(COLUMNS.get(0), p);
        out.put(COLUMNS.get(1), f);
        return out;
    }
}
