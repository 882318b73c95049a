package io.nasscore.cli;

import io.nasscore.core.space.SearchSpace;

/** Numeric options that make no sense are refused before any work, with a message naming the option (exit 2). */
final class OptionChecks {
    private OptionChecks() {}

    static void atLeast(String option, long value, long min) {
        if (value < min) throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
    }

    static void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    /** A sample of architectures: 1 to the size of the space. */
    static void sample(String option, long value) {
        range(option, value, 1, SearchSpace.SIZE);
    }

    /** A TCP port a server of ours listens on: 0 (any free port) to 65535. */
    static void port(String option, long value) {
        range(option, value, 0, 65_535);
    }
}
