package io.nasscore.report;

import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Baselines;
import io.nasscore.core.metrics.Combination;
import io.nasscore.core.metrics.Combinations;
import io.nasscore.core.metrics.CostSummary;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.metrics.Slope;
import io.nasscore.core.metrics.Subset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a report shows, computed once: the score-quality table (through {@link Evaluation#evaluate}, the
 * one place where scores become metrics, with the parameter-count and FLOPs baselines added as
 * {@code evaluate --baselines} does) and, per column, what the figures need.
 */
public final class ReportModel {

    /** How a column's values can be drawn against accuracy. */
    public enum Kind {
        /** every value in [0, 1]: ln(1 - score), the paper's axis; the slope metric is meaningful */
        UNIT,
        /** every value &gt; 0 but some &gt; 1 (parameter count, FLOPs, many proxies): a log axis */
        POSITIVE,
        /** values of any sign: the score's rank (percentile) */
        OTHER
    }

    /** What a column is, for colours and legends. */
    public enum Family {
        INPUT("input-space (Jacobian) scores"),
        PARAMETER("parameter scores"),
        PROXY("other zero-cost proxies"),
        BASELINE("baselines (cost)"),
        COMBINED("combined scores (over the pool)");

        private final String label;

        Family(String label) { this.label = label; }

        public String label() { return label; }
    }

    /**
     * One column of the report.
     *
     * @param name        the column name as in the table (JS ... WPJSI, params, flops, or the file's name)
     * @param values      the value per architecture (aligned with {@link ReportModel#indices()})
     * @param family      input-space score, parameter score, baseline or other proxy
     * @param kind        how it is drawn against accuracy
     * @param all         the table row of subset all (with the run metrics)
     * @param aboveMedian the table row of subset above-median
     * @param usable      positions with a finite value and a finite accuracy (the points of every metric)
     * @param above       positions (subset of usable) whose value is strictly above the median of the usable ones
     * @param fitAbove    the OLS fit of ln(1 - score) against accuracy over {@code above}
     * @param passMillis  per architecture, the time of the passes the score needs (ms), or null when unknown
     * @param millis      per architecture, passes + similarity arithmetic (ms), or null when unknown
     * @param cost        mean/median of {@code millis}, or null when unknown
     */
    public record Column(String name, double[] values, Family family, Kind kind, Evaluation.Row all,
                         Evaluation.Row aboveMedian, int[] usable, int[] above, Slope.SlopeFit fitAbove,
                         double[] passMillis, double[] millis, CostSummary cost) {
        public boolean baseline() { return family == Family.BASELINE; }

        /** True when the slope of ln(1 - score) means something: every value in [0, 1]. */
        public boolean slopeMeaningful() { return kind == Kind.UNIT; }
    }

    private final ReportInput input;
    private final Dataset dataset;
    private final String accuracyName;
    private final String truthSource;
    private final double[] accuracy;
    private final double optimum;
    private final int runs;
    private final int sample;
    private final long seed;
    private final int[][] runPositions;
    private final List<Evaluation.Row> rows;
    private final List<Column> columns;
    private final List<String> skippedCombined;

    /**
     * @param input      the scores
     * @param dataset    the dataset of the accuracies and of the baselines
     * @param accuracy   test accuracy per architecture of {@code input} (NaN = unknown)
     * @param accuracyName what the accuracies are, e.g. "CIFAR-10 test accuracy" (percent)
     * @param truthSource   where the accuracies come from, for the page
     * @param optimum    the best accuracy of the benchmark (the horizontal line of figure 3)
     * @param runs       R runs (>= 1) of {@code sample} architectures, seeded by {@code seed}
     */
    public ReportModel(ReportInput input, Dataset dataset, double[] accuracy, String accuracyName, String truthSource, double optimum,
                       int runs, int sample, long seed) {
        this(input, dataset, accuracy, accuracyName, truthSource, optimum, runs, sample, seed, List.of());
    }

    /**
     * @param combinations combined scores to add when their members are columns (scores or baselines), each over
     *                  the report's pool (each run over its own sample)
     */
    public ReportModel(ReportInput input, Dataset dataset, double[] accuracy, String accuracyName, String truthSource, double optimum,
                       int runs, int sample, long seed, List<Combination> combinations) {
        if (runs < 1) throw new IllegalArgumentException("--runs must be >= 1 (figure 3 shows best accuracy over runs), got " + runs);
        if (accuracy.length != input.size()) {
            throw new IllegalArgumentException("accuracy has " + accuracy.length + " values for " + input.size() + " architectures");
        }
        this.input = input;
        this.dataset = dataset;
        this.accuracyName = accuracyName;
        this.truthSource = truthSource;
        this.accuracy = accuracy.clone();
        this.optimum = optimum;
        this.runs = runs;
        this.sample = sample;
        this.seed = seed;
        int[] indices = input.indices();
        Map<String, double[]> cols = input.rankedColumns(dataset);
        this.runPositions = Evaluation.runPositions(indices, this.accuracy, SearchSpace.runs(runs, sample, seed), sample, seed);
        Combinations.Applicable combined = Combinations.applicable(combinations, cols);
        this.skippedCombined = combined.skipped();
        this.rows = Evaluation.evaluate(indices, cols, combined.present(), this.accuracy, runPositions);
        List<Column> out = new ArrayList<>();
        int r = 0;
        for (Map.Entry<String, double[]> e : cols.entrySet()) {
            Evaluation.Row all = rows.get(r++);
            Evaluation.Row above = rows.get(r++);
            if (all.subset() != Subset.ALL || above.subset() != Subset.ABOVE_MEDIAN || !all.score().equals(e.getKey())) {
                throw new IllegalStateException("unexpected row order from Evaluation.evaluate");
            }
            out.add(column(e.getKey(), e.getValue(), all, above, !input.scores().containsKey(e.getKey()), false));
        }
        for (Combination c : combined.present()) {
            out.add(column(c.name(), c.values(cols), rows.get(r++), rows.get(r++), false, true));
        }
        this.columns = Collections.unmodifiableList(out);
    }

    private Column column(String name, double[] v, Evaluation.Row all, Evaluation.Row above, boolean baseline, boolean combined) {
        int[] usable = java.util.stream.IntStream.range(0, v.length)
                .filter(i -> Double.isFinite(v[i]) && Double.isFinite(accuracy[i])).toArray();
        double[] us = new double[usable.length];
        double[] ua = new double[usable.length];
        for (int i = 0; i < usable.length; i++) {
            us[i] = v[usable[i]];
            ua[i] = accuracy[usable[i]];
        }
        int[] aboveLocal = QualityMetrics.aboveMedian(us);
        int[] abovePos = new int[aboveLocal.length];
        double[] as = new double[aboveLocal.length];
        double[] aa = new double[aboveLocal.length];
        for (int i = 0; i < aboveLocal.length; i++) {
            abovePos[i] = usable[aboveLocal[i]];
            as[i] = us[aboveLocal[i]];
            aa[i] = ua[aboveLocal[i]];
        }
        ScoreName sn = scoreName(name);
        Family family = combined ? Family.COMBINED : baseline || (sn == null && Baselines.COLUMNS.contains(name)) ? Family.BASELINE
                : sn == null || !sn.paper() ? Family.PROXY
                : sn.space() == ScoreName.Space.PARAMETER ? Family.PARAMETER : Family.INPUT;
        Kind kind = family == Family.BASELINE ? Kind.POSITIVE : kind(us);
        double[] passMs = sn == null || combined ? null : passMillis(sn);
        double[] ms = passMs == null ? null : withSimilarity(passMs);
        CostSummary cost = ms == null ? null : CostSummary.of(ms);
        if (cost != null && cost.n() == 0) {
            passMs = null;
            ms = null;
            cost = null;
        }
        return new Column(name, v, family, kind, all, above, usable, abovePos, Slope.fit(as, aa), passMs, ms, cost);
    }

    private static Kind kind(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : values) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (values.length == 0 || (min >= 0 && max <= 1)) return Kind.UNIT;
        return min > 0 ? Kind.POSITIVE : Kind.OTHER;
    }

    /** The paper's score of a column name (any case), or null for other columns. */
    static ScoreName scoreName(String column) {
        try {
            return ScoreName.valueOf(column.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Sum over the passes the score needs ({@link ScoreName#passes()}); null when a needed pass has no times. */
    private double[] passMillis(ScoreName s) {
        double[] out = new double[input.size()];
        for (Pass p : s.passes()) {
            double[] t = input.passMillis().get(p);
            if (t == null) return null;
            for (int i = 0; i < out.length; i++) out[i] += t[i];
        }
        return out;
    }

    private double[] withSimilarity(double[] passMs) {
        double[] sim = input.similarityMillis();
        if (sim == null) return passMs.clone();
        double[] out = new double[passMs.length];
        for (int i = 0; i < out.length; i++) out[i] = passMs[i] + sim[i];
        return out;
    }

    public ReportInput input() { return input; }

    public int[] indices() { return input.indices(); }

    public Dataset dataset() { return dataset; }

    /** What the accuracies are, e.g. "CIFAR-10 test accuracy": the words of captions and titles. */
    public String accuracyName() { return accuracyName; }

    /** The accuracy axis label: the name and its unit. */
    public String accuracyLabel() { return accuracyName + " (%)"; }

    /** Where the accuracies come from. */
    public String truthSource() { return truthSource; }

    /** Test accuracy per architecture (percent; NaN = unknown). */
    public double[] accuracy() { return accuracy.clone(); }

    /** The benchmark's best test accuracy (percent). */
    public double optimum() { return optimum; }

    public int runs() { return runs; }

    public int sample() { return sample; }

    public long seed() { return seed; }

    /** Architectures per run actually used (the sample size, or fewer when the input is smaller). */
    public int runSize() { return runPositions.length == 0 ? 0 : runPositions[0].length; }

    /** The table: Evaluation.evaluate over every column (scores then baselines), two rows (all, above-median) each. */
    public List<Evaluation.Row> rows() { return rows; }

    /** The columns in table order: the scores, then the baselines. */
    public List<Column> columns() { return columns; }

    /** One line per combined score left out for a missing member. */
    public List<String> skippedCombined() { return skippedCombined; }

    /** Architectures with a known accuracy. */
    public int withAccuracy() {
        int n = 0;
        for (double a : accuracy) if (Double.isFinite(a)) n++;
        return n;
    }

    /** The mean whole-record time per architecture (ms; NaN when unknown). */
    public CostSummary recordCost() {
        return input.totalMillis() == null ? null : CostSummary.of(input.totalMillis());
    }
}
