package io.nasscore.sink;

import io.nasscore.sink.SinkTables.Stmt;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sink has done and whether it can write now: rows per table, records, skips, transactions, and the state
 * its health check reads. The loop writes them; the metrics endpoint's thread reads them (hence atomics and
 * volatiles).
 */
final class SinkCounters {
    private final Map<Stmt, AtomicLong> rows = new EnumMap<>(Stmt.class);
    final AtomicLong records = new AtomicLong();
    final AtomicLong bad = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastCommitNanos = System.nanoTime();
    private volatile long failingSinceNanos;
    private volatile String failure;

    SinkCounters() {
        for (Stmt s : Stmt.values()) rows.put(s, new AtomicLong());
    }

    PostgresSink.Counts snapshot() {
        return new PostgresSink.Counts(rows.get(Stmt.SCORE).get(), rows.get(Stmt.MEMBERSHIP).get(), rows.get(Stmt.TRUTH).get(),
                rows.get(Stmt.TRUTH_DELETE).get(), rows.get(Stmt.QUALITY).get(), rows.get(Stmt.HISTORY).get(),
                rows.get(Stmt.JOB).get(), rows.get(Stmt.DEAD_LETTER).get(), records.get(), bad.get(), rejected.get(),
                tombstones.get(), transactions.get(), failures.get());
    }

    /** A transaction committed these rows per statement: PostgreSQL works. */
    void committed(Map<Stmt, Integer> written) {
        written.forEach((s, n) -> rows.get(s).addAndGet(n));
        transactions.incrementAndGet();
        lastCommitNanos = System.nanoTime();
        failure = null;
    }

    /** A transaction was rolled back. */
    void transactionFailed(String why) {
        failures.incrementAndGet();
        failing(why);
    }

    /** A database call failed with {@code why}: the sink cannot write until one succeeds. */
    void failing(String why) {
        if (failure == null) failingSinceNanos = System.nanoTime();
        failure = why;
    }

    /** A database call (other than a commit) succeeded. */
    void working() { failure = null; }

    Duration sinceLastCommit() { return Duration.ofNanos(System.nanoTime() - lastCommitNanos); }

    Duration failingFor() {
        long since = failingSinceNanos;
        return failure == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    String notReady() {
        String f = failure;
        if (f == null) return null;
        return "cannot write to PostgreSQL for " + failingFor().toSeconds() + " s, retrying: " + f;
    }
}
