package io.nasscore.report;

import io.nasscore.report.ReportModel.Column;
import io.nasscore.core.metrics.CostSummary;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.metrics.MeanStd;
import io.nasscore.core.metrics.QualityMetrics;
import io.nasscore.core.metrics.Subset;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's table ({@code table.csv} and the HTML table): every metric of scores.md section 5 per score and
 * subset. Its first eleven columns are exactly those of {@code evaluate --format csv --runs R} (same rows, same
 * formatting); then the count of architectures excluded for a non-finite score or accuracy, and the mean and
 * median wall time per architecture of the score (ms: the passes it needs plus the record's similarity
 * arithmetic; on the {@code all} row, like the run metrics; empty when unknown).
 */
final class MetricsTable {
    private MetricsTable() {}

    static final List<String> HEADER = List.of("score", "subset", "n", "monotonicity", "tau_b", "spearman", "slope", "r2",
            "best_acc_mean", "best_acc_std", "best_percentile_mean", "excluded", "ms_mean", "ms_median");

    static List<List<String>> rows(ReportModel m) {
        List<List<String>> out = new ArrayList<>();
        for (Column c : m.columns()) {
            out.add(cells(c.all(), c.cost()));
            out.add(cells(c.aboveMedian(), null));
        }
        return out;
    }

    private static List<String> cells(Evaluation.Row r, CostSummary cost) {
        QualityMetrics q = r.metrics();
        MeanStd b = r.bestAccuracy();
        MeanStd p = r.bestPercentile();
        boolean all = q.subset() == Subset.ALL;
        return List.of(r.score(), q.subset().id(), Integer.toString(q.n()), f(q.monotonicity()), f(q.tauB()),
                f(q.spearman()), f(q.slope() * q.slopeSign()), f(q.r2()),
                b == null ? "" : f(b.mean()), b == null ? "" : f(b.std()), p == null ? "" : f(p.mean()),
                Integer.toString(q.excluded()),
                all && cost != null ? f(cost.mean()) : "", all && cost != null ? f(cost.median()) : "");
    }

    /** As {@code evaluate --format csv} prints numbers: every digit (a machine format), NaN spelled out. */
    static String f(double v) { return Double.isNaN(v) ? "NaN" : Double.toString(v); }

    static String csv(ReportModel m) {
        StringBuilder b = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (List<String> r : rows(m)) b.append(String.join(",", r)).append('\n');
        return b.toString();
    }
}
