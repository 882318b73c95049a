package io.nasscore.aggregator;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * The aggregator's own counters, registered as Kafka Streams custom metrics (group
 * {@value #GROUP}, one entity per task): each operation has {@code <op>-total} and {@code <op>-rate};
 * {@link #RECOMPUTE} also has {@code -latency-avg} and {@code -latency-max} (ms). Read them with
 * {@link #total(Map, String)} over {@code KafkaStreams.metrics()} (or {@code TopologyTestDriver.metrics()}).
 * Undecodable input records are dead-lettered and counted with the invalid ones ({@link #SKIPPED_SCORES},
 * {@link #SKIPPED_TRUTH}).
 */
public final class AggregatorMetrics {
    public static final String SCOPE = "nasscore-aggregator";
    public static final String GROUP = "stream-" + SCOPE + "-metrics";

    /** Score records dead-lettered: undecodable, no experiment, unknown dataset, arch index out of range, no score at all. */
    public static final String SKIPPED_SCORES = "skipped-score-records";
    /** Score records with a value the metrics exclude and count (kept): any NaN or infinite value but a proxy's −∞ (ranked). */
    public static final String NAN_SCORES = "nan-score-records";
    /** Tombstones on nas.scores (ignored). */
    public static final String SCORE_TOMBSTONES = "score-tombstones";
    /** Ground-truth records dead-lettered: undecodable, unknown dataset, arch index out of range, non-finite accuracy, unparsable key. */
    public static final String SKIPPED_TRUTH = "skipped-truth-records";
    /** Points entering (or changing in) a table with their accuracy known. */
    public static final String POINTS = "table-point-updates";
    /** Recomputes of one (experiment, dataset) table; with latency in ms. */
    public static final String RECOMPUTE = "table-recompute";
    /** Recomputes that failed (logged; the table waits for its next change). */
    public static final String RECOMPUTE_FAILURES = "table-recompute-failures";
    /** ScoreQuality records emitted. */
    public static final String QUALITY_RECORDS = "quality-records";

    private AggregatorMetrics() {}

    static Sensor counter(ProcessingContext ctx, String op) {
        return ctx.metrics().addRateTotalSensor(SCOPE, ctx.taskId().toString(), op, Sensor.RecordingLevel.INFO);
    }

    static Sensor latency(ProcessingContext ctx, String op) {
        return ctx.metrics().addLatencyRateTotalSensor(SCOPE, ctx.taskId().toString(), op, Sensor.RecordingLevel.INFO);
    }

    /** The sum over tasks (and threads) of {@code <op>-total}; 0 when not registered yet. */
    public static long total(Map<MetricName, ? extends Metric> metrics, String op) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            if (GROUP.equals(n.group()) && n.name().equals(op + "-total")) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number num) sum += num.doubleValue();
            }
        }
        return Math.round(sum);
    }
}
