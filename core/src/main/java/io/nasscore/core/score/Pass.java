package io.nasscore.core.score;

/**
 * One forward/backward pass of a scoring: the clean batch, or the batch with noise of level a; then the proxies'
 * own passes (baselines.md): jacov's output-sum input gradient, ZiCo's second batch, synflow's float64 pass and
 * AZ-NAS's pass (forward plus cell-local backwards).
 */
public enum Pass {
    CLEAN(0.0),
    NOISE_0_1(0.1),
    NOISE_10(10.0),
    NOISE_100(100.0),
    JACOV(Double.NaN),
    ZICO(Double.NaN),
    SYNFLOW(Double.NaN),
    AZ(Double.NaN);

    private final double level;

    Pass(double level) { this.level = level; }

    /** a in noisy_a = x + a * Var(x) * eps; NaN for the proxies' passes. */
    public double level() { return level; }

    /** Whether it is one of the paper's four passes (clean and noise). */
    public boolean paper() { return ordinal() <= NOISE_100.ordinal(); }

    /**
     * The name of the pass in the report and in metrics tags: clean, noise0.1, noise10, noise100, jacov, zico,
     * synflow, az. Every other spelling of the pass below is derived from this one, here and nowhere else.
     */
    public String label() {
        return switch (this) {
            case CLEAN -> "clean";
            case NOISE_0_1 -> "noise0.1";
            case NOISE_10 -> "noise10";
            case NOISE_100 -> "noise100";
            case JACOV -> "jacov";
            case ZICO -> "zico";
            case SYNFLOW -> "synflow";
            case AZ -> "az";
        };
    }

    /**
     * Its time column, in milliseconds, in the scores CSV and the {@code scores} SQL table: clean_ms, noise0_1_ms,
     * ... (a dot is not a legal SQL identifier, so the label's dot becomes an underscore).
     */
    public String column() { return identifier() + "_ms"; }

    /**
     * The CSV spelling of its time column before there was one spelling (noise0.1_ms): still read, never written
     * (the shipped CSVs and files that {@code score --resume} continues carry it).
     */
    public String legacyCsvColumn() { return label() + "_ms"; }

    /** Its time field in the ScoreRecord Avro schema (cleanMillis, noise0_1Millis, ...): released names, kept. */
    public String avroField() { return identifier() + "Millis"; }

    /** The pass whose time column is {@code name}, in either CSV spelling ({@link #column}, {@link #legacyCsvColumn}). */
    public static java.util.Optional<Pass> ofColumn(String name) {
        for (Pass p : values()) {
            if (p.column().equals(name) || p.legacyCsvColumn().equals(name)) return java.util.Optional.of(p);
        }
        return java.util.Optional.empty();
    }

    private String identifier() { return label().replace('.', '_'); }
}
