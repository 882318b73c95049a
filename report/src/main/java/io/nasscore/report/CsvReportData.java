package io.nasscore.report;

import io.nasscore.core.metrics.Baselines;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.table.ScoreTable;
import io.nasscore.core.table.ScoresCsv;
import io.nasscore.core.truth.Csv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scores CSV (the one `score` writes, or published proxies): the score columns as {@code evaluate} reads them
 * ({@link ScoreTable}), the per-pass times ({@code clean_ms, noise0_1_ms, ...} or the old {@code noise0.1_ms}
 * spelling, {@code similarity_ms, total_ms}, when present) and the configuration: from the {@code config} column
 * ({@link ScoresCsv#config}), or recovered from {@code config_hash} in files written before it.
 *
 * <p>Without an explicit column list, the {@code params} and {@code flops} columns are left out: the report adds
 * the parameter count and FLOPs of every architecture itself, as baselines (the same as
 * {@code evaluate --baselines}).
 */
public final class CsvReportData implements ReportData {
    private final Path file;
    private final List<String> columns;
    private final boolean excludeDegenerate;
    private final String configHash;

    /**
     * @param file              the scores CSV
     * @param columns           the score columns to report (null or empty: every numeric score column)
     * @param excludeDegenerate drop the rows flagged {@code input_degenerate} = 1
     * @param configHash        the configuration to report when the file holds several (null: the only one)
     */
    public CsvReportData(Path file, List<String> columns, boolean excludeDegenerate, String configHash) {
        this.file = file;
        this.columns = columns == null ? List.of() : List.copyOf(columns);
        this.excludeDegenerate = excludeDegenerate;
        this.configHash = configHash;
    }

    @Override public String describe() { return file.toString(); }

    @Override
    public ReportInput load() {
        Csv.Table csv = Csv.read(file);
        RunConfig config = RunConfig.unknown();
        int hashCol = csv.columnOrMinusOne("config_hash");
        if (hashCol >= 0) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Csv.Row r : csv.rows()) counts.merge(r.get(hashCol).trim().toLowerCase(Locale.ROOT), 1, Integer::sum);
            counts.remove("");
            String chosen;
            if (configHash != null) {
                chosen = configHash.trim().toLowerCase(Locale.ROOT);
                if (!counts.containsKey(chosen)) {
                    throw new IllegalArgumentException(file + ": no row has config_hash '" + configHash
                            + "'; the file holds " + listing(counts));
                }
            } else if (counts.size() > 1) {
                throw new IllegalArgumentException(file + ": holds " + counts.size() + " score configurations ("
                        + listing(counts) + "); choose one with --config-hash HASH");
            } else {
                chosen = counts.isEmpty() ? null : counts.keySet().iterator().next();
            }
            if (chosen != null) {
                if (counts.size() > 1) csv = only(csv, hashCol, chosen);
                ScoreConfig carried = ScoresCsv.config(csv, chosen);
                config = carried != null ? RunConfig.of(carried) : RunConfig.fromHash(chosen);
            }
        } else if (configHash != null) {
            throw new IllegalArgumentException(file + ": --config-hash needs a 'config_hash' column; the header has "
                    + String.join(", ", csv.header()));
        }
        ScoreTable table = ScoreTable.read(csv, columns, excludeDegenerate);
        if (columns.isEmpty()) {
            for (String b : Baselines.COLUMNS) table.columns().remove(b);
            if (table.columns().isEmpty()) {
                throw new IllegalArgumentException(file + ": no numeric score column found besides "
                        + String.join(" and ", Baselines.COLUMNS) + " (the report adds those itself)");
            }
        }
        int[] indices = table.indices();
        Map<Integer, Csv.Row> rowOf = rowsByIndex(csv);
        Map<Pass, double[]> passes = new EnumMap<>(Pass.class);
        for (Pass p : Pass.values()) {
            double[] v = times(csv, ScoresCsv.passColumn(csv, p), indices, rowOf);
            if (v != null) passes.put(p, v);
        }
        return new ReportInput(file.toString(), indices, table.columns(), passes,
                times(csv, csv.columnOrMinusOne("similarity_ms"), indices, rowOf),
                times(csv, csv.columnOrMinusOne("total_ms"), indices, rowOf), null, config,
                table.dropped());
    }

    private static String listing(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((h, n) -> parts.add(h + " (" + n + (n == 1 ? " row)" : " rows)")));
        return String.join(", ", parts);
    }

    /**
     * The rows of one configuration: the other rows become blank lines (which the reader skips), so that line
     * numbers in later messages still point into the file.
     */
    private static Csv.Table only(Csv.Table csv, int hashCol, String hash) {
        StringBuilder b = new StringBuilder();
        b.append(Csv.line(csv.header())).append('\n');
        int at = 1;
        for (Csv.Row r : csv.rows()) {
            while (at < r.line() - 1) { b.append('\n'); at++; }
            if (r.get(hashCol).trim().toLowerCase(Locale.ROOT).equals(hash)) {
                List<String> fields = new ArrayList<>(csv.header().size());
                for (int c = 0; c < csv.header().size(); c++) fields.add(r.get(c));
                b.append(Csv.line(fields));
            }
            b.append('\n');
            at++;
        }
        return Csv.parse(b.toString(), csv.source());
    }

    /** Row of each arch index (the table has been validated by ScoreTable: indices are valid and distinct). */
    private static Map<Integer, Csv.Row> rowsByIndex(Csv.Table csv) {
        int idxCol = csv.columnOrMinusOne("index");
        int archCol = csv.columnOrMinusOne("arch");
        Map<Integer, Csv.Row> out = new HashMap<>();
        for (Csv.Row r : csv.rows()) {
            int index = idxCol >= 0 ? r.getInt(idxCol) : SearchSpace.resolve(r.get(archCol)).index();
            out.put(index, r);
        }
        return out;
    }

    /** A time column aligned on indices (empty = NaN), or null when the file has no such column (c = -1). */
    private static double[] times(Csv.Table csv, int c, int[] indices, Map<Integer, Csv.Row> rowOf) {
        if (c < 0) return null;
        double[] v = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            String s = rowOf.get(indices[i]).get(c).trim();
            v[i] = s.isEmpty() ? Double.NaN : rowOf.get(indices[i]).getDouble(c);
        }
        return v;
    }
}
