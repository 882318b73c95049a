package io.nasscore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.testsupport.KafkaTestBroker;
import io.nasscore.testsupport.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink while the real PostgreSQL server fails under it, with score records flowing: one broker and one PostgreSQL
 * per test class, the server running with {@code synchronous_commit=off} and the longest WAL writer delay, so that a
 * commit PostgreSQL acknowledged can vanish in a crash, the worst case for a sink that trusts its own memory over the
 * database. After each fault PostgreSQL holds exactly one row per unique job and {@code sink_offsets} is past the last
 * record of every partition of nas.scores. The faults are two classes ({@link SinkFaultTest}: killed and restarted;
 * {@link SinkStallTest}: stalled and resumed) so that the build runs them side by side.
 */
@SuppressWarnings("unchecked")
abstract class SinkFaultFixture {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);

    static SinkTestStack stack;
    static KafkaTestBroker kafka;
    static TestPostgres pg;
    static HikariDataSource ds;
    @TempDir static Path dir;
    static int txn;

    @BeforeAll
    static void start() throws Exception {
        // a commit PostgreSQL acknowledged can vanish in a crash (see the class comment)
        stack = SinkTestStack.start(dir.resolve("pg"), Map.of("synchronous_commit", "off", "wal_writer_delay", "10000ms"));
        kafka = stack.kafka();
        pg = stack.pg();
        ds = stack.ds();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) stack.close();
    }

    static SinkConfig sinkConfig(String group) {
        return SinkConfig.defaults().withGroupId(group).withTopics(List.of(Topics.SCORES.name())).withMaxPollRecords(25)
                .withPollTimeout(Duration.ofMillis(100)).withRetryBackoff(Duration.ofMillis(200)).withSocketTimeout(SOCKET_TIMEOUT);
    }

    /** The sink, running on its own thread until closed. */
    static final class SinkThread implements AutoCloseable {
        final PostgresSink sink;
        final Thread thread;

        SinkThread(SinkConfig config) {
            sink = new PostgresSink(kafka.clientConfig(), ds, config);
            thread = new Thread(sink::run, "test-sink");
            thread.start();
        }

        @Override public void close() throws InterruptedException {
            sink.stop();
            thread.join(WAIT.toMillis());
            sink.close();
        }
    }

    /** Publishes the score records of {@code jobs} in transactions of 20, one every 25 ms or so (records arriving). */
    static List<Integer> archs(int from, int n) {
        return java.util.stream.IntStream.range(from, from + n).boxed().toList();
    }

    static void publish(String experiment, List<Integer> jobs) {
        Map<String, Object> p = new HashMap<>(kafka.clientConfig());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sink-fault-" + experiment + "-" + (txn++));
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1); // KAFKA-15591: right after topic creation
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (int i = 0; i < jobs.size(); i += 20) {
                producer.beginTransaction();
                for (int arch : jobs.subList(i, Math.min(jobs.size(), i + 20))) {
                    ScoreRecord r = TestScores.record(experiment, arch);
                    producer.send(new ProducerRecord<>(Topics.SCORES.name(), r.getScoreKey(),
                            Topics.SCORES.valueSerde().serializer().serialize(Topics.SCORES.name(), r)));
                }
                producer.commitTransaction();
                Thread.sleep(25);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the sink's stored offset of every partition is past its last committed record (at most its end
     * offset: the last transaction's commit marker is passed only when a later poll sees it).
     */
    static void awaitCaughtUp(PostgresSink sink) throws InterruptedException {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : KafkaTestBroker.readAll(kafka.bootstrapServers(), Topics.SCORES.name(), "read_committed")) {
            last.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        Map<TopicPartition, Long> end = endOffsets();
        Map<TopicPartition, Long>[] stored = new Map[] {Map.of()};
        await("sink_offsets past the last record of every partition of nas.scores " + last, () -> {
            try {
                stored[0] = storedOffsets(sink.config().groupId());
            } catch (SQLException e) {
                return false; // the database is still coming back
            }
            return stored[0].keySet().equals(last.keySet())
                    && last.keySet().stream().allMatch(tp -> stored[0].get(tp) >= last.get(tp));
        });
        last.keySet().forEach(tp -> assertThat(stored[0].get(tp)).as("stored offset of %s", tp).isLessThanOrEqualTo(end.get(tp)));
    }

    /** The read_committed end offset of every non-empty partition of nas.scores. */
    static Map<TopicPartition, Long> endOffsets() {
        Map<String, Object> c = new HashMap<>(kafka.clientConfig());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.SCORES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(parts));
        }
    }

    static Map<TopicPartition, Long> storedOffsets(String group) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT topic, partition, next_offset FROM sink_offsets WHERE consumer_group = ?")) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return out;
    }

    static long count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }
}
