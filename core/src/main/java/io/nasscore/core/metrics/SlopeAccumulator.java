package io.nasscore.core.metrics;

/**
 * The {@link Slope} fit, one point at a time (Welford / Chan co-moment updates, O(1) memory), for consumers
 * that see points as a stream. {@link #fit()} agrees with {@link Slope#fit} on the same points up to
 * rounding. Non-finite points are skipped and counted in {@link #excluded()}. Not thread-safe.
 */
public final class SlopeAccumulator {
    private int n;
    private int excluded;
    private double mx;
    private double my;
    private double sxx;
    private double syy;
    private double sxy;
    private double minX = Double.POSITIVE_INFINITY;
    private double maxX = Double.NEGATIVE_INFINITY;
    private double minY = Double.POSITIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;

    /** Adds one architecture: its score s and its accuracy (percent). */
    public SlopeAccumulator add(double score, double accuracy) {
        double y = Slope.transform(score);
        if (!Double.isFinite(score) || !Double.isFinite(accuracy) || !Double.isFinite(y)) {
            excluded++;
            return this;
        }
        n++;
        double dx = accuracy - mx;
        double dy = y - my;
        mx += dx / n;
        my += dy / n;
        sxx += dx * (accuracy - mx);
        syy += dy * (y - my);
        sxy += dx * (y - my);
        minX = Math.min(minX, accuracy);
        maxX = Math.max(maxX, accuracy);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        return this;
    }

    /** Adds every point of another accumulator (Chan et al.'s pairwise update). */
    public SlopeAccumulator merge(SlopeAccumulator o) {
        excluded += o.excluded;
        if (o.n == 0) return this;
        if (n == 0) {
            n = o.n; mx = o.mx; my = o.my; sxx = o.sxx; syy = o.syy; sxy = o.sxy;
            minX = o.minX; maxX = o.maxX; minY = o.minY; maxY = o.maxY;
            return this;
        }
        double total = (double) n + o.n;
        double dx = o.mx - mx;
        double dy = o.my - my;
        double w = (double) n * o.n / total;
        sxx += o.sxx + dx * dx * w;
        syy += o.syy + dy * dy * w;
        sxy += o.sxy + dx * dy * w;
        mx += dx * o.n / total;
        my += dy * o.n / total;
        n += o.n;
        minX = Math.min(minX, o.minX);
        maxX = Math.max(maxX, o.maxX);
        minY = Math.min(minY, o.minY);
        maxY = Math.max(maxY, o.maxY);
        return this;
    }

    /** Points used so far. */
    public int n() { return n; }

    /** Points skipped because the score or the accuracy was NaN or infinite. */
    public int excluded() { return excluded; }

    /** The current fit; NaN numbers when n &lt; 2 or either variable is constant. */
    public Slope.SlopeFit fit() {
        if (n < 2 || minX == maxX || minY == maxY) return Slope.SlopeFit.undefined(n);
        return Slope.fromMoments(n, mx, my, sxx, syy, sxy);
    }
}
