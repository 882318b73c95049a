package io.nasscore.core.proxy;

import io.nasscore.core.metrics.RankCorrelation;
import io.nasscore.core.score.ScoreName;
import java.util.List;

/**
 * The two validation levels of baselines.md §11 for the proxies with a published column (NAS-Bench-Suite-Zero,
 * NB201 CIFAR-10): level 1, Kendall τ-b between our value and the published one at or above the expected value
 * of §2 minus 0.05; level 2, τ-b of ours against test accuracy within 0.04 of the published column's τ-b on the
 * same architectures. Both thresholds are stated for |A| ≥ 500; for fewer architectures they are relaxed by
 * {@link #relaxation(int)}.
 */
public final class ProxyValidation {
    private ProxyValidation() {}

    /** A proxy, its published column and the §2 "expected τ(ours, published)". */
    public record Expectation(ScoreName proxy, String column, double expected) {}

    /** baselines.md §2, the proxies with a published column (fisher not computed here). */
    public static final List<Expectation> SPEC = List.of(
            new Expectation(ScoreName.GRAD_NORM, "grad_norm", 0.87),
            new Expectation(ScoreName.SNIP, "snip", 0.88),
            new Expectation(ScoreName.SYNFLOW, "synflow", 0.98),
            new Expectation(ScoreName.NWOT, "nwot", 0.92),
            new Expectation(ScoreName.JACOV, "jacov", 0.75),
            new Expectation(ScoreName.PLAIN, "plain", 0.10),
            new Expectation(ScoreName.L2_NORM, "l2_norm", 0.73));

    /** Level 1 margin below the expected τ, and level 2 tolerance, at |A| ≥ 500 (§11). */
    public static final double LEVEL1_MARGIN = 0.05;
    public static final double LEVEL2_TOLERANCE = 0.04;
    /** The sample size the §11 thresholds are stated for. */
    public static final int SPEC_N = 500;

    /**
     * One proxy's validation on n architectures.
     *
     * @param tauPublished τ-b(ours, published)
     * @param level1Threshold expected − 0.05 − relaxation(n)
     * @param tauOursAccuracy τ-b(ours, accuracy); tauPublishedAccuracy the same for the published column
     * @param level2Tolerance 0.04 + relaxation(n)
     */
    public record Row(Expectation spec, int n, double tauPublished, double level1Threshold, double tauOursAccuracy,
                      double tauPublishedAccuracy, double level2Tolerance) {
        public boolean level1() { return tauPublished >= level1Threshold; }

        public double level2Difference() { return tauOursAccuracy - tauPublishedAccuracy; }

        public boolean level2() { return Math.abs(level2Difference()) <= level2Tolerance; }
    }

    /**
     * The null standard deviation of Kendall's τ on n pairs, sqrt(2(2n+5) / (9n(n−1))): an upper bound of the
     * sampling error of an estimated τ (it shrinks by about sqrt(1 − τ²) away from 0).
     */
    public static double tauSd(int n) { return Math.sqrt(2.0 * (2 * n + 5) / (9.0 * n * (n - 1))); }

    /** How much the §11 thresholds are relaxed for n < 500 architectures: 2 (sd(n) − sd(500)), 0 from 500 on. */
    public static double relaxation(int n) { return n >= SPEC_N ? 0 : 2 * (tauSd(n) - tauSd(SPEC_N)); }

    /**
     * @param ours our values (−∞ allowed: ranked below every finite value, baselines.md §1)
     * @param published the published values on the same architectures
     * @param accuracy their test accuracies
     */
    public static Row validate(Expectation spec, double[] ours, double[] published, double[] accuracy) {
        int[] keep = java.util.stream.IntStream.range(0, ours.length)
                .filter(i -> !Double.isNaN(ours[i]) && !Double.isNaN(published[i]) && !Double.isNaN(accuracy[i])).toArray();
        double[] o = lowestForMinusInfinity(pick(ours, keep));
        double[] p = lowestForMinusInfinity(pick(published, keep));
        double[] a = pick(accuracy, keep);
        int n = keep.length;
        double relax = relaxation(n);
        return new Row(spec, n, RankCorrelation.tauB(o, p), spec.expected() - LEVEL1_MARGIN - relax,
                RankCorrelation.tauB(o, a), RankCorrelation.tauB(p, a), LEVEL2_TOLERANCE + relax);
    }

    /**
     * −∞ replaced by a value below every finite one (all −∞ tie): the rank rule of baselines.md §1 for metrics
     * that otherwise drop non-finite values.
     */
    public static double[] lowestForMinusInfinity(double[] v) {
        double min = Double.POSITIVE_INFINITY;
        for (double x : v) if (Double.isFinite(x)) min = Math.min(min, x);
        double floor = Double.isFinite(min) ? min - 1 - Math.abs(min) : -1;
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) if (out[i] == Double.NEGATIVE_INFINITY) out[i] = floor;
        return out;
    }

    private static double[] pick(double[] v, int[] keep) {
        double[] out = new double[keep.length];
        for (int i = 0; i < keep.length; i++) out[i] = v[keep[i]];
        return out;
    }

    /** A Markdown table of rows (the form of docs/results.md). */
    public static String markdown(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| proxy | n | τ-b(ours, published) | level 1 threshold | level 1 | τ-b(ours, acc) | τ-b(published, acc) "
                + "| difference | level 2 tolerance | level 2 |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append(String.format(java.util.Locale.ROOT, "| %s | %d | %.3f | %.3f | %s | %.3f | %.3f | %+.3f | ±%.3f | %s |%n",
                    r.spec().proxy().column(), r.n(), r.tauPublished(), r.level1Threshold(), r.level1() ? "pass" : "FAIL",
                    r.tauOursAccuracy(), r.tauPublishedAccuracy(), r.level2Difference(), r.level2Tolerance(),
                    r.level2() ? "pass" : "FAIL"));
        }
        return b.toString();
    }

}
