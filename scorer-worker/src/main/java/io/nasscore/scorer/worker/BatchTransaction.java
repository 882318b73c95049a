package io.nasscore.scorer.worker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka transaction that carries the outputs of consumed records together with their offsets, so that a
 * read_committed reader sees each consumed record's output exactly once: {@link #add} opens it with the first
 * output; {@link #commit} sends the consumed offsets with the consumer's group metadata (a consumer that lost its
 * partitions is refused) and commits; {@link #abort} discards it and seeks the consumer back so the records are
 * polled again. Each output carries a note of the caller's (what it was, for counting and logging), handed back
 * by {@code commit} once committed.
 *
 * <p>The methods throw the producer's {@link KafkaException}s; whether one is fatal is the caller's decision
 * ({@link FatalErrors}). Not thread-safe: the loop thread only.
 *
 * @param <N> the caller's note for each output
 */
final class BatchTransaction<N> {
    private final Producer<byte[], byte[]> producer;
    private final Consumer<?, ?> consumer;
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private final List<N> notes = new ArrayList<>();
    private boolean open;
    private long openedNanos;

    /** A transaction of {@code producer} (transactional) for the records {@code consumer} polls. */
    BatchTransaction(Producer<byte[], byte[]> producer, Consumer<?, ?> consumer) {
        this.producer = producer;
        this.consumer = consumer;
    }

    /** Registers the transactional id with the coordinator (fencing an earlier producer of the same id). Once. */
    void init() {
        producer.initTransactions();
    }

    boolean isOpen() { return open; }

    /** Outputs in the open transaction (0 when none is open). */
    int size() { return notes.size(); }

    /** Nanoseconds since the open transaction began (0 when none is open). */
    long ageNanos() { return open ? System.nanoTime() - openedNanos : 0; }

    /**
     * Sends {@code output}, the output of {@code consumed}, in the transaction (begun first if none is open), and
     * notes that {@code consumed}'s offset is to be committed with it.
     */
    void add(ConsumerRecord<?, ?> consumed, ProducerRecord<byte[], byte[]> output, N note) {
        if (!open) {
            producer.beginTransaction();
            open = true;
            openedNanos = System.nanoTime();
        }
        producer.send(output);
        offsets.put(new TopicPartition(consumed.topic(), consumed.partition()), new OffsetAndMetadata(consumed.offset() + 1));
        notes.add(note);
    }

    /**
     * Commits the open transaction with the offsets after its consumed records, and returns its notes (none when no
     * transaction was open). When it throws, the transaction is still open: {@link #abort} it.
     */
    List<N> commit() {
        if (!open) return List.of();
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        List<N> done = List.copyOf(notes);
        clear();
        return done;
    }

    /**
     * Aborts the transaction (also when none is open: the producer then fails, and says why), then seeks every
     * partition of {@code undone} (the transaction's records and any polled after them) back to its first record in
     * it, so they are polled again. When the abort throws the producer is unusable and nothing is rewound.
     */
    void abort(List<? extends ConsumerRecord<?, ?>> undone) {
        clear();
        producer.abortTransaction();
        rewind(undone);
    }

    /** Aborts the open transaction if there is one, ignoring errors (the broker aborts it after its timeout). */
    void abortQuietly() {
        if (!open) return;
        clear();
        try {
            producer.abortTransaction();
        } catch (RuntimeException ignored) {
            // fatal state or fenced: the broker aborts it
        }
    }

    /**
     * Forgets the open transaction without aborting it, after an error that left the producer unusable (the broker
     * aborts it: at once when a producer with the same transactional id starts, else after its timeout).
     */
    void discard() {
        clear();
    }

    /** Seeks every assigned partition of {@code records} back to its first record in it, so they are polled again. */
    void rewind(List<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, Long> first = new LinkedHashMap<>();
        for (ConsumerRecord<?, ?> r : records) first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        for (Map.Entry<TopicPartition, Long> e : first.entrySet()) {
            if (consumer.assignment().contains(e.getKey())) consumer.seek(e.getKey(), e.getValue());
        }
    }

    /** The notes of the open transaction, in the order of {@link #add}. */
    List<N> notes() { return Collections.unmodifiableList(notes); }

    private void clear() {
        open = false;
        offsets.clear();
        notes.clear();
    }
}
