package io.nasscore.core.metrics;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The sets every metric is reported for (scores.md section 5). */
public enum Subset {
    /** Every architecture of the set (after excluding non-finite points). */
    ALL("all"),
    /** The architectures whose score is strictly greater than the median score of the set. */
    ABOVE_MEDIAN("above-median");

    private final String id;

    Subset(String id) { this.id = id; }

    /** The id used in reports, topics and tables: {@code all}, {@code above-median}. */
    public String id() { return id; }

    @Override public String toString() { return id; }

    /** Looks a subset up by id, with a message naming the bad value and the valid ones. */
    public static Subset of(String id) {
        if (id != null) {
            String wanted = id.trim().toLowerCase();
            for (Subset s : values()) {
                if (s.id.equals(wanted)) return s;
            }
        }
        throw new IllegalArgumentException("unknown subset '" + id + "': expected one of "
                + Arrays.stream(values()).map(Subset::id).collect(Collectors.joining(", ")));
    }
}
