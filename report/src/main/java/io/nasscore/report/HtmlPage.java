package io.nasscore.report;

import io.nasscore.report.ReportModel.Column;
import io.nasscore.core.metrics.CostSummary;
import io.nasscore.core.metrics.MeanStd;
import io.nasscore.core.metrics.QualityMetrics;
import java.util.List;

/** {@code index.html}: one self-contained page (inline CSS, figures referenced by relative path). */
final class HtmlPage {
    private HtmlPage() {}

    static String render(ReportModel m, List<Figure> figures) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>nasscore report · ").append(esc(Labels.datasetName(m.dataset()))).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<h1>Zero-shot score quality on NAS-Bench-201 · ").append(esc(Labels.datasetName(m.dataset()))).append("</h1>\n");
        h.append("<p class=\"lead\">The paper's figures 2 to 5, a figure 6 of ours, and the paper's metrics for ").append(m.columns().size() - baselines(m))
                .append(" score").append(m.columns().size() - baselines(m) == 1 ? "" : "s").append(" and ").append(baselines(m))
                .append(" cost baseline").append(baselines(m) == 1 ? "" : "s")
                .append(", following <i>Improving Zero-Shot Neural Architecture Search with Parameters Scoring</i>.</p>\n");
        configTable(h, m);
        h.append("<h2>How to read this report</h2>\n<p>Every score is meant to be higher for better architectures. "
                + "<b>Monotonicity</b> (|Kendall τ-a| between score and test accuracy; 1 = same order, 0 = no relation) says how "
                + "well a score ranks architectures. It is shown for every architecture and for the ones whose score is above "
                + "the median (the part of the space a search cares about). <b>Slope</b> is the least-squares slope of "
                + "ln(1 − score) against accuracy, as in the paper, and is meaningful only for scores in [0, 1]. <b>Best accuracy "
                + "retrieved</b> simulates a search: in each run, pick the highest-scored of ").append(m.runSize())
                .append(" random architectures and record its accuracy. The <b>best-architecture percentile</b> is the share "
                + "of the run's architectures scored strictly above the truly best one: 0 means the score puts it first. "
                + "The parameter count and FLOPs are evaluated the same way, as baselines: a zero-shot score is only useful "
                + "if it beats them. Architectures with a missing or non-finite score or accuracy are excluded and counted. "
                + "Each figure links to a vector (SVG) copy, and <a href=\"table.csv\">table.csv</a> holds the table below.</p>\n");
        for (Figure f : figures) {
            h.append("<figure id=\"").append(f.id()).append("\">\n<a href=\"").append(f.id()).append(".svg\"><img src=\"")
                    .append(f.id()).append(".png\" width=\"").append(f.width()).append("\" alt=\"").append(esc(f.title()))
                    .append("\"></a>\n<figcaption>").append(f.caption()).append(" <span class=\"files\">[<a href=\"")
                    .append(f.id()).append(".png\">PNG</a> · <a href=\"").append(f.id()).append(".svg\">SVG</a>]</span></figcaption>\n</figure>\n");
        }
        metricsTable(h, m);
        h.append("<p class=\"foot\">Written by <code>nasscore report</code>. Metrics: scores.md section 5, computed by "
                + "<code>Evaluation.evaluate</code> (the same numbers as <code>nasscore evaluate --baselines --runs ")
                .append(m.runs()).append(" --sample ").append(m.sample()).append(" --seed ").append(m.seed())
                .append(" --format csv</code>).</p>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static int baselines(ReportModel m) {
        return (int) m.columns().stream().filter(Column::baseline).count();
    }

    private static void configTable(StringBuilder h, ReportModel m) {
        ReportInput in = m.input();
        h.append("<table class=\"config\">\n");
        row(h, "scores", esc(in.source()));
        row(h, "dataset", esc(Labels.datasetName(m.dataset())) + " (<code>" + esc(m.dataset().id()) + "</code>)");
        row(h, "score configuration", esc(in.config().describe()));
        row(h, "architectures", m.indices().length + " scored, " + m.withAccuracy() + " with a known accuracy"
                + (in.dropped() > 0 ? ", " + in.dropped() + " degenerate dropped" : ""));
        row(h, "runs", m.runs() + " runs of " + m.runSize() + " architectures (requested " + m.sample() + ", seed " + m.seed() + ")");
        row(h, "ground truth", esc(m.truthSource()) + "; optimum " + Labels.fmt(m.optimum(), "0.00") + " %");
        CostSummary rc = m.recordCost();
        if (rc != null && rc.n() > 0) {
            row(h, "time per record", Labels.fmt(rc.mean(), "0.0") + " ms mean, " + Labels.fmt(rc.median(), "0.0")
                    + " ms median (all requested scores of one architecture)");
        }
        h.append("</table>\n");
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(v).append("</td></tr>\n");
    }

    private static void metricsTable(StringBuilder h, ReportModel m) {
        h.append("<h2 id=\"table\">The metrics</h2>\n<p>Per score and subset (<i>all</i> architectures, or those "
                + "<i>above the median</i> score). Slope is signed (negative: ln(1 − score) falls as accuracy rises, "
                + "which is the expected direction). Best accuracy, percentile and time describe the score, so they are "
                + "on its <i>all</i> row. Time is the mean and median per architecture of the passes the score needs plus "
                + "the similarity arithmetic. Bold marks the best value of a column among the <i>all</i> rows.</p>\n");
        double bestMono = m.columns().stream().mapToDouble(c -> c.all().metrics().monotonicity()).filter(Double::isFinite).max().orElse(Double.NaN);
        double bestAcc = m.columns().stream().map(c -> c.all().bestAccuracy()).filter(b -> b != null && Double.isFinite(b.mean()))
                .mapToDouble(MeanStd::mean).max().orElse(Double.NaN);
        double bestPct = m.columns().stream().map(c -> c.all().bestPercentile()).filter(b -> b != null && Double.isFinite(b.mean()))
                .mapToDouble(MeanStd::mean).min().orElse(Double.NaN);
        h.append("<div class=\"scroll\"><table class=\"metrics\">\n<thead><tr><th>score</th><th>subset</th><th>n</th>"
                + "<th>monotonicity<br><small>|τ-a|</small></th><th>Kendall τ-b</th><th>Spearman ρ</th>"
                + "<th>slope<br><small>of ln(1 − s)</small></th><th>R²</th><th>best accuracy<br><small>%, mean ± std</small></th>"
                + "<th>best-arch<br>percentile</th><th>excluded</th><th>mean time<br><small>ms</small></th>"
                + "<th>median time<br><small>ms</small></th></tr></thead>\n<tbody>\n");
        for (Column c : m.columns()) {
            for (int k = 0; k < 2; k++) {
                boolean all = k == 0;
                QualityMetrics q = (all ? c.all() : c.aboveMedian()).metrics();
                h.append(all ? "<tr class=\"first\">" : "<tr>");
                if (all) {
                    h.append("<th rowspan=\"2\" class=\"score\">").append(esc(Labels.label(c)))
                            .append(c.baseline() ? "<br><small>baseline</small>" : "").append("</th>");
                }
                h.append("<td class=\"subset\">").append(q.subset().id()).append("</td>");
                num(h, Integer.toString(q.n()), false);
                num(h, Labels.fmt(q.monotonicity(), "0.000"), all && q.monotonicity() == bestMono);
                num(h, Labels.fmt(q.tauB(), "0.000"), false);
                num(h, Labels.fmt(q.spearman(), "0.000"), false);
                num(h, c.slopeMeaningful() ? Labels.sig(q.slope() * q.slopeSign()) : "n/a", false);
                num(h, c.slopeMeaningful() ? Labels.fmt(q.r2(), "0.000") : "n/a", false);
                MeanStd b = all ? c.all().bestAccuracy() : null;
                MeanStd p = all ? c.all().bestPercentile() : null;
                num(h, b == null ? "" : Labels.fmt(b.mean(), "0.00") + " ± " + Labels.fmt(b.std(), "0.00"),
                        b != null && b.mean() == bestAcc);
                num(h, p == null ? "" : Labels.fmt(p.mean(), "0.0"), p != null && p.mean() == bestPct);
                num(h, Integer.toString(q.excluded()), false);
                CostSummary cs = all ? c.cost() : null;
                num(h, cs == null ? (all && c.baseline() ? "closed form" : "") : Labels.fmt(cs.mean(), "0.0"), false);
                num(h, cs == null ? "" : Labels.fmt(cs.median(), "0.0"), false);
                h.append("</tr>\n");
            }
        }
        h.append("</tbody>\n</table></div>\n");
    }

    private static void num(StringBuilder h, String v, boolean bold) {
        h.append("<td>").append(bold ? "<b>" : "").append(esc(v)).append(bold ? "</b>" : "").append("</td>");
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body { background: #fff; color: #222; margin: 0; font: 16px/1.5 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
            main { max-width: 1440px; margin: 0 auto; padding: 24px 32px 48px; }
            h1 { font-size: 28px; margin: 8px 0 4px; }
            h2 { font-size: 22px; margin: 36px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            p.lead { color: #444; margin-top: 0; }
            p { max-width: 1100px; }
            code { font-size: 14px; background: #f4f4f4; padding: 1px 4px; border-radius: 3px; }
            a { color: #0072B2; }
            table.config { border-collapse: collapse; margin: 12px 0; }
            table.config th { text-align: left; font-weight: 600; padding: 3px 18px 3px 0; color: #555; vertical-align: top; }
            table.config td { padding: 3px 0; }
            figure { margin: 36px 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
            figcaption { max-width: 1100px; margin-top: 8px; color: #333; }
            figcaption .files { color: #777; white-space: nowrap; }
            .scroll { overflow-x: auto; }
            table.metrics { border-collapse: collapse; font-size: 15px; font-variant-numeric: tabular-nums; }
            table.metrics th, table.metrics td { padding: 4px 10px; border-bottom: 1px solid #eee; }
            table.metrics thead th { background: #f6f6f6; border-bottom: 2px solid #ccc; text-align: right; vertical-align: bottom; }
            table.metrics thead th:first-child, table.metrics thead th:nth-child(2) { text-align: left; }
            table.metrics td { text-align: right; white-space: nowrap; }
            table.metrics td.subset { text-align: left; color: #555; }
            table.metrics th.score { text-align: left; vertical-align: top; border-right: 1px solid #eee; }
            table.metrics tr.first td, table.metrics tr.first th { border-top: 1px solid #ccc; }
            small { color: #666; font-weight: normal; }
            thead small { white-space: nowrap; }
            p.foot { color: #777; font-size: 14px; margin-top: 32px; }
            """;
}
