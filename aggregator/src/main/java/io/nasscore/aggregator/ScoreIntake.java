package io.nasscore.aggregator;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.aggregator.DeadLetters.Intake;
import io.nasscore.schemas.BadRecordException;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * nas.scores (raw bytes) -> arch events keyed {@code dataset/archIndex}: decodes and validates a score record and
 * keeps what the tables need. Tombstones are ignored; a record the aggregator cannot use (undecodable or invalid) is
 * counted and forwarded as a dead letter ({@link DeadLetters}).
 */
final class ScoreIntake implements Processor<String, byte[], String, Intake> {
    private ProcessorContext<String, Intake> ctx;
    private Sensor skipped;
    private Sensor nan;
    private Sensor tombstones;

    @Override public void init(ProcessorContext<String, Intake> context) {
        ctx = context;
        skipped = AggregatorMetrics.counter(context, AggregatorMetrics.SKIPPED_SCORES);
        nan = AggregatorMetrics.counter(context, AggregatorMetrics.NAN_SCORES);
        tombstones = AggregatorMetrics.counter(context, AggregatorMetrics.SCORE_TOMBSTONES);
    }

    @Override public void process(Record<String, byte[]> r) {
        if (r.value() == null) {
            tombstones.record();
            return;
        }
        ScoreRecord v;
        try {
            v = Topics.SCORES.valueSerde().deserializer().deserialize(Topics.SCORES.name(), r.value());
        } catch (RuntimeException e) {
            skipped.record();
            ctx.forward(DeadLetters.of(ctx, r, DeadLetters.decodeReason(e), "deserialize", e));
            return;
        }
        Point p;
        try {
            p = toPoint(v);
        } catch (RuntimeException e) {
            skipped.record();
            ctx.forward(DeadLetters.of(ctx, r, BadRecordException.Reason.INVALID_CONTENT.code(), "validate", e));
            return;
        }
        if (excludesAValue(p)) nan.record();
        ctx.forward(r.withKey(Keys.groundTruth(p.dataset(), p.archIndex())).withValue(Intake.of(ArchEvent.of(p))));
    }

    @Override public void close() {
        ctx.metrics().removeSensor(skipped);
        ctx.metrics().removeSensor(nan);
        ctx.metrics().removeSensor(tombstones);
    }

    /**
     * Whether a value of the point will be left out of its score's metrics: a non-finite value, except a proxy's −∞
     * (its legal value, ranked below every finite one: baselines.md §1).
     */
    static boolean excludesAValue(Point p) {
        for (ScoreName s : ScoreName.values()) {
            if (!p.has(s)) continue;
            double v = p.score(s);
            if (!Double.isFinite(v) && (s.paper() || v != Double.NEGATIVE_INFINITY)) return true;
        }
        return false;
    }

    /** The point of a score record (accuracy unknown, no sequence yet); IllegalArgumentException naming what is wrong. */
    static Point toPoint(ScoreRecord v) {
        String experiment = v.getExperiment();
        if (experiment == null || experiment.isEmpty() || experiment.contains(Keys.SEPARATOR)) {
            throw new IllegalArgumentException("experiment '" + experiment + "' must be non-empty without '/'");
        }
        if (v.getConfig() == null || v.getConfig().getDataset() == null || v.getConfig().getDataset().isEmpty()) {
            throw new IllegalArgumentException("no dataset in the configuration");
        }
        String dataset = Dataset.of(v.getConfig().getDataset()).id();
        SearchSpace.checkIndex(v.getArchIndex());
        double[] scores = new double[Point.SCORES];
        Arrays.fill(scores, Double.NaN);
        int present = 0;
        for (Map.Entry<ScoreName, Double> e : Convert.scores(v).entrySet()) {
            present |= 1 << e.getKey().ordinal();
            scores[e.getKey().ordinal()] = e.getValue();
        }
        if (present == 0) throw new IllegalArgumentException("no score in the record");
        List<Integer> runs = v.getRunIds();
        int[] runIds = runs == null ? new int[0] : runs.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
        String configHash = v.getConfigHash() == null ? "" : v.getConfigHash();
        String scoreKey = v.getScoreKey() == null ? "" : v.getScoreKey();
        long scoredAt = v.getScoredAt() == null ? 0L : v.getScoredAt().toEpochMilli();
        return new Point(experiment, dataset, v.getArchIndex(), scoreKey, configHash, scores, present, Double.NaN,
                v.getTotalMillis(), scoredAt, -1L, runIds);
    }
}
