package io.nasscore.sink;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's outage bookkeeping: while PostgreSQL cannot be reached the sink retries every backoff, but says so once
 * per notice interval (not once per retry), and once more when it is back. Only the sink's loop calls {@link #failed} and
 * {@link #succeeded}.
 */
final class DatabaseWait {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWait.class);

    private final String sink;
    private final Duration interval;
    private final LongSupplier nanoClock;
    private volatile long since = -1; // read by other threads through waiting()
    private long lastNotice;

    DatabaseWait(String sink, Duration interval, LongSupplier nanoClock) {
        this.sink = sink;
        this.interval = interval;
        this.nanoClock = nanoClock;
    }

    /** Records a failed attempt; returns the notice logged, if this attempt was due for one. */
    Optional<String> failed(String reason) {
        long now = nanoClock.getAsLong();
        if (since < 0) since = now;
        else if (now - lastNotice < interval.toNanos()) return Optional.empty();
        lastNotice = now;
        String notice = "sink " + sink + ": waiting for PostgreSQL (unavailable for " + seconds(now - since)
                + " s, retrying; next notice in " + interval.toSeconds() + " s): " + reason;
        log.warn(notice);
        return Optional.of(notice);
    }

    /** Records a successful attempt; returns the notice logged when it ends an outage. */
    Optional<String> succeeded() {
        if (since < 0) return Optional.empty();
        String notice = "sink " + sink + ": PostgreSQL is back after " + seconds(nanoClock.getAsLong() - since)
                + " s; resuming from the offsets stored in sink_offsets";
        since = -1;
        log.info(notice);
        return Optional.of(notice);
    }

    /** Whether the last attempt failed. */
    boolean waiting() { return since >= 0; }

    private static long seconds(long nanos) { return Math.round(nanos / 1e9); }
}
