package io.nasscore.producer;

import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the scoring jobs of an experiment to {@code nas.jobs} with an idempotent producer (acks=all): one
 * {@link ScoringJob} per architecture, key = {@link Keys#jobId} (config hash + arch index: a resubmission of the
 * same architecture under the same configuration gets the same id, whatever the experiment).
 *
 * <p><b>Already-scored architectures are not scored again.</b> Before publishing, the publisher finds the latest
 * committed record of each submitted score key ({@link Keys#score}: config hash, dataset, index, seed) on the
 * compacted {@code nas.scores} topic. With a {@link PersistedScores} store (the PostgreSQL sink's tables) it looks up
 * exactly those keys there, then reads only the topic's tail after the store's offsets ({@link ExistingScores}):
 * O(jobs submitted + sink lag). Without one, or when the store cannot be read, it reads the whole topic from the
 * beginning ({@code read_committed}), which grows with every score ever published. Both give the same records.
 * A record counts as already scored only if it holds EVERY requested score (a record of {@code --scores JS} does
 * not answer a submission of all twelve: that architecture gets a job, and its new record replaces the old one
 * under the same key). For an architecture already scored, no job is published; instead its EXISTING
 * {@link ScoreRecord} is re-published to {@code nas.scores} under the same key, with this experiment's name and
 * run ids (scores, times, device and {@code scoredAt} unchanged), so the new experiment gets its points in the
 * downstream tables without a new scoring. Because the key is the same, the
 * compacted topic then holds the latest experiment's copy; consumers that keep per-experiment state (the
 * aggregator, the sink) have already seen the earlier copy. {@code rescore = true} skips the check and publishes
 * every job (with the job's {@code rescore} flag set, so that workers do not reuse a cached result either). An
 * existing record that lacks some of the requested scores (e.g. the proxies asked of an architecture scored with
 * the twelve) is not reused: its job asks for the union of its scores and the requested ones, since the new
 * record replaces it under the same key.
 *
 * <p>A job that is published but not yet scored is not visible on {@code nas.scores}: submitting it again
 * publishes it again (same key, same partition; scoring it twice yields the same score key).
 */
public final class JobPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

    /** How long reading nas.scores to its end may go without receiving a record. */
    public static final Duration READ_TIMEOUT = Duration.ofMinutes(1);

    private final Map<String, Object> kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;
    private final PersistedScores persisted;
    private final TopicCatalogue topics;

    /** A publisher on a Kafka client config (bootstrap servers plus any security settings). */
    public JobPublisher(Map<String, Object> kafkaConfig) {
        this(kafkaConfig, Clock.systemUTC());
    }

    public JobPublisher(Map<String, Object> kafkaConfig, Clock clock) {
        this(kafkaConfig, null, clock);
    }

    /**
     * A publisher that looks up already-scored architectures in {@code persisted} (null: read the whole
     * nas.scores topic).
     */
    public JobPublisher(Map<String, Object> kafkaConfig, PersistedScores persisted) {
        this(kafkaConfig, persisted, Clock.systemUTC());
    }

    public JobPublisher(Map<String, Object> kafkaConfig, PersistedScores persisted, Clock clock) {
        this(kafkaConfig, persisted, clock, Topics.DEFAULT);
    }

    /** A publisher to the jobs and scores topics of {@code topics}. */
    public JobPublisher(Map<String, Object> kafkaConfig, PersistedScores persisted, TopicCatalogue topics) {
        this(kafkaConfig, persisted, Clock.systemUTC(), topics);
    }

    public JobPublisher(Map<String, Object> kafkaConfig, PersistedScores persisted, Clock clock, TopicCatalogue topics) {
        this.topics = topics;
        this.kafka = Map.copyOf(kafkaConfig);
        this.persisted = persisted;
        this.clock = clock;
        this.producer = new KafkaProducer<>(producerConfig(kafkaConfig, "nasscore-job-publisher"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Idempotent producer settings shared by the publishers. */
    static Map<String, Object> producerConfig(Map<String, Object> kafka, String clientId) {
        Map<String, Object> c = new HashMap<>(kafka);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight, whatever the client config says: KAFKA-15591. Right after a topic is created (a
        // fresh cluster, `submit` or `truth load` just after `up`) the first request can get NOT_LEADER while a
        // pipelined second one is accepted; the broker then refuses every retry of the first with
        // OUT_OF_ORDER_SEQUENCE_NUMBER until the batch expires (120 s) and the publish fails. With one request in
        // flight there is no second request to overtake the first. The cost is small: records still share batches
        // (256 KB) and one request carries every partition a broker leads.
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        c.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        c.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return c;
    }

    /**
     * The default experiment name: the set's label, the dataset and the first 8 digits of the config hash, e.g.
     * {@code sample1000x10-seed0-cifar10-3fa2b1c4}, so that two submissions with different configurations never
     * share an experiment (their scores are not comparable).
     */
    public static String defaultExperiment(JobSet set, ScoreConfig config) {
        return set.label() + "-" + config.dataset().id() + "-" + config.hash().substring(0, 8);
    }

    /**
     * Publishes the jobs of {@code set} (or re-publishes the existing scores, see the class comment) and waits
     * until the broker has acknowledged every record.
     *
     * @throws IllegalArgumentException for an invalid experiment name (empty, or containing '/')
     * @throws KafkaException when a record cannot be published or nas.scores cannot be read
     */
    public Submission submit(JobSet set, ScoreConfig config, Set<ScoreName> scores, String experiment, boolean rescore) {
        long t0 = System.nanoTime();
        if (experiment == null || experiment.isBlank()) throw new IllegalArgumentException("experiment name is empty");
        if (experiment.contains(Keys.SEPARATOR)) {
            throw new IllegalArgumentException("experiment name '" + experiment + "' must not contain '/'");
        }
        Instant now = clock.instant();
        Map<String, ScoreRecord> existing = Map.of();
        if (!rescore) {
            Set<String> wanted = new HashSet<>();
            for (int index : set.indices()) wanted.add(Keys.score(config, index));
            existing = existing(wanted);
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        int published = 0;
        int republished = 0;
        for (Map.Entry<Integer, List<Integer>> e : set.runIdsByIndex().entrySet()) {
            int index = e.getKey();
            List<Integer> runIds = e.getValue();
            ScoreRecord old = existing.get(Keys.score(config, index));
            Set<ScoreName> asked = scores;
            if (old != null && !Convert.scores(old).keySet().containsAll(scores)) {
                // scored before without some of the requested scores (e.g. the proxies): the new record replaces the
                // old one under the same key, so it asks for both sets (a seed gives the same values again)
                asked = java.util.EnumSet.copyOf(scores);
                asked.addAll(Convert.scores(old).keySet());
                old = null;
            }
            ProducerRecord<String, byte[]> rec;
            if (old != null && Convert.holdsEvery(old, scores)) {
                ScoreRecord again = ScoreRecord.newBuilder(old)
                        .setExperiment(experiment)
                        .setRunIds(runIds)
                        .setJobId(Keys.jobId(config, index))
                        .build();
                rec = new ProducerRecord<>(topics.scores().name(), again.getScoreKey(),
                        topics.scores().valueSerde().serializer().serialize(topics.scores().name(), again));
                republished++;
            } else {
                ScoringJob job = Convert.scoringJob(new ScoreRequest(SearchSpace.arch(index), config, asked),
                        experiment, rescore, now, runIds);
                rec = new ProducerRecord<>(topics.jobs().name(), job.getJobId(),
                        topics.jobs().valueSerde().serializer().serialize(topics.jobs().name(), job));
                published++;
            }
            if (failure.get() != null) break;
            producer.send(rec, (md, ex) -> {
                if (ex != null) failure.compareAndSet(null, ex);
            });
        }
        producer.flush();
        Exception ex = failure.get();
        if (ex != null) {
            throw new KafkaException("cannot publish the jobs of experiment " + experiment + ": " + ex.getMessage(), ex);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        log.info("experiment {}: {} job(s) published to {}, {} already scored re-published to {} ({} ms)", experiment,
                published, topics.jobs().name(), republished, topics.scores().name(), took.toMillis());
        return new Submission(experiment, config.hash(), set.size(), published, republished, set.badLines(), took);
    }

    /**
     * The latest committed record of each wanted key: from the store plus the topic's tail after the store's
     * offsets, or from the whole topic when there is no store or it cannot be read.
     */
    Map<String, ScoreRecord> existing(Set<String> wanted) {
        if (persisted != null) {
            PersistedScores.Snapshot snap;
            try {
                snap = persisted.find(wanted);
            } catch (RuntimeException e) {
                log.warn("cannot look up the already-scored architectures in {} ({}); reading the whole of {} instead",
                        persisted, String.valueOf(e.getMessage()).lines().findFirst().orElse(""), topics.scores().name());
                return ExistingScores.read(kafka, topics.scores(), wanted::contains, Map.of(), Map.of(), READ_TIMEOUT);
            }
            return ExistingScores.read(kafka, topics.scores(), wanted::contains, snap.nextOffsets(), snap.records(), READ_TIMEOUT);
        }
        return ExistingScores.read(kafka, topics.scores(), wanted::contains, Map.of(), Map.of(), READ_TIMEOUT);
    }


    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
