package io.nasscore.core.score;

/** One forward/backward pass of a scoring: the clean batch, or the batch with noise of level a. */
public enum Pass {
    CLEAN(0.0),
    NOISE_0_1(0.1),
    NOISE_10(10.0),
    NOISE_100(100.0);

    private final double level;

    Pass(double level) { this.level = level; }

    /** a in noisy_a = x + a * Var(x) * eps. */
    public double level() { return level; }

    /** The column/field name used for its time: clean, noise0.1, noise10, noise100. */
    public String label() {
        return switch (this) {
            case CLEAN -> "clean";
            case NOISE_0_1 -> "noise0.1";
            case NOISE_10 -> "noise10";
            case NOISE_100 -> "noise100";
        };
    }
}
