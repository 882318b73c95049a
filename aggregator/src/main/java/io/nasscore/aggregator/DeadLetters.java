package io.nasscore.aggregator;

import io.nasscore.schemas.BadRecordException;
import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.Topic;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters of the aggregator's input topics (pipeline.md: bad input is logged with its reason, sent to the
 * dead-letter topic and counted). An intake processor decodes and validates the raw bytes itself, so a record it
 * cannot use keeps its original bytes and goes to {@code nas.aggregator.dlq} through a sink of the topology: the
 * write is part of the Kafka Streams transaction that commits the input offset ({@code exactly_once_v2}), so each bad
 * record is dead-lettered once, never lost and never twice, whatever fails. A deserialization-exception handler could
 * only log: it has no transactional producer.
 */
final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** Longest error message kept in the {@link DlqHeaders#MESSAGE} header (the log line has it whole). */
    private static final int MAX_MESSAGE = 2000;

    private DeadLetters() {}

    /** What an intake forwards: an arch event, or (no event) the original bytes of a record to dead-letter. */
    record Intake(ArchEvent event, byte[] original) {
        static Intake of(ArchEvent e) { return new Intake(e, null); }

        boolean dead() { return event == null; }
    }

    /** The reason code of a value that does not decode. */
    static String decodeReason(RuntimeException e) {
        return e instanceof BadRecordException b ? b.reason().code() : BadRecordException.Reason.CORRUPT_BODY.code();
    }

    /**
     * The dead letter of {@code r} (original key and bytes, the reason in {@link DlqHeaders}), after ONE log line
     * naming the record and the reason, without a stack trace.
     *
     * @param stage {@code deserialize} or {@code validate}
     */
    static Record<String, Intake> of(ProcessorContext<String, Intake> ctx, Record<String, byte[]> r, String reason,
            String stage, Throwable e) {
        RecordMetadata m = ctx.recordMetadata().orElse(null);
        String topic = m == null ? "?" : m.topic();
        int partition = m == null ? -1 : m.partition();
        long offset = m == null ? -1 : m.offset();
        String why = BadRecordLogger.reason(e);
        log.warn("aggregator: dead-lettered record {}-{}@{} ({}): {}", topic, partition, offset, reason, why);
        String message = why.length() > MAX_MESSAGE ? why.substring(0, MAX_MESSAGE) : why;
        return r.withValue(new Intake(null, r.value())).withHeaders(DlqHeaders.of(reason, message, stage, topic,
                partition, offset, Instant.now(), ctx.applicationId(), e));
    }

    /**
     * Splits an intake's output: dead letters to {@code dlq} (the catalogue's aggregator dead-letter topic) (sink {@code <name>-dead-letters}), the
     * arch events on. Every node is named after {@code name}.
     */
    static KStream<String, ArchEvent> route(KStream<String, Intake> intake, String name, Topic<byte[]> dlq) {
        Map<String, KStream<String, Intake>> branches = intake.split(Named.as(name + "-"))
                .branch((k, v) -> v.dead(), Branched.as("dead"))
                .defaultBranch(Branched.as("ok"));
        branches.get(name + "-dead").mapValues(Intake::original, Named.as(name + "-dead-bytes"))
                .to(dlq.name(), Produced.with(dlq.keySerde(), dlq.valueSerde()).withName(name + "-dead-letters"));
        return branches.get(name + "-ok").mapValues(Intake::event, Named.as(name + "-events"));
    }
}
