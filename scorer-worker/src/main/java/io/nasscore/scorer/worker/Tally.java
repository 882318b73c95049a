package io.nasscore.scorer.worker;

import io.nasscore.scorer.worker.Outcome.Kind;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A worker's counters: the committed totals (volatile: metrics and probes read them from other threads) and the
 * jobs of the open transaction, which count only once it commits. Written by the loop thread only.
 */
final class Tally {
    private volatile long seen;
    private volatile long scored;
    private volatile long reused;
    private volatile long dlq;
    private volatile long failed;
    private volatile long transactions;
    private volatile long lag = -1;
    private volatile long startNanos;
    private volatile long lastActivityNanos;
    private int pendingScored;
    private int pendingReused;
    private int pendingDlq;

    Tally() {
        started();
    }

    /** The clock of {@link Counters#elapsed()} and {@link Counters#idle()} starts now. */
    void started() {
        long now = System.nanoTime();
        startNanos = now;
        lastActivityNanos = now;
    }

    void seen() { seen++; }

    /** A job of {@code kind} added to the open transaction. */
    void pending(Kind kind) {
        lastActivityNanos = System.nanoTime();
        switch (kind) {
            case SCORED -> pendingScored++;
            case REUSED -> pendingReused++;
            case DLQ -> pendingDlq++;
            default -> throw new IllegalStateException("unscored outcome " + kind);
        }
    }

    /** The open transaction committed: its jobs count. */
    void committed() {
        transactions++;
        scored += pendingScored;
        reused += pendingReused;
        dlq += pendingDlq;
        discardPending();
    }

    /** The open transaction was aborted: its jobs will be redone. */
    void aborted() {
        failed++;
        discardPending();
    }

    /** The open transaction was given up (the worker stops). */
    void discardPending() {
        pendingScored = 0;
        pendingReused = 0;
        pendingDlq = 0;
    }

    long lastActivityNanos() { return lastActivityNanos; }

    /** The records waiting in {@code consumer}'s partitions, as of its last poll (-1 when unknown). */
    void updateLag(Consumer<?, ?> consumer) {
        long sum = 0;
        boolean known = false;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                sum += l.getAsLong();
                known = true;
            }
        }
        lag = known ? sum : (consumer.assignment().isEmpty() ? 0 : -1);
    }

    /** The counters now (committed jobs only). */
    Counters now() {
        long now = System.nanoTime();
        return new Counters(seen, scored, reused, dlq, failed, transactions, lag, Duration.ofNanos(now - startNanos),
                Duration.ofNanos(now - lastActivityNanos));
    }

    /** The counters as they will be once the open transaction commits (for the stop condition). */
    Counters withPending() {
        long now = System.nanoTime();
        return new Counters(seen, scored + pendingScored, reused + pendingReused, dlq + pendingDlq, failed, transactions,
                lag, Duration.ofNanos(now - startNanos), Duration.ofNanos(now - lastActivityNanos));
    }
}
