package io.nasscore.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A value that cannot be decoded. The message names the topic, the expected record and the reason; the
 * scorer worker catches it and sends the raw bytes to the dead-letter topic with {@link #reason()} in the
 * {@link DlqHeaders#REASON} header. It is a Kafka {@link SerializationException}, so a consumer that decodes
 * in {@code poll()} gets it wrapped in a {@code RecordDeserializationException} (with partition, offset and
 * the raw bytes).
 */
public class BadRecordException extends SerializationException {

    /** Why a value was rejected; {@link #code()} is the short form used in DLQ headers. */
    public enum Reason {
        /** Fewer than 10 bytes, or not starting with 0xC3 0x01. */
        NOT_SINGLE_OBJECT("not-single-object"),
        /** The 8-byte fingerprint is not one of the released versions of the expected record. */
        UNKNOWN_SCHEMA("unknown-schema"),
        /** Header fine, body does not decode with the writer schema (truncated, corrupt, trailing bytes). */
        CORRUPT_BODY("corrupt-body"),
        /** Decodes, but the content is invalid for the domain (unknown dataset, arch string, score, ...). */
        INVALID_CONTENT("invalid-content");

        private final String code;

        Reason(String code) { this.code = code; }

        public String code() { return code; }
    }

    private final String topic;
    private final Reason reason;

    public BadRecordException(String topic, Reason reason, String message, Throwable cause) {
        super("topic " + topic + ": " + message, cause);
        this.topic = topic;
        this.reason = reason;
    }

    public BadRecordException(String topic, Reason reason, String message) {
        this(topic, reason, message, null);
    }

    public String topic() { return topic; }

    public Reason reason() { return reason; }
}
