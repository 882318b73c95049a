package io.nasscore.scorer.worker;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Which Kafka errors a worker cannot survive: after them its producer is unusable (fenced, out of sequence,
 * unauthorised), so it stops instead of aborting and redoing the batch. The causes are searched too: the client
 * wraps them in other KafkaExceptions.
 */
final class FatalErrors {
    private FatalErrors() {}

    /** Whether {@code e}, or one of its causes, leaves the producer unusable. */
    static boolean isFatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof OutOfOrderSequenceException
                    || t instanceof UnsupportedVersionException || t instanceof AuthorizationException
                    || t instanceof AuthenticationException || t instanceof FencedInstanceIdException) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** Whether a producer with the same transactional id (the same worker id) has fenced this one. */
    static boolean isFencedBySameId(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ProducerFencedException) return true;
        }
        return false;
    }

    /** The reason a worker gives when it stops on {@code e}: {@code what} and the error, and who fenced it. */
    static String reason(String workerId, String what, Throwable e) {
        return "worker " + workerId + " " + what + ": " + e.getMessage()
                + (isFencedBySameId(e) ? " (another worker runs with the same worker id " + workerId + ")" : "");
    }
}
