package io.nasscore.sink;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.function.ToLongFunction;

/**
 * The sink's meters (names in docs/operations.md): rows written per table (rows/s with {@code rate()}), records
 * consumed, skipped and rejected, transactions committed and failed, the age of the last commit, how long PostgreSQL
 * has been failing, and the Kafka client metrics of its consumer (its lag among them).
 */
public final class SinkMetrics implements AutoCloseable {
    static final String ROWS = "nasscore.sink.rows.written";
    private final KafkaClientMetrics kafka;

    private SinkMetrics(KafkaClientMetrics kafka) {
        this.kafka = kafka;
    }

    /** Registers the meters of {@code sink}; close the result to stop refreshing its Kafka client metrics. */
    public static SinkMetrics bind(PostgresSink sink, MeterRegistry r) {
        rows(sink, r, "scores", PostgresSink.Counts::scores);
        rows(sink, r, "experiment_scores", PostgresSink.Counts::experimentScores);
        rows(sink, r, "ground_truth", PostgresSink.Counts::groundTruth);
        rows(sink, r, "ground_truth_deleted", PostgresSink.Counts::groundTruthDeleted);
        rows(sink, r, "score_quality", PostgresSink.Counts::quality);
        rows(sink, r, "score_quality_history", PostgresSink.Counts::qualityHistory);
        rows(sink, r, "experiment_jobs", PostgresSink.Counts::jobs);
        rows(sink, r, "job_dead_letters", PostgresSink.Counts::deadLetters);
        counter(sink, r, "nasscore.sink.records", "records consumed and committed to PostgreSQL", PostgresSink.Counts::records);
        counter(sink, r, "nasscore.sink.bad.records", "records skipped: undecodable or invalid", PostgresSink.Counts::badRecords);
        counter(sink, r, "nasscore.sink.rejected.rows", "rows PostgreSQL rejected (data or constraint errors), skipped",
                PostgresSink.Counts::rejectedRows);
        FunctionCounter.builder("nasscore.sink.transactions", sink, s -> s.counts().transactions()).tag("outcome", "committed")
                .description("PostgreSQL transactions of the sink").register(r);
        FunctionCounter.builder("nasscore.sink.transactions", sink, s -> s.counts().failedTransactions()).tag("outcome", "failed")
                .description("PostgreSQL transactions of the sink").register(r);
        Gauge.builder("nasscore.sink.last.commit.age", sink, s -> s.sinceLastCommit().toMillis() / 1000.0).baseUnit("seconds")
                .description("time since the sink's last committed transaction (since its start, before the first)")
                .register(r);
        Gauge.builder("nasscore.sink.failing", sink, s -> s.failingFor().toMillis() / 1000.0).baseUnit("seconds")
                .description("how long every PostgreSQL transaction has failed (0 while it works)").register(r);
        KafkaClientMetrics kafka = new KafkaClientMetrics(sink.consumerForMetrics());
        kafka.bindTo(r);
        return new SinkMetrics(kafka);
    }

    private static void rows(PostgresSink sink, MeterRegistry r, String table, ToLongFunction<PostgresSink.Counts> f) {
        FunctionCounter.builder(ROWS, sink, s -> f.applyAsLong(s.counts())).tag("table", table)
                .description("rows written to PostgreSQL (upserts; deletions for ground_truth_deleted)").register(r);
    }

    private static void counter(PostgresSink sink, MeterRegistry r, String name, String what,
            ToLongFunction<PostgresSink.Counts> f) {
        FunctionCounter.builder(name, sink, s -> f.applyAsLong(s.counts())).description(what).register(r);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
