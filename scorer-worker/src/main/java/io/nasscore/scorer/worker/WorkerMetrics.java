package io.nasscore.scorer.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreResult;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * A worker's meters (names in docs/operations.md): jobs scored, reused and dead-lettered (by reason), transactions,
 * the lag of its partitions of nas.jobs, the time of each pass and of each scoring (as the score record carries
 * them), and the Kafka client metrics of its consumer and producer.
 */
final class WorkerMetrics implements AutoCloseable {
    static final String SCORED = "nasscore.worker.jobs.scored";
    static final String REUSED = "nasscore.worker.jobs.reused";
    static final String DEAD_LETTERED = "nasscore.worker.jobs.dead.lettered";
    static final String TRANSACTIONS = "nasscore.worker.transactions";
    static final String LAG = "nasscore.worker.jobs.lag";
    static final String PASS = "nasscore.worker.pass";
    static final String JOB = "nasscore.worker.job";

    private final MeterRegistry registry;
    private final String workerId;
    private final Map<Pass, Timer> passes = new EnumMap<>(Pass.class);
    private final Timer similarity;
    private final Timer job;
    private final KafkaClientMetrics consumerMetrics;
    private final KafkaClientMetrics producerMetrics;

    WorkerMetrics(MeterRegistry registry, ScorerWorker worker, Consumer<?, ?> consumer, Producer<?, ?> producer) {
        this.registry = registry;
        this.workerId = worker.workerId();
        FunctionCounter.builder(SCORED, worker, w -> w.counters().scored()).tag("worker", workerId)
                .description("jobs scored and committed to nas.scores").register(registry);
        FunctionCounter.builder(REUSED, worker, w -> w.counters().reused()).tag("worker", workerId)
                .description("repeated jobs answered from this worker's earlier result, committed").register(registry);
        FunctionCounter.builder(TRANSACTIONS, worker, w -> w.counters().transactions()).tag("worker", workerId)
                .tag("outcome", "committed").description("Kafka transactions of the worker").register(registry);
        FunctionCounter.builder(TRANSACTIONS, worker, w -> w.counters().failed()).tag("worker", workerId)
                .tag("outcome", "aborted").description("Kafka transactions of the worker").register(registry);
        Gauge.builder(LAG, worker, w -> {
            long lag = w.counters().lag();
            return lag < 0 ? Double.NaN : lag;
        }).tag("worker", workerId).description("jobs waiting in this worker's partitions of nas.jobs at its last poll "
                + "(sum over the workers: the group's lag)").register(registry);
        for (Pass p : Pass.values()) passes.put(p, timer(PASS, "pass", p.label()));
        this.similarity = timer(PASS, "pass", "similarity");
        this.job = Timer.builder(JOB).tag("worker", workerId)
                .description("time to score one job, network construction included (total_ms of its record)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(30)).register(registry);
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
    }

    private Timer timer(String name, String tag, String value) {
        return Timer.builder(name).tag("worker", workerId).tag(tag, value)
                .description("time of one pass of a scoring (as in its record)").register(registry);
    }

    /** One job scored (before its transaction commits: a redone job is timed again, it was scored again). */
    void scored(ScoreResult r) {
        r.passMillis().forEach((p, ms) -> passes.get(p).record(nanos(ms), TimeUnit.NANOSECONDS));
        similarity.record(nanos(r.similarityMillis()), TimeUnit.NANOSECONDS);
        job.record(nanos(r.totalMillis()), TimeUnit.NANOSECONDS);
    }

    /** A dead-lettered record whose transaction committed. */
    void deadLettered(String reason) {
        Counter.builder(DEAD_LETTERED).tag("worker", workerId).tag("reason", reason == null ? "unknown" : reason)
                .description("records committed to nas.jobs.dlq, by reason (the nas.error.reason header)")
                .register(registry).increment();
    }

    private static long nanos(double millis) {
        return Double.isFinite(millis) && millis > 0 ? Math.round(millis * 1e6) : 0;
    }

    @Override
    public void close() {
        consumerMetrics.close();
        producerMetrics.close();
    }
}
