package io.nasscore.scorer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.nasscore.testsupport.KafkaTestBroker;
import io.nasscore.testsupport.Poll;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchTransaction} alone, against a real broker (one per class; each test its own topics, group and
 * transactional id), with the worker's client settings: what read_committed readers and the group's offsets see
 * after a commit, an abort, and a fencing by a producer with the same transactional id.
 */
class BatchTransactionUnitTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final AtomicInteger TESTS = new AtomicInteger();

    static KafkaTestBroker broker;
    String in;
    String out;
    WorkerConfig config;
    KafkaConsumer<byte[], byte[]> consumer;
    KafkaProducer<byte[], byte[]> producer;
    BatchTransaction<Long> tx;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) broker.close();
    }

    @BeforeEach
    void clients() throws Exception {
        int n = TESTS.incrementAndGet();
        in = "tx-in-" + n;
        out = "tx-out-" + n;
        try (Admin admin = Admin.create(broker.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(in, 1, (short) 1), new NewTopic(out, 2, (short) 1))).all().get();
        }
        config = WorkerConfig.of(broker.clientConfig()).withWorkerId("tx-unit-" + n).withGroupId("tx-unit-group-" + n);
        consumer = new KafkaConsumer<>(ClientConfigs.consumer(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(ClientConfigs.producer(config), new ByteArraySerializer(), new ByteArraySerializer());
        tx = new BatchTransaction<>(producer, consumer);
        tx.init();
    }

    @AfterEach
    void closeClients() {
        if (consumer != null) consumer.close(Duration.ofSeconds(10));
        if (producer != null) producer.close(Duration.ofSeconds(10));
    }

    @Test
    void commitMakesEachOutputVisibleOnceWithTheOffsetsAfterItsRecords() throws Exception {
        send(in, 5);
        List<ConsumerRecord<byte[], byte[]>> polled = poll(5);
        assertThat(tx.isOpen()).isFalse();
        assertThat(tx.commit()).as("nothing open: nothing to commit").isEmpty();
        for (ConsumerRecord<byte[], byte[]> r : polled) tx.add(r, output(r), r.offset());
        assertThat(tx.isOpen()).isTrue();
        assertThat(tx.size()).isEqualTo(5);
        assertThat(KafkaTestBroker.readAllNow(broker.bootstrapServers(), out, "read_committed"))
                .as("read_committed: nothing while the transaction is open").isEmpty();

        assertThat(tx.commit()).as("the notes, in order").containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(tx.isOpen()).isFalse();
        assertThat(tx.size()).isZero();
        assertThat(committedOutputs(5)).containsExactlyInAnyOrder("out-0", "out-1", "out-2", "out-3", "out-4");
        assertThat(committedOffsets(5)).containsExactly(Map.entry(0, 5L));
        assertThat(KafkaTestBroker.readAll(broker.bootstrapServers(), out, "read_uncommitted"))
                .as("nothing aborted: no other copy in the log").hasSize(5);
    }

    @Test
    void abortLeavesNothingVisibleCommitsNoOffsetAndRewindsToTheFirstUndoneRecord() throws Exception {
        send(in, 6);
        List<ConsumerRecord<byte[], byte[]>> polled = poll(6);
        // the first two in a committed transaction, then three in one that fails
        tx.add(polled.get(0), output(polled.get(0)), 0L);
        tx.add(polled.get(1), output(polled.get(1)), 1L);
        tx.commit();
        for (int i = 2; i < 5; i++) tx.add(polled.get(i), output(polled.get(i)), (long) i);
        TopicPartition tp = new TopicPartition(in, 0);
        assertThat(consumer.position(tp)).as("past the whole poll").isEqualTo(6);

        tx.abort(polled.subList(2, polled.size()));
        assertThat(tx.isOpen()).isFalse();
        assertThat(tx.size()).isZero();
        assertThat(consumer.position(tp)).as("rewound to the transaction's first record").isEqualTo(2);
        assertThat(committedOutputs(2)).as("only the committed transaction").containsExactlyInAnyOrder("out-0", "out-1");
        assertThat(committedOffsets(2)).containsExactly(Map.entry(0, 2L));

        // the undone records come again, and a new transaction carries them
        List<ConsumerRecord<byte[], byte[]>> again = poll(4);
        assertThat(again).extracting(ConsumerRecord::offset).containsExactly(2L, 3L, 4L, 5L);
        for (ConsumerRecord<byte[], byte[]> r : again) tx.add(r, output(r), r.offset());
        assertThat(tx.commit()).containsExactly(2L, 3L, 4L, 5L);
        assertThat(committedOutputs(6)).as("each output exactly once")
                .containsExactlyInAnyOrder("out-0", "out-1", "out-2", "out-3", "out-4", "out-5");
        assertThat(committedOffsets(6)).containsExactly(Map.entry(0, 6L));
    }

    @Test
    void aProducerFencedByASecondInstanceOfItsTransactionalIdIsReportedAsFatalAndFencedBySameId() throws Exception {
        send(in, 3);
        List<ConsumerRecord<byte[], byte[]>> polled = poll(3);
        for (ConsumerRecord<byte[], byte[]> r : polled) tx.add(r, output(r), r.offset());
        Map<String, Object> successorConfig = new HashMap<>(ClientConfigs.producer(config));
        successorConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "successor");
        try (KafkaProducer<byte[], byte[]> successor = new KafkaProducer<>(successorConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            successor.initTransactions(); // the slot restarted elsewhere: the open transaction is aborted
        }

        // as BatchProcessor does: a failed commit is aborted; the first fatal error stops the worker
        KafkaException fatal = null;
        try {
            tx.commit();
            fail("the fenced producer's commit succeeded");
        } catch (KafkaException commitError) {
            if (FatalErrors.isFatal(commitError)) {
                fatal = commitError;
                tx.discard();
            } else {
                try {
                    tx.abort(polled);
                    fail("the fenced producer's abort after " + commitError + " succeeded");
                } catch (KafkaException abortError) {
                    fatal = abortError;
                }
            }
        }
        assertThat(FatalErrors.isFatal(fatal)).as("fatal: %s", fatal).isTrue();
        assertThat(FatalErrors.isFencedBySameId(fatal)).as("fenced by the same id: %s", fatal).isTrue();
        assertThat(FatalErrors.reason("w", "cannot go on", fatal)).endsWith("(another worker runs with the same worker id w)");
        assertThat(tx.isOpen()).isFalse();
        assertThatThrownBy(() -> tx.add(polled.get(0), output(polled.get(0)), 0L))
                .as("the fenced producer cannot begin again").isInstanceOf(KafkaException.class);
        assertThat(KafkaTestBroker.readAll(broker.bootstrapServers(), out, "read_committed")).isEmpty();
        assertThat(committedOffsets(0)).isEmpty();
    }

    private void send(String topic, int n) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) p.send(new ProducerRecord<>(topic, 0, null, ("in-" + i).getBytes(StandardCharsets.UTF_8)));
            p.flush();
        }
    }

    /** Subscribes (once) and polls until {@code n} records came. */
    private List<ConsumerRecord<byte[], byte[]>> poll(int n) {
        if (consumer.subscription().isEmpty()) consumer.subscribe(List.of(in));
        List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        Poll.until(TIMEOUT, n + " records of " + in, () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(got::add);
            return got.size() >= n;
        });
        assertThat(got).hasSize(n);
        return got;
    }

    private ProducerRecord<byte[], byte[]> output(ConsumerRecord<byte[], byte[]> r) {
        return new ProducerRecord<>(out, ("k" + r.offset()).getBytes(StandardCharsets.UTF_8),
                ("out-" + r.offset()).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> values(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    /**
     * The committed outputs, read until there are at least {@code atLeast} (commitTransaction returns before the
     * markers are written: a read at once can stop short of them); more would be a duplicate, which the callers' exact
     * assertions catch.
     */
    private List<String> committedOutputs(int atLeast) {
        return Poll.value(TIMEOUT, atLeast + " committed outputs in " + out, () -> {
            List<String> v = values(KafkaTestBroker.readAll(broker.bootstrapServers(), out, "read_committed"));
            return v.size() >= atLeast ? v : null;
        });
    }

    /** The group's committed offsets on the input topic, once the one of partition 0 reaches {@code atLeast}. */
    private Map<Integer, Long> committedOffsets(long atLeast) {
        return Poll.value(TIMEOUT, "the committed offset " + atLeast + " of " + in, () -> {
            Map<Integer, Long> o = readCommittedOffsets();
            return o.getOrDefault(0, 0L) >= atLeast ? o : null;
        });
    }

    private Map<Integer, Long> readCommittedOffsets() throws Exception {
        Map<Integer, Long> offsets = new HashMap<>();
        try (Admin admin = Admin.create(broker.clientConfig())) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(config.groupId())
                    .partitionsToOffsetAndMetadata().get();
            m.forEach((tp, om) -> {
                if (tp.topic().equals(in) && om != null) offsets.put(tp.partition(), om.offset());
            });
        }
        return offsets;
    }
}
