package io.nasscore.testsupport;

import io.nasscore.stack.BrokerConfig;
import io.nasscore.stack.KafkaNode;
import io.nasscore.stack.KafkaProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real KRaft node (combined broker and controller) in the test's JVM, started the way {@code nasscore up} starts
 * its broker: the stack's {@link KafkaNode} from a {@code server.properties} in a temporary directory (deleted on
 * {@link #close()}), released metadata version and features, so tests exercise what users run. Several nodes
 * ({@link #start(int)}) run as the stack's {@link KafkaProcessCluster}, one process each, killed on close: nodes of
 * one quorum in one JVM can hang for minutes in their shutdown once the others are gone. It starts without topics:
 * the caller creates the ones it needs.
 *
 * <p>One broker per test class is the rule; tests keep apart by the names they use (a topic prefix,
 * {@code Topics.withPrefix}, and group ids of their own), not by a new broker.
 */
public final class KafkaTestBroker implements AutoCloseable {
    /*
     * Fewer partitions for the internal topics than the stack's 8: the first consumer group and the first
     * transactional producer of a test wait for their creation.
     */
    private static final Map<String, String> TEST_CONFIGS = Map.of(
            "offsets.topic.num.partitions", "4",
            "transaction.state.log.num.partitions", "4");

    /** How long a read_committed {@link #readAll} waits for the transactions on its topic to be decided. */
    public static final Duration DECIDE_WAIT = Duration.ofSeconds(10);

    private final Path dir;
    private final KafkaNode node;
    private final KafkaProcessCluster processes;
    private final String bootstrapServers;

    private KafkaTestBroker(Path dir, KafkaNode node, KafkaProcessCluster processes) {
        this.dir = dir;
        this.node = node;
        this.processes = processes;
        this.bootstrapServers = node != null ? node.bootstrapServers() : processes.bootstrapServers();
    }

    /** A started single node, serving clients. */
    public static KafkaTestBroker start() throws Exception {
        return start(1);
    }

    /**
     * {@link #start()} with {@code brokers} nodes (each a broker and a controller), for tests of replication: the
     * consumer-offsets and transaction-state topics get min(3, brokers) replicas.
     */
    public static KafkaTestBroker start(int brokers) throws Exception {
        if (brokers < 1) throw new IllegalArgumentException("brokers must be >= 1, got " + brokers);
        Path dir = Files.createTempDirectory("nasscore-test-kafka");
        try {
            return brokers == 1
                    ? new KafkaTestBroker(dir, KafkaNode.startSingle(dir, BrokerConfig.loopback(), 0, null, TEST_CONFIGS), null)
                    : new KafkaTestBroker(dir, null, KafkaProcessCluster.start(dir, brokers, TEST_CONFIGS));
        } catch (Exception | Error e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Client settings for this cluster: its bootstrap servers. */
    public Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    /** Every committed record of a topic, raw, from its beginning to its end at the time of the call. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return readAll(bootstrapServers, topic, "read_committed");
    }

    /**
     * Every record of a topic, raw, from its beginning to its end, as a reader with the given isolation level sees
     * them ({@code read_uncommitted} also returns the records of aborted transactions). A {@code read_committed}
     * read first waits (up to {@link #DECIDE_WAIT}) for every transaction on the topic to be decided
     * ({@link #awaitDecided}): the tests read what their producers, workers and commands committed, and a read
     * right after a commit would stop short of it. {@link #readAllNow} reads what is visible at once.
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic, String isolation) {
        if (isolation.equals("read_committed")) awaitDecided(bootstrapServers, topic, DECIDE_WAIT);
        return readAllNow(bootstrapServers, topic, isolation);
    }

    /** {@link #readAll} without the wait: for a test that reads while a transaction is open on purpose. */
    public static List<ConsumerRecord<String, byte[]>> readAllNow(String bootstrapServers, String topic, String isolation) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) throw new AssertionError("cannot read " + topic + " to its end");
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        } finally {
            consumer.close(Duration.ZERO); // no group: a graceful close would only wait for the fetch parked at the broker
        }
        return out;
    }

    /**
     * Waits until every transaction on {@code topic} is decided (its last stable offset is its end on every
     * partition), for at most {@code timeout}; false when one is still open then. A producer's commitTransaction
     * returns once the coordinator has logged the commit, before it writes the commit markers: a read_committed
     * read right after it stops at the last stable offset, short of that transaction's records.
     */
    public static boolean awaitDecided(String bootstrapServers, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartitionInfo p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            while (true) {
                var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
                var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
                if (latest.keySet().stream().allMatch(tp -> stable.get(tp).offset() == end.get(tp).offset())) return true;
                if (System.nanoTime() > deadline) return false;
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the transactions on " + topic, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("cannot list the offsets of " + topic + ": " + e.getCause(), e);
        }
    }

    @Override
    public void close() throws Exception {
        if (node != null) node.close();
        if (processes != null) processes.nodeIds().forEach(processes::kill); // a test's cluster needs no clean shutdown
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
