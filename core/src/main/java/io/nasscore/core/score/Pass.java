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

    /** The column/field name used for its time: clean, noise0.1, noise10, noise100, jacov, zico, synflow, az. */
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
}
