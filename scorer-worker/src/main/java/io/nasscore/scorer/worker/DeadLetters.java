package io.nasscore.scorer.worker;

import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.Topic;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The records a worker sends to nas.jobs.dlq: the original key, bytes and headers, plus the reason in
 * {@link DlqHeaders} (where the record came from, which worker, at what stage, why).
 */
final class DeadLetters {
    /** Longest error message kept in a DLQ header (the full one is in the worker's log). */
    static final int MAX_MESSAGE = 4000;

    private DeadLetters() {}

    /** The DLQ record for {@code rec}, which {@code workerId} could not score because of {@code why}. */
    static ProducerRecord<byte[], byte[]> of(Topic<byte[]> dlq, ConsumerRecord<byte[], byte[]> rec, DeadLetter why, String workerId) {
        Headers h = new RecordHeaders();
        for (Header original : rec.headers()) h.add(original);
        String m = why.message();
        String msg = m != null && m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
        for (Header d : DlqHeaders.of(why.reason(), msg, why.stage(), rec.topic(), rec.partition(), rec.offset(),
                Instant.now(), workerId, why.error())) {
            h.add(d);
        }
        return new ProducerRecord<>(dlq.name(), null, rec.key(), rec.value(), h);
    }
}
