package io.nasscore.aggregator;

import io.nasscore.schemas.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the aggregator does when a stream thread dies: replace it (a transient error), unless the error cannot go away
 * by retrying (a source topic was deleted) or threads keep dying ({@value #MAX_REPLACEMENTS} replacements within
 * {@link #WINDOW}); then the Streams client shuts down, reaches ERROR, and the aggregator process exits non-zero
 * with the reason, for its supervisor to restart it (a thread replaced forever would keep a dead aggregator up).
 */
final class StreamsFailurePolicy implements StreamsUncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(StreamsFailurePolicy.class);
    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Deque<Long> replacements = new ArrayDeque<>();
    private final TopicCatalogue topics;
    private volatile String lastError;

    StreamsFailurePolicy(TopicCatalogue topics) {
        this.topics = topics;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable e) {
        lastError = oneLine(e);
        if (cause(e, MissingSourceTopicException.class)) {
            lastError += " (the aggregator reads " + topics.scores().name() + " and " + topics.groundTruth().name() + ")";
            log.error("aggregator: a source topic is missing, shutting Kafka Streams down: {}", lastError);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long now = System.nanoTime();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toNanos()) replacements.removeFirst();
        if (replacements.size() >= MAX_REPLACEMENTS) {
            log.error("aggregator: stream threads failed {} times within {}, shutting Kafka Streams down: {}",
                    replacements.size() + 1, WINDOW, lastError, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        log.error("aggregator: stream thread failed, replacing it: {}", lastError, e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The last error a stream thread died of, on one line (null when none). */
    String lastError() { return lastError; }

    private static boolean cause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
