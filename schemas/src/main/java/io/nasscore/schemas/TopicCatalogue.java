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
 * The pipeline's topics (pipeline.md "Topics") under one name prefix: name, key serde (plain String), value serde,
 * cleanup policy and the default configuration to create each one. Components take their topics, serdes and keys
 * from the catalogue in their configuration and nowhere else.
 *
 * <p>The prefix lets several pipelines share one cluster (teams, environments, test cases): with prefix
 * {@code team-a.} the jobs topic is {@code team-a.nas.jobs}. It namespaces everything a pipeline names on the
 * cluster: its topics, and through {@link #qualify} its consumer groups, transactional ids and the Kafka Streams
 * application id (whose internal topics are named after it). The default catalogue ({@link Topics#DEFAULT}) has
 * no prefix.
 */
public final class TopicCatalogue {

    /** Kafka's legal topic characters; the longest prefix leaves room for the longest name and Streams' suffixes. */
    private static final String LEGAL = "[A-Za-z0-9._-]*";
    static final int MAX_PREFIX = 100;
    private static final TopicCatalogue NONE = new TopicCatalogue("");

    private final String prefix;
    private final Topic<ScoringJob> jobs;
    private final Topic<ScoreRecord> scores;
    private final Topic<GroundTruth> groundTruth;
    private final Topic<ScoreQuality> scoreQuality;
    private final Topic<byte[]> jobsDlq;
    private final Topic<byte[]> aggregatorDlq;
    private final List<Topic<?>> all;

    private TopicCatalogue(String prefix) {
        this.prefix = prefix;
        jobs = new Topic<>(prefix + "nas.jobs", Serdes.String(), AvroSerde.scoringJob(),
                TopicConfig.CLEANUP_POLICY_DELETE, 6,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, days(7)),
                "scoring jobs (ScoringJob), key job id; written by the producer, read by the scorer workers and the sink");
        scores = new Topic<>(prefix + "nas.scores", Serdes.String(), AvroSerde.scoreRecord(),
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE, 6,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, days(90)),
                "score records (ScoreRecord), key configHash/dataset/archIndex/seed; written by the scorer workers");
        groundTruth = new Topic<>(prefix + "nas.ground-truth", Serdes.String(),
                AvroSerde.groundTruth(), TopicConfig.CLEANUP_POLICY_COMPACT, 6,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                "trained accuracies (GroundTruth), key dataset/archIndex; written by the producer or a training team");
        scoreQuality = new Topic<>(prefix + "nas.score-quality", Serdes.String(),
                AvroSerde.scoreQuality(), TopicConfig.CLEANUP_POLICY_COMPACT, 6,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                "score-quality metrics (ScoreQuality), key experiment/dataset/score/subset/window; written by the aggregator");
        jobsDlq = new Topic<>(prefix + "nas.jobs.dlq", Serdes.String(), Serdes.ByteArray(),
                TopicConfig.CLEANUP_POLICY_DELETE, 1,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, days(30)),
                "dead letters of " + jobs.name() + ": original bytes, error in nas.error.* headers; read by operators and the sink");
        aggregatorDlq = new Topic<>(prefix + "nas.aggregator.dlq", Serdes.String(), Serdes.ByteArray(),
                TopicConfig.CLEANUP_POLICY_DELETE, 1,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, days(30)),
                "dead letters of " + scores.name() + " and " + groundTruth.name()
                        + " (aggregator): original bytes, error in nas.error.* headers");
        all = List.of(jobs, scores, groundTruth, scoreQuality, jobsDlq, aggregatorDlq);
    }

    /**
     * The catalogue whose topic names start with {@code prefix} ("" = the default names).
     *
     * @throws IllegalArgumentException naming the prefix when it holds a character Kafka does not allow in a topic
     *                                  name, or is longer than {@value #MAX_PREFIX} characters
     */
    public static TopicCatalogue withPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) return NONE;
        if (!prefix.matches(LEGAL)) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "': only letters, digits, '.', '_' and '-' are allowed");
        }
        if (prefix.length() > MAX_PREFIX) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "': at most " + MAX_PREFIX + " characters, got " + prefix.length());
        }
        return new TopicCatalogue(prefix);
    }

    /** The prefix of every name ("" for the default catalogue). */
    public String prefix() { return prefix; }

    /** {@code id} in this catalogue's namespace: a consumer group, transactional id or Streams application id. */
    public String qualify(String id) { return prefix + id; }

    /** Scoring jobs, key = job id ({@link Keys#jobId}); producer -> scorer workers. 6 partitions = up to 6 workers. */
    public Topic<ScoringJob> jobs() { return jobs; }

    /**
     * Score records, key = {@link Keys#score}; compacted (a re-scoring replaces the value under the same key)
     * and deleted after 90 days (PostgreSQL keeps them for good).
     */
    public Topic<ScoreRecord> scores() { return scores; }

    /** Ground-truth accuracies, key = {@link Keys#groundTruth}; compacted, kept for ever. */
    public Topic<GroundTruth> groundTruth() { return groundTruth; }

    /** Score-quality tables, key = {@link Keys#quality}; compacted: the latest metrics per key. */
    public Topic<ScoreQuality> scoreQuality() { return scoreQuality; }

    /**
     * Dead letters of the jobs topic: the original bytes untouched, key = the original key (job id), the error in
     * {@link DlqHeaders}. One partition (total order for operators), kept 30 days.
     */
    public Topic<byte[]> jobsDlq() { return jobsDlq; }

    /**
     * Dead letters of the scores and ground-truth topics as the aggregator reads them: the original bytes untouched,
     * key = the original key, the error and the source topic in {@link DlqHeaders}. Written in the aggregator's
     * Kafka Streams transaction, so once per bad record. One partition, kept 30 days.
     */
    public Topic<byte[]> aggregatorDlq() { return aggregatorDlq; }

    /** Every topic, in pipeline order. */
    public List<Topic<?>> all() { return all; }

    /** A topic by its full name (prefix included), naming the valid ones when unknown. */
    public Topic<?> byName(String name) {
        for (Topic<?> t : all) if (t.name().equals(name)) return t;
        throw new IllegalArgumentException("unknown topic '" + name + "': expected one of " + all.stream().map(Topic::name).toList());
    }

    /** The name in this catalogue of the topic named {@code name} in {@code other}: same topic, this prefix. */
    public String nameOf(String name, TopicCatalogue other) {
        return all.get(other.all.indexOf(other.byName(name))).name();
    }

    /** {@link #createAll(Admin, short, Duration)} with a 60 s timeout. */
    public List<String> createAll(Admin admin, short replicationFactor) {
        return createAll(admin, replicationFactor, Duration.ofSeconds(60));
    }

    /**
     * Creates every topic with its default partitions and configs. Idempotent: topics that already exist are
     * left as they are (their configuration is not checked or changed). Returns the names actually created, once
     * every partition of them has a leader.
     */
    public List<String> createAll(Admin admin, short replicationFactor, Duration timeout) {
        List<NewTopic> topics = all.stream().map(t -> t.newTopic(replicationFactor)).toList();
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

    @Override public String toString() { return prefix.isEmpty() ? "topics (no prefix)" : "topics prefixed " + prefix; }
}
