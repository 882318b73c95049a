package io.nasscore.aggregator;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's Kafka Streams handler of bad records: a record that does not deserialize (the sources read raw
 * bytes and dead-letter what they cannot decode, {@link DeadLetters}: only an internal topic's record could reach this)
 * or one whose processing throws is skipped with ONE log line naming the record (topic-partition@offset) and the reason, and counted
 * ({@link #skipped()}; Kafka Streams also counts it in its {@code dropped-records} metric). Kafka's own
 * {@code LogAndContinue} handlers log a full stack trace per record: a stream of poison drowned the log.
 * This logger at DEBUG adds the stack traces.
 */
public final class BadRecordLogger implements DeserializationExceptionHandler, ProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(BadRecordLogger.class);
    private static final LongAdder SKIPPED = new LongAdder();

    /** Records skipped by every instance in this JVM (Kafka Streams makes one per stream thread). */
    public static long skipped() { return SKIPPED.sum(); }

    @Override public void configure(Map<String, ?> configs) {}

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        skip(line("undecodable", record.topic(), record.partition(), record.offset(), null, exception), exception);
        return DeserializationHandlerResponse.CONTINUE;
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        skip(line("processing failed", context.topic(), context.partition(), context.offset(), context.processorNodeId(),
                exception), exception);
        return ProcessingHandlerResponse.CONTINUE;
    }

    private static void skip(String line, Exception exception) {
        SKIPPED.increment();
        log.warn(line);
        log.debug("stack trace of the record skipped above", exception);
    }

    /**
     * {@code aggregator: skipped record <topic>-<partition>@<offset> [in <processor>] (<what>): <reason>}, the reason
     * being the first line of each message down the cause chain.
     */
    static String line(String what, String topic, int partition, long offset, String processor, Throwable e) {
        StringBuilder sb = new StringBuilder("aggregator: skipped record ").append(topic).append('-').append(partition)
                .append('@').append(offset);
        if (processor != null) sb.append(" in ").append(processor);
        sb.append(" (").append(what).append("): ");
        return sb.append(reason(e)).toString();
    }

    /** The first line of each message down the cause chain of {@code e}, joined by ": ", without repeats. */
    static String reason(Throwable e) {
        StringBuilder sb = new StringBuilder();
        String previous = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getCause() != null && String.valueOf(t.getMessage()).equals(t.getCause().toString())) continue; // a bare wrapper
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
            if (m.equals(previous) || (previous != null && previous.contains(m))) continue; // wrappers repeat their cause
            if (previous != null) sb.append(": ");
            sb.append(m);
            previous = m;
        }
        return sb.toString();
    }
}
