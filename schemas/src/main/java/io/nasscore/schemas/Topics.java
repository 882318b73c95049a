package io.nasscore.schemas;

import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/**
 * The topic catalogues: {@link #DEFAULT} (no prefix: {@code nas.jobs}, {@code nas.scores}...) and
 * {@link #withPrefix} for several pipelines on one cluster. The constants below are the default catalogue's topics,
 * for code that does not take a catalogue from its configuration (the topology's unit tests, benchmarks).
 */
public final class Topics {

    /** The catalogue without a prefix: the names in pipeline.md. */
    public static final TopicCatalogue DEFAULT = TopicCatalogue.withPrefix("");

    /** {@link TopicCatalogue#jobs()} of the default catalogue. */
    public static final Topic<ScoringJob> JOBS = DEFAULT.jobs();
    /** {@link TopicCatalogue#scores()} of the default catalogue. */
    public static final Topic<ScoreRecord> SCORES = DEFAULT.scores();
    /** {@link TopicCatalogue#groundTruth()} of the default catalogue. */
    public static final Topic<GroundTruth> GROUND_TRUTH = DEFAULT.groundTruth();
    /** {@link TopicCatalogue#scoreQuality()} of the default catalogue. */
    public static final Topic<ScoreQuality> SCORE_QUALITY = DEFAULT.scoreQuality();
    /** {@link TopicCatalogue#jobsDlq()} of the default catalogue. */
    public static final Topic<byte[]> JOBS_DLQ = DEFAULT.jobsDlq();
    /** {@link TopicCatalogue#aggregatorDlq()} of the default catalogue. */
    public static final Topic<byte[]> AGGREGATOR_DLQ = DEFAULT.aggregatorDlq();

    private Topics() {}

    /** The catalogue whose names start with {@code prefix} ({@link TopicCatalogue#withPrefix}). */
    public static TopicCatalogue withPrefix(String prefix) { return TopicCatalogue.withPrefix(prefix); }

    /** Every topic of the default catalogue, in pipeline order. */
    public static List<Topic<?>> all() { return DEFAULT.all(); }

    /** A topic of the default catalogue by name, naming the valid ones when unknown. */
    public static Topic<?> byName(String name) { return DEFAULT.byName(name); }

    /**
     * The replication factor of nasscore's topics on a cluster of {@code brokers} brokers: 3, or every broker when
     * there are fewer. One home for it: the topics of {@link TopicCatalogue#createAll} and the aggregator's Kafka
     * Streams internal topics use the same.
     */
    public static short defaultReplicationFactor(int brokers) {
        return (short) Math.max(1, Math.min(3, brokers));
    }

    /** {@link TopicCatalogue#createAll(Admin, short)} of the default catalogue. */
    public static List<String> createAll(Admin admin, short replicationFactor) {
        return DEFAULT.createAll(admin, replicationFactor);
    }

    /** {@link TopicCatalogue#createAll(Admin, short, Duration)} of the default catalogue. */
    public static List<String> createAll(Admin admin, short replicationFactor, Duration timeout) {
        return DEFAULT.createAll(admin, replicationFactor, timeout);
    }
}
