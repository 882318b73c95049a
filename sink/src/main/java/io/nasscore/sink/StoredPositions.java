package io.nasscore.sink;

import static io.nasscore.sink.SinkSql.rootMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's positions, kept in PostgreSQL ({@code sink_offsets}, written in the same transaction as the rows): the
 * database, not the consumer's memory, says where each partition resumes. On every assignment, and after every
 * failed transaction, each partition is sought to its stored next offset (the beginning when none); a partition
 * whose position cannot be read stays paused ("unpositioned") until it can.
 */
final class StoredPositions implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(StoredPositions.class);

    private final DataSource ds;
    private final SinkConfig config;
    private final SinkCounters counters;
    private final DatabaseWait databaseWait;
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private Consumer<String, byte[]> consumer;

    StoredPositions(DataSource ds, SinkConfig config, SinkCounters counters, DatabaseWait databaseWait) {
        this.ds = ds;
        this.config = config;
        this.counters = counters;
        this.databaseWait = databaseWait;
    }

    /** The consumer this listener positions (set once, before its first poll). */
    void attach(Consumer<String, byte[]> c) { this.consumer = c; }

    @Override public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) position(partitions);
    }

    @Override public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        unpositioned.removeAll(partitions); // every poll's rows are committed before the next poll: nothing pending
    }

    @Override public void onPartitionsLost(Collection<TopicPartition> partitions) {
        unpositioned.removeAll(partitions);
    }

    /** Whether {@code tp} waits for its stored position (its records of this poll must not be written). */
    boolean unpositioned(TopicPartition tp) { return unpositioned.contains(tp); }

    /**
     * Positions what is waiting; true when every partition is positioned. Otherwise the consumer stays in its group
     * ({@link #keepMembership}) and the caller waits {@code backoff} before trying again.
     */
    boolean ready(Duration backoff) {
        if (unpositioned.isEmpty()) return true;
        position(new ArrayList<>(unpositioned));
        if (unpositioned.isEmpty()) return true;
        keepMembership();
        SinkSql.sleep(backoff);
        return false;
    }

    /**
     * After a failed transaction: a commit acknowledged before a crash may be gone, one whose answer was lost may have
     * happened; only sink_offsets knows. Every assigned partition pauses until it is positioned again.
     */
    void forgetAll() {
        Set<TopicPartition> assigned = consumer.assignment();
        unpositioned.addAll(assigned);
        consumer.pause(assigned);
    }

    /**
     * While PostgreSQL is away every assigned partition is paused, so a poll returns nothing, but it keeps the sink in
     * its group past {@code max.poll.interval.ms}. Records fetched for a partition assigned (and positioned) during
     * that poll are not lost: their partition goes back to their first offset.
     */
    private void keepMembership() {
        ConsumerRecords<String, byte[]> polled;
        try {
            polled = consumer.poll(Duration.ZERO);
        } catch (WakeupException e) {
            return;
        }
        for (TopicPartition tp : polled.partitions()) consumer.seek(tp, polled.records(tp).get(0).offset());
    }

    /** Seeks each partition to its stored next offset (the beginning when none); pauses those it cannot read. */
    private void position(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored;
        try (Connection c = SinkSql.connection(ds, config.socketTimeout())) {
            stored = read(c, config.groupId(), partitions);
        } catch (SQLException | RuntimeException | AssertionError e) {
            log.debug("sink: cannot read the stored offsets of {} from PostgreSQL", partitions, e);
            counters.failing(rootMessage(e));
            databaseWait.failed("cannot read the stored offsets: " + rootMessage(e));
            unpositioned.addAll(partitions);
            consumer.pause(partitions);
            return;
        }
        databaseWait.succeeded();
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long o = stored.get(tp);
            if (o == null) fromStart.add(tp);
            else consumer.seek(tp, o);
        }
        if (!fromStart.isEmpty()) consumer.seekToBeginning(fromStart);
        counters.working();
        unpositioned.removeAll(partitions);
        consumer.resume(partitions);
        log.info("sink {}: positioned {} partition(s) from PostgreSQL ({} with a stored offset)", config.groupId(),
                partitions.size(), stored.size());
    }

    /** The stored next offsets of {@code group} among {@code partitions}. */
    static Map<TopicPartition, Long> read(Connection c, String group, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT topic, partition, next_offset FROM sink_offsets WHERE consumer_group = ?")) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TopicPartition tp = new TopicPartition(rs.getString(1), rs.getInt(2));
                    if (partitions.contains(tp)) out.put(tp, rs.getLong(3));
                }
            }
        }
        return out;
    }

    /** The stored next offsets of {@code group} in {@code topic}, by partition (what the job publisher's lookup reads). */
    static Map<Integer, Long> ofTopic(Connection c, String group, String topic) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT partition, next_offset FROM sink_offsets WHERE consumer_group = ? AND topic = ?")) {
            ps.setString(1, group);
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** Stores {@code next} as {@code group}'s positions, inside the caller's transaction. */
    static void store(Connection c, String group, Map<TopicPartition, Long> next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sink_offsets (consumer_group, topic, partition, next_offset) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (consumer_group, topic, partition) "
                + "DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()")) {
            for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                ps.setString(1, group);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
