package io.nasscore.report;

import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Baselines;
import io.nasscore.core.proxy.ProxyValidation;
import io.nasscore.core.score.Pass;
import io.nasscore.core.table.ScoreTable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of one configuration, aligned on architecture indices: what a {@link ReportData} yields.
 *
 * @param source       what was read (file, experiment), for the page header
 * @param indices      NB201 index of each architecture (distinct)
 * @param scores       score column name -> value per architecture (NaN = missing), in display order; the
 *                     paper's names (JS ... WPJSI) for our scores, the file's names for other proxies
 * @param passMillis   wall time of each forward/backward pass per architecture (ms; NaN = not run or unknown);
 *                     passes absent from the map were not recorded at all
 * @param similarityMillis time of the similarity arithmetic per architecture (ms; NaN = unknown), or null
 * @param totalMillis  whole-record time per architecture (ms; NaN = unknown), or null
 * @param accuracy     ground-truth test accuracy per architecture from the source itself (NaN = unknown), or
 *                     null when the source has none (then the report uses the shipped or given truth)
 * @param config       the score configuration of these scores
 * @param dropped      rows dropped on reading (e.g. degenerate architectures with --exclude-degenerate)
 */
public record ReportInput(String source, int[] indices, Map<String, double[]> scores, Map<Pass, double[]> passMillis,
                          double[] similarityMillis, double[] totalMillis, double[] accuracy, RunConfig config,
                          int dropped) {

    public ReportInput {
        int n = indices.length;
        for (Map.Entry<String, double[]> e : scores.entrySet()) check(e.getKey(), e.getValue(), n);
        for (Map.Entry<Pass, double[]> e : passMillis.entrySet()) check(e.getKey().column(), e.getValue(), n);
        if (similarityMillis != null) check("similarity_ms", similarityMillis, n);
        if (totalMillis != null) check("total_ms", totalMillis, n);
        if (accuracy != null) check("accuracy", accuracy, n);
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        passMillis = passMillis.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(passMillis));
    }

    private static void check(String what, double[] v, int n) {
        if (v.length != n) {
            throw new IllegalArgumentException(what + " has " + v.length + " values for " + n + " architectures");
        }
    }

    /** Number of architectures. */
    public int size() { return indices.length; }

    /**
     * The columns as every ranking of them sees them: the scores, then the {@link Baselines} of {@code dataset} the
     * source lacks, and a proxy's −∞ replaced by a value below every finite one (baselines.md §1: a rank, not a
     * missing value, as `evaluate` and the aggregator rank it).
     */
    public Map<String, double[]> rankedColumns(Dataset dataset) {
        Map<String, double[]> cols = new LinkedHashMap<>(scores);
        Baselines.of(indices, dataset).forEach(cols::putIfAbsent);
        cols.replaceAll((name, v) -> ScoreTable.isProxyColumn(name) ? ProxyValidation.lowestForMinusInfinity(v) : v);
        return cols;
    }
}
