package io.nasscore.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the third-party warnings that are part of normal operation, seen in every demo:
 * <ul>
 *   <li>Kafka's "Error while fetching metadata ..." (Kafka 4.1: "The metadata response from the cluster reported a
 *       recoverable issue ...") with UNKNOWN_TOPIC_OR_PARTITION or LEADER_NOT_AVAILABLE, while a topic is being
 *       created (the client retries, and then it works);</li>
 *   <li>Kafka's "Attempting to close NetworkClient that has already been closed" (a second close, harmless);</li>
 *   <li>DJL's "Failed to detect GPU count" on a machine without CUDA (it then uses the CPU, as asked).</li>
 * </ul>
 * Everything else from the same loggers still shows (a broker that cannot be reached, for one).
 */
final class NoiseFilter extends TurboFilter {

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || level == null || level.isGreaterOrEqual(Level.ERROR)) return FilterReply.NEUTRAL;
        if (format.contains("Failed to detect GPU count")) return FilterReply.DENY;
        if (format.contains("Attempting to close NetworkClient that has already been closed")) return FilterReply.DENY;
        if ((format.contains("Error while fetching metadata") || format.contains("reported a recoverable issue"))
                && params != null) {
            for (Object p : params) {
                String s = String.valueOf(p);
                if (s.contains("UNKNOWN_TOPIC_OR_PARTITION") || s.contains("LEADER_NOT_AVAILABLE")) return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
