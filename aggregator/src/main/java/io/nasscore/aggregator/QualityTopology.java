package io.nasscore.aggregator;

import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.avro.ScoreQuality;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregator's Kafka Streams topology (pipeline.md "The aggregator's tables"). A pure function of its
 * configuration, shared by {@link Aggregator} and the tests.
 *
 * <pre>
 * nas.scores ──► score-intake ─┐         (decode, validate; tombstones ignored; bad records counted and ─► nas.aggregator.dlq)
 *                              ├─► arch-events-merge ─► [repartition arch-events, key dataset/archIndex]
 * nas.ground-truth ─► truth-intake ─┘     (the same)
 *   ─► truth-join {truth-by-arch, scores-by-arch}                   (either side first; emits points with accuracy)
 *   ─► [repartition table-points, key experiment/dataset]
 *   ─► quality-tables {table-points-store, table-sequence, table-dirty} (mark dirty; wall-clock punctuator recomputes)
 *   ─► quality-sink ─► nas.score-quality                             (key experiment/dataset/score/subset/window)
 * </pre>
 *
 * Processors use the Processor API v2 ({@code org.apache.kafka.streams.processor.api}); the DSL only wires the
 * sources, the two named repartition topics ({@code <applicationId>-arch-events-repartition},
 * {@code <applicationId>-table-points-repartition}) and the sink. Every source, processor, sink, store and internal
 * topic is named (and {@code ensure.explicit.internal.resource.naming} is on). Stores are persistent (RocksDB; in memory
 * when configured) and logged: one changelog record per point.
 */
public final class QualityTopology {

    public static final String SCORES_SOURCE = "scores-source";
    public static final String TRUTH_SOURCE = "truth-source";
    public static final String SCORE_INTAKE = "score-intake";
    public static final String TRUTH_INTAKE = "truth-intake";
    /** Prefix of the nodes that route the intakes' dead letters to nas.aggregator.dlq. */
    public static final String SCORE_DEAD_LETTERS = "scores";
    public static final String TRUTH_DEAD_LETTERS = "truth";
    public static final String MERGE = "arch-events-merge";
    /** Repartition by {@code dataset/archIndex} (internal topic {@code <appId>-arch-events-repartition}). */
    public static final String ARCH_EVENTS = "arch-events";
    public static final String JOIN = "truth-join";
    /** Repartition by {@code experiment/dataset} (internal topic {@code <appId>-table-points-repartition}). */
    public static final String TABLE_POINTS = "table-points";
    public static final String TABLES = "quality-tables";
    public static final String QUALITY_SINK = "quality-sink";

    /** dataset/archIndex -> accuracy. */
    public static final String TRUTH_STORE = "truth-by-arch";
    /** dataset/archIndex/experiment -> latest point (accuracy unknown). */
    public static final String SCORES_BY_ARCH_STORE = "scores-by-arch";
    /** experiment/dataset/archIndex(5 digits) -> point with accuracy and sequence. */
    public static final String POINTS_STORE = "table-points-store";
    /** experiment/dataset -> next arrival sequence. */
    public static final String SEQUENCE_STORE = "table-sequence";
    /** experiment/dataset -> time of the change that made it dirty. */
    public static final String DIRTY_STORE = "table-dirty";

    private QualityTopology() {}

    private static KeyValueBytesStoreSupplier store(AggregatorConfig config, String name) {
        return config.storeType() == Materialized.StoreType.IN_MEMORY
                ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    /** The topology for a configuration (window size, recompute interval). */
    public static Topology build(AggregatorConfig config) {
        Properties props = AggregatorConfig.streamsProperties("topology-build:9092", config.applicationId(),
                config.stateDir(), null);
        StreamsBuilder b = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));

        b.addStateStore(Stores.keyValueStoreBuilder(store(config, TRUTH_STORE),
                Serdes.String(), Serdes.Double()));
        b.addStateStore(Stores.keyValueStoreBuilder(store(config, SCORES_BY_ARCH_STORE),
                Serdes.String(), Point.SERDE));
        b.addStateStore(Stores.keyValueStoreBuilder(store(config, POINTS_STORE),
                Serdes.String(), Point.SERDE));
        b.addStateStore(Stores.keyValueStoreBuilder(store(config, SEQUENCE_STORE),
                Serdes.String(), Serdes.Long()));
        b.addStateStore(Stores.keyValueStoreBuilder(store(config, DIRTY_STORE),
                Serdes.String(), Serdes.Long()));

        TopicCatalogue topics = config.catalogue();
        // raw bytes: the intakes decode, so a record they cannot use keeps its bytes for the dead-letter topic
        KStream<String, byte[]> scores = b.stream(topics.scores().name(),
                Consumed.with(topics.scores().keySerde(), Serdes.ByteArray()).withName(SCORES_SOURCE));
        KStream<String, byte[]> truth = b.stream(topics.groundTruth().name(),
                Consumed.with(topics.groundTruth().keySerde(), Serdes.ByteArray()).withName(TRUTH_SOURCE));

        KStream<String, ArchEvent> scoreEvents = DeadLetters.route(
                scores.process(ScoreIntake::new, Named.as(SCORE_INTAKE)), SCORE_DEAD_LETTERS, topics.aggregatorDlq());
        KStream<String, ArchEvent> truthEvents = DeadLetters.route(
                truth.process(TruthIntake::new, Named.as(TRUTH_INTAKE)), TRUTH_DEAD_LETTERS, topics.aggregatorDlq());

        KStream<String, Point> joined = scoreEvents.merge(truthEvents, Named.as(MERGE))
                .repartition(Repartitioned.<String, ArchEvent>as(ARCH_EVENTS)
                        .withKeySerde(Serdes.String()).withValueSerde(ArchEvent.SERDE))
                .process(TruthJoin::new, Named.as(JOIN), TRUTH_STORE, SCORES_BY_ARCH_STORE);

        joined.repartition(Repartitioned.<String, Point>as(TABLE_POINTS)
                        .withKeySerde(Serdes.String()).withValueSerde(Point.SERDE))
                .process(() -> new QualityTables(config), Named.as(TABLES), POINTS_STORE, SEQUENCE_STORE, DIRTY_STORE)
                .to(topics.scoreQuality().name(), Produced.with(topics.scoreQuality().keySerde(),
                        topics.scoreQuality().valueSerde()).withName(QUALITY_SINK));
        return b.build();
    }
}
