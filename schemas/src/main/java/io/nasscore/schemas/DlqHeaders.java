package io.nasscore.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers of a dead-letter record on nas.jobs.dlq and nas.aggregator.dlq. The value is the original bytes, untouched;
 * the key is the original key when there was one. Every header value is a UTF-8 string.
 */
public final class DlqHeaders {

    /** Short reason code, e.g. not-single-object, unknown-schema, corrupt-body, invalid-content, scoring-failed. */
    public static final String REASON = "nas.error.reason";
    /** The full, human-readable error message. */
    public static final String MESSAGE = "nas.error.message";
    /** The exception class name. */
    public static final String EXCEPTION = "nas.error.exception";
    /** Where it failed: deserialize, validate, build-network, score, produce. */
    public static final String STAGE = "nas.error.stage";
    /** Topic, partition and offset of the original record. */
    public static final String SOURCE_TOPIC = "nas.error.source-topic";
    public static final String PARTITION = "nas.error.partition";
    public static final String OFFSET = "nas.error.offset";
    /** When the record was dead-lettered, ISO-8601 UTC. */
    public static final String AT = "nas.error.at";
    /** Who dead-lettered it (worker id, or the aggregator's application id). */
    public static final String WORKER = "nas.error.worker";

    private DlqHeaders() {}

    /** The standard header set; {@code message} and {@code worker} may be null (then left out). */
    public static Headers of(String reason, String message, String stage, String sourceTopic, int partition,
            long offset, Instant at, String worker, Throwable error) {
        RecordHeaders h = new RecordHeaders();
        add(h, REASON, reason);
        add(h, MESSAGE, message);
        add(h, EXCEPTION, error == null ? null : error.getClass().getName());
        add(h, STAGE, stage);
        add(h, SOURCE_TOPIC, sourceTopic);
        add(h, PARTITION, Integer.toString(partition));
        add(h, OFFSET, Long.toString(offset));
        add(h, AT, at.toString());
        add(h, WORKER, worker);
        return h;
    }

    /** The standard header set for a {@link BadRecordException} at the deserialize stage. */
    public static Headers of(BadRecordException e, int partition, long offset, Instant at, String worker) {
        return of(e.reason().code(), e.getMessage(), "deserialize", e.topic(), partition, offset, at, worker, e);
    }

    /** A header's value as a string, or null when absent. */
    public static String get(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void add(RecordHeaders h, String name, String value) {
        if (value != null) h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
