package io.nasscore.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waiting in tests without fixed sleeps: check a condition every few milliseconds until it holds or a deadline
 * passes. The deadline only bounds a failing test; a passing one waits exactly as long as the system needs, so
 * a loaded CI machine makes tests slower, never red.
 */
public final class Poll {
    /** Between two checks: short, so a test goes on almost as soon as its condition holds. */
    static final Duration INTERVAL = Duration.ofMillis(20);

    private Poll() {}

    /** A condition to wait for; it may throw (an exception fails the wait: an error is not a "not yet"). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds, failing with "timed out after ... waiting for {@code what}". */
    public static void until(Duration timeout, String what, Condition condition) {
        value(timeout, what, () -> condition.holds() ? Boolean.TRUE : null);
    }

    /** Waits until {@code value} gives a non-null result and returns it; exceptions from {@code value} propagate. */
    public static <T> T value(Duration timeout, String what, Callable<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v;
            try {
                v = value.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("while waiting for " + what + ": " + e.getMessage(), e);
            }
            if (v != null) return v;
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
