package io.nasscore.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How a service command (aggregate, sink) runs until it is asked to stop: SIGTERM or Ctrl-C release {@link #await},
 * and the JVM's shutdown then waits until the command has closed what it opened ({@link #close}), so that the last
 * transaction commits before the process exits.
 */
final class StopSignal implements AutoCloseable {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();

    StopSignal(String command) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nasscore-" + command + "-shutdown"));
    }

    /** Stops the command from inside, with the one-line reason it exits non-zero with. */
    void fail(String reason) {
        failure.compareAndSet(null, reason);
        stop.countDown();
    }

    /** Waits for SIGTERM/Ctrl-C or {@link #fail}: the failure's reason, or null for a requested stop. */
    String await() throws InterruptedException {
        stop.await();
        return failure.get();
    }

    /** The command has closed everything it opened: the JVM may exit. */
    @Override public void close() { closed.countDown(); }
}
