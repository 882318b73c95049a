package io.nasscore.core.table;

import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Baselines;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.proxy.ProxyValidation;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.truth.Csv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The score columns of a scores CSV (ours or published proxies), aligned on arch indices: what `evaluate` and
 * `report` read.
 */
public final class ScoreTable {
    private int[] indices;
    private final Map<String, double[]> columns = Evaluation.columns();
    private int dropped;
    /** Columns left out whole, with why. */
    private final List<String> leftOut = new ArrayList<>();
    /** Per kept column, what its cells held that is not a finite number. */
    private final Map<String, Cells> cells = new java.util.LinkedHashMap<>();
    /** Columns whose −∞ {@link #rankMinusInfinityLowest} ranks instead of leaving out. */
    private final java.util.Set<String> minusInfinityRanked = new java.util.HashSet<>();

    private record Cells(int rows, int empty, int nanOrPlusInfinity, int minusInfinity) {}

    public int[] indices() { return indices; }

    /**
     * What was left out of the metrics and why, one line each: score columns with no number at all (every cell empty,
     * or a cell that is not a number) and, per kept column, its empty cells and non-finite values (NaN, inf).
     */
    public List<String> leftOut() {
        List<String> out = new ArrayList<>(leftOut);
        cells.forEach((name, c) -> {
            boolean ranked = minusInfinityRanked.contains(name);
            int nonFinite = c.nanOrPlusInfinity() + (ranked ? 0 : c.minusInfinity());
            if (c.empty() + nonFinite > 0) {
                out.add("column " + name + ": " + (c.empty() + nonFinite) + " of " + c.rows() + " architectures left out of its metrics ("
                        + c.empty() + " empty cell(s), " + nonFinite + " non-finite value(s): NaN or inf)");
            }
            if (ranked && c.minusInfinity() > 0) {
                out.add("column " + name + ": " + c.minusInfinity() + " architecture(s) at -inf, ranked below every finite value");
            }
        });
        return out;
    }

    public Map<String, double[]> columns() { return columns; }

    public int dropped() { return dropped; }

    public static ScoreTable read(Csv.Table csv, List<String> only, boolean excludeDegenerate) {
        int idxCol = csv.columnOrMinusOne("index");
        int archCol = csv.columnOrMinusOne("arch");
        if (idxCol < 0 && archCol < 0) {
            throw new IllegalArgumentException(csv.source() + ": needs an 'index' or an 'arch' column; header is " + csv.header());
        }
        int degCol = excludeDegenerate ? csv.columnOrMinusOne("input_degenerate") : -1;
        if (excludeDegenerate && degCol < 0) {
            throw new IllegalArgumentException(csv.source() + ": --exclude-degenerate needs an 'input_degenerate' column");
        }
        List<String> names = new ArrayList<>();
        ScoreTable t = new ScoreTable();
        if (only != null && !only.isEmpty()) {
            for (String c : only) {
                if (!csv.hasColumn(c)) {
                    throw new IllegalArgumentException(csv.source() + ": no column '" + c + "'; header is " + csv.header());
                }
                names.add(c);
            }
        } else {
            for (String h : csv.header()) {
                if (!ScoresCsv.isScoreColumn(h)) continue;
                String why = notNumeric(csv, h);
                if (why == null) names.add(h);
                else t.leftOut.add("column " + h + " left out: " + why);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(csv.source() + ": no numeric score column found"
                    + (t.leftOut.isEmpty() ? "" : " (" + String.join("; ", t.leftOut) + ")"));
        }
        List<Csv.Row> kept = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int[] idx = new int[csv.size()];
        int m = 0;
        for (Csv.Row row : csv.rows()) {
            if (degCol >= 0 && "1".equals(row.get(degCol).trim())) { t.dropped++; continue; }
            int index;
            try {
                index = idxCol >= 0 ? row.getInt(idxCol) : SearchSpace.resolve(row.get(archCol)).index();
                SearchSpace.checkIndex(index);
            } catch (IllegalArgumentException e) {
                throw row.error(idxCol >= 0 ? idxCol : archCol, e.getMessage());
            }
            if (!seen.add(index)) throw row.error(idxCol >= 0 ? idxCol : archCol, "architecture " + index + " appears twice");
            idx[m++] = index;
            kept.add(row);
        }
        t.indices = Arrays.copyOf(idx, m);
        for (String name : names) {
            int col = csv.column(name);
            double[] v = new double[m];
            int empty = 0;
            int nonFinite = 0;
            int minusInfinity = 0;
            for (int i = 0; i < m; i++) {
                String s = kept.get(i).get(col).trim();
                v[i] = s.isEmpty() ? Double.NaN : kept.get(i).getDouble(col);
                if (s.isEmpty()) empty++;
                else if (v[i] == Double.NEGATIVE_INFINITY) minusInfinity++;
                else if (!Double.isFinite(v[i])) nonFinite++;
            }
            t.cells.put(name, new Cells(m, empty, nonFinite, minusInfinity));
            t.columns.put(name, v);
        }
        return t;
    }

    /**
     * Adds the score columns of {@code other} (e.g. a published-proxy file), named {@code prefix + column}, aligned
     * on this table's architectures (NaN where {@code other} has no row for one); a name this table already has is
     * kept from this table. Returns the ignored names.
     */
    public List<String> join(ScoreTable other, String prefix) {
        java.util.Map<Integer, Integer> pos = new java.util.HashMap<>();
        for (int i = 0; i < other.indices.length; i++) pos.put(other.indices[i], i);
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, double[]> c : other.columns.entrySet()) {
            String name = prefix + c.getKey();
            if (columns.containsKey(name)) { ignored.add(name); continue; }
            double[] v = new double[indices.length];
            for (int i = 0; i < indices.length; i++) {
                Integer p = pos.get(indices[i]);
                v[i] = p == null ? Double.NaN : c.getValue()[p];
            }
            columns.put(name, v);
        }
        return ignored;
    }

    /** Keeps only the architectures whose index passes {@code keep}. */
    public void restrict(java.util.function.IntPredicate keep) {
        int[] pos = java.util.stream.IntStream.range(0, indices.length).filter(i -> keep.test(indices[i])).toArray();
        if (pos.length == indices.length) return;
        int[] idx = new int[pos.length];
        for (int i = 0; i < pos.length; i++) idx[i] = indices[pos[i]];
        indices = idx;
        for (Map.Entry<String, double[]> c : columns.entrySet()) {
            double[] v = new double[pos.length];
            for (int i = 0; i < pos.length; i++) v[i] = c.getValue()[pos[i]];
            c.setValue(v);
        }
    }

    /**
     * baselines.md §1: for the proxies (our proxy columns and joined columns) −∞ is a legal value below every
     * finite one, where the metrics drop non-finite values (the rule the paper's twelve scores keep): it is
     * replaced by a value below the column's minimum, so that rank metrics rank it last (ties share the rank).
     */
    public void rankMinusInfinityLowest(java.util.function.Predicate<String> proxyColumn) {
        for (Map.Entry<String, double[]> e : columns.entrySet()) {
            if (proxyColumn.test(e.getKey())) {
                e.setValue(ProxyValidation.lowestForMinusInfinity(e.getValue()));
                minusInfinityRanked.add(e.getKey());
            }
        }
    }

    /** A column holding one of our proxies (grad_norm ... az_flops), not one of the twelve paper scores. */
    public static boolean isProxyColumn(String name) {
        try {
            return !ScoreName.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)).paper();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Adds the {@link Baselines} columns (params, flops), keeping a column of that name the file already has. */
    public void addBaselines(Dataset ds) {
        Baselines.of(indices, ds).forEach(columns::putIfAbsent);
    }

    /** Null when every non-empty value parses as a number and there is one; else why the column is not numeric. */
    private static String notNumeric(Csv.Table csv, String column) {
        int c = csv.column(column);
        boolean any = false;
        for (Csv.Row r : csv.rows()) {
            String s = r.get(c).trim();
            if (s.isEmpty()) continue;
            try {
                r.getDouble(c); // as the values are read below: nan and inf are numbers (left out cell by cell)
                any = true;
            } catch (IllegalArgumentException e) {
                return "'" + s + "' on line " + r.line() + " is not a number";
            }
        }
        return any ? null : "every cell is empty";
    }
}
