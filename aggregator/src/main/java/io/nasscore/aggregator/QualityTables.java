package io.nasscore.aggregator;

import io.nasscore.schemas.Keys;
import io.nasscore.schemas.avro.ScoreQuality;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The score-quality tables, partitioned by {@code experiment/dataset}. A point is one store entry
 * ({@link QualityTopology#POINTS_STORE}, key {@code experiment/dataset/<archIndex, 5 digits>}): a score record
 * scored twice replaces its point, never adds one. A change marks its table dirty
 * ({@link QualityTopology#DIRTY_STORE}); a wall-clock punctuator recomputes every dirty table from a prefix scan
 * of its points (O(n log n) per score, {@link QualityCalculator}) and emits its {@link ScoreQuality} records.
 * Nothing is emitted between punctuations. {@link RecomputePacing} spaces the passes: a pass starts no sooner than
 * {@value RecomputePacing#BACKOFF} times the previous pass's CPU time after the previous one started, so recomputes
 * take about a fifth of the stream thread, and no later than {@value RecomputePacing#MAX_WAIT_MS} ms after it, so
 * tables stay fresh on a loaded machine, unless the pass's wall time is longer: the records keep at least half of
 * the thread (dirty tables wait, still dirty). Sequences ({@link QualityTopology#SEQUENCE_STORE}) number the points
 * of a table in arrival order for the {@code last-<W>} window; a redelivered or re-joined scoring keeps its number.
 */
final class QualityTables implements Processor<String, Point, String, ScoreQuality> {
    private static final Logger log = LoggerFactory.getLogger(QualityTables.class);
    private static final StringSerializer KEYS = new StringSerializer();

    private final int windowSize;
    private final RecomputePacing pacing = new RecomputePacing();
    private final Duration interval;
    private ProcessorContext<String, ScoreQuality> ctx;
    private KeyValueStore<String, Point> points;
    private KeyValueStore<String, Long> sequences;
    private KeyValueStore<String, Long> dirty;
    private Cancellable punctuator;
    private Sensor updates;
    private Sensor recompute;
    private Sensor failures;
    private Sensor emitted;

    QualityTables(AggregatorConfig config) {
        this.windowSize = config.windowSize();
        this.interval = config.recomputeInterval();
    }

    @Override public void init(ProcessorContext<String, ScoreQuality> context) {
        ctx = context;
        points = context.getStateStore(QualityTopology.POINTS_STORE);
        sequences = context.getStateStore(QualityTopology.SEQUENCE_STORE);
        dirty = context.getStateStore(QualityTopology.DIRTY_STORE);
        updates = AggregatorMetrics.counter(context, AggregatorMetrics.POINTS);
        recompute = AggregatorMetrics.latency(context, AggregatorMetrics.RECOMPUTE);
        failures = AggregatorMetrics.counter(context, AggregatorMetrics.RECOMPUTE_FAILURES);
        emitted = AggregatorMetrics.counter(context, AggregatorMetrics.QUALITY_RECORDS);
        punctuator = context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::recomputeDirty);
    }

    static String pointKey(String table, int archIndex) {
        return table + Keys.SEPARATOR + String.format("%05d", archIndex);
    }

    @Override public void process(Record<String, Point> r) {
        String table = r.key();
        Point p = r.value();
        if (table == null || p == null) return;
        String k = pointKey(table, p.archIndex());
        Point old = points.get(k);
        if (!p.hasAccuracy()) { // the ground truth was retracted
            if (old == null) return;
            points.delete(k);
        } else {
            if (old != null && p.sameContent(old)) return;
            long seq;
            if (p.sameScoring(old)) {
                seq = old.seq();
            } else {
                Long next = sequences.get(table);
                seq = next == null ? 0L : next;
                sequences.put(table, seq + 1);
            }
            points.put(k, p.withSeq(seq));
        }
        updates.record();
        dirty.put(table, r.timestamp());
    }

    /** The punctuator: recompute every dirty table, emit its records, clear its mark. */
    void recomputeDirty(long now) {
        if (!pacing.mayStart(now)) return; // the previous pass was long: the dirty tables wait
        pacing.started();
        List<String> tables = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = dirty.all()) {
            while (it.hasNext()) tables.add(it.next().key);
        }
        for (String table : tables) {
            long start = System.nanoTime();
            // the experiment of the lines logged meanwhile (`aggregate --log-format json` writes it on each line)
            MDC.put("experiment", table.substring(0, Math.max(0, table.indexOf(Keys.SEPARATOR))));
            try {
                List<ScoreQuality> out = recompute(table, now);
                for (ScoreQuality q : out) {
                    ctx.forward(new Record<>(Keys.quality(q.getExperiment(), q.getDataset(), q.getScore(), q.getSubset(),
                            q.getWindow()), q, now));
                    emitted.record();
                }
                recompute.record((System.nanoTime() - start) / 1e6);
            } catch (RuntimeException e) {
                failures.record();
                log.error("aggregator: cannot recompute the score-quality table {}: {}", table, e.toString(), e);
            } finally {
                MDC.remove("experiment");
            }
            dirty.delete(table);
        }
        if (!tables.isEmpty()) pacing.finished(now);
    }

    private List<ScoreQuality> recompute(String table, long now) {
        int slash = table.indexOf(Keys.SEPARATOR);
        String experiment = table.substring(0, slash);
        String dataset = table.substring(slash + 1);
        List<Point> pts = new ArrayList<>();
        try (KeyValueIterator<String, Point> it = points.prefixScan(table + Keys.SEPARATOR, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, Point> kv = it.next();
                pts.add(kv.value);
            }
        }
        return QualityCalculator.compute(experiment, dataset, pts, windowSize, now);
    }

    @Override public void close() {
        if (punctuator != null) punctuator.cancel();
        ctx.metrics().removeSensor(updates);
        ctx.metrics().removeSensor(recompute);
        ctx.metrics().removeSensor(failures);
        ctx.metrics().removeSensor(emitted);
    }
}
