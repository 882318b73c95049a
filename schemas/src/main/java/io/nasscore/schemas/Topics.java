package io.nasscore.schemas;

import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one catalogue of the pipeline's topics (pipeline.md "Topics"): name, key serde (plain String), value
 * serde, cleanup policy and the default configuration to create each one. Components take their topic,
 * serdes and keys from here and nowhere else.
 */
public final class Topics {

    /** Scoring jobs, key = job id ({@link Keys#jobId}); producer -> scorer workers. 6 partitions = up to 6 workers. */
    public static final Topic<ScoringJob> JOBS = new Topic<>("nas.jobs", Serdes.String(), AvroSerde.scoringJob(),
            TopicConfig.CLEANUP_POLICY_DELETE, 6,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, days(7)),
            "scoring jobs (ScoringJob), key job id; written by the producer, read by the scorer workers");

    /**
     * Score records, key = {@link Keys#score}; compacted (a re-scoring replaces the value under the same key)
     * and deleted after 90 days (PostgreSQL keeps them for good).
     */
    public static final Topic<ScoreRecord> SCORES = new Topic<>("nas.scores", Serdes.String(), AvroSerde.scoreRecord(),
            TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE, 6,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, days(90)),
            "score records (ScoreRecord), key configHash/dataset/archIndex/seed; written by the scorer workers");

    /** Ground-truth accuracies, key = {@link Keys#groundTruth}; compacted, kept for ever. */
    public static final Topic<GroundTruth> GROUND_TRUTH = new Topic<>("nas.ground-truth", Serdes.String(),
            AvroSerde.groundTruth(), TopicConfig.CLEANUP_POLICY_COMPACT, 6,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
            "trained accuracies (GroundTruth), key dataset/archIndex; written by the producer or a training team");

    /** Score-quality tables, key = {@link Keys#quality}; compacted: the latest metrics per key. */
    public static final Topic<ScoreQuality> SCORE_QUALITY = new Topic<>("nas.score-quality", Serdes.String(),
            AvroSerde.scoreQuality(), TopicConfig.CLEANUP_POLICY_COMPACT, 6,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
            "score-quality metrics (ScoreQuality), key experiment/dataset/score/subset/window; written by the aggregator");

    /**
     * Dead letters of nas.jobs: the original bytes untouched, key = the original key (job id), the error in
     * {@link DlqHeaders}. One partition (total order for operators), kept 30 days.
     */
    public static final Topic<byte[]> JOBS_DLQ = new Topic<>("nas.jobs.dlq", Serdes.String(), Serdes.ByteArray(),
            TopicConfig.CLEANUP_POLICY_DELETE, 1,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, days(30)),
            "dead letters of nas.jobs: original bytes, error in nas.error.* headers; read by operators");

    /**
     * Dead letters of nas.scores and nas.ground-truth as the aggregator reads them: the original bytes untouched,
     * key = the original key, the error and the source topic in {@link DlqHeaders}. Written in the aggregator's
     * Kafka Streams transaction, so once per bad record. One partition, kept 30 days.
     */
    public static final Topic<byte[]> AGGREGATOR_DLQ = new Topic<>("nas.aggregator.dlq", Serdes.String(),
            Serdes.ByteArray(), TopicConfig.CLEANUP_POLICY_DELETE, 1,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, days(30)),
            "dead letters of nas.scores and nas.ground-truth (aggregator): original bytes, error in nas.error.* headers");

    private static final List<Topic<?>> ALL = List.of(JOBS, SCORES, GROUND_TRUTH, SCORE_QUALITY, JOBS_DLQ, AGGREGATOR_DLQ);

    private Topics() {}

    /** Every topic, in pipeline order. */
    public static List<Topic<?>> all() { return ALL; }

    /** A topic by name, naming the valid ones when unknown. */
    public static Topic<?> byName(String name) {
        for (Topic<?> t : ALL) if (t.name().equals(name)) return t;
        throw new IllegalArgumentException("unknown topic '" + name + "': expected one of "
                + ALL.stream().map(Topic::name).toList());
    }

    /**
     * The replication factor of nasscore's topics on a cluster of {@code brokers} brokers: 3, or every broker when
     * there are fewer. One home for it: the topics of {@link #createAll} and the aggregator's Kafka Streams internal
     * topics use the same.
     */
    public static short defaultReplicationFactor(int brokers) {
        return (short) Math.max(1, Math.min(3, brokers));
    }

    /** {@link #createAll(Admin, short, Duration)} with a 60 s timeout. */
    public static List<String> createAll(Admin admin, short replicationFactor) {
        return createAll(admin, replicationFactor, Duration.ofSeconds(60));
    }

    /**
     * Creates every topic with its default partitions and configs. Idempotent: topics that already exist are
     * left as they are (their configuration is not checked or changed). Returns the names actually created, once
     * every partition of them has a leader.
     */
    public static List<String> createAll(Admin admin, short replicationFactor, Duration timeout) {
        List<NewTopic> topics = ALL.stream().map(t -> t.newTopic(replicationFactor)).toList();
        CreateTopicsResult result = admin.createTopics(topics);
        List<String> created = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (NewTopic t : topics) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                result.values().get(t.name()).get(left, TimeUnit.NANOSECONDS);
                created.add(t.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new KafkaException("cannot create topic " + t.name() + " (replication factor "
                            + replicationFactor + "): " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new KafkaException("cannot create topic " + t.name() + ": no answer from the cluster within " + timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while creating topic " + t.name(), e);
            }
        }
        if (!created.isEmpty()) awaitLeaders(admin, created, deadline, timeout);
        return created;
    }

    /*
     * A topic is created before its partitions have leaders everywhere: an idempotent producer that writes to it at
     * once gets NOT_LEADER_OR_FOLLOWER, and on a loaded broker its retries could end in OUT_OF_ORDER_SEQUENCE_NUMBER
     * until the delivery timeout. So creation returns only when every partition has a leader.
     */
    private static void awaitLeaders(Admin admin, List<String> names, long deadline, Duration timeout) {
        try {
            while (System.nanoTime() < deadline) {
                try {
                    Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames()
                            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (d.values().stream().allMatch(t -> t.partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // not yet known to the broker that answered: ask again
                }
                Thread.sleep(20);
            }
        } catch (TimeoutException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for the leaders of " + names, e);
        }
        throw new KafkaException("topics " + names + " were created but have no leader for every partition within " + timeout);
    }

    private static String days(int d) { return Long.toString(Duration.ofDays(d).toMillis()); }
}
