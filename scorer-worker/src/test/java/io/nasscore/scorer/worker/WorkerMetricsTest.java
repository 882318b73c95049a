package io.nasscore.scorer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.ops.Endpoint;
import io.nasscore.ops.Ops;
import io.nasscore.ops.OpsServer;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.scorer.NoopScorer;
import io.nasscore.testsupport.Scrape;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker's metrics and health endpoint, scraped over HTTP while it scores jobs on a real broker. */
class WorkerMetricsTest {
    static final ScoreConfig CONFIG = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(8);
    static final Duration WAIT = Duration.ofSeconds(60);

    Broker broker;
    final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        broker = new Broker();
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        if (broker != null) broker.close();
    }

    static double value(URI base, String name, String... labels) {
        return Scrape.value(Scrape.get(base, OpsServer.METRICS).body(), name, labels).orElse(Double.NaN);
    }

    static Scrape.Response awaitValue(URI base, String name, double expected, String... labels) {
        return Scrape.await(base, OpsServer.METRICS, WAIT,
                r -> Scrape.value(r.body(), name, labels).orElse(Double.NaN) == expected);
    }

    static List<ScoringJob> jobs(int from, int n, String experiment) {
        List<ScoringJob> jobs = new ArrayList<>();
        for (int i = from; i < from + n; i++) jobs.add(Broker.job(CONFIG, i, experiment));
        return jobs;
    }

    @Test
    void countersMoveAsJobsAreScoredReusedAndDeadLetteredAndTheLagReturnsToZero() throws Exception {
        try (Ops ops = Ops.start(new Endpoint(Endpoint.LOOPBACK, 0));
                ScorerWorker w = new ScorerWorker(broker.workerConfig("w-metrics"), new NoopScorer())) {
            w.bindTo(ops.registry());
            ops.health().live("worker", w::notLive).ready("worker", w::notReady).started();
            URI base = ops.server().orElseThrow().uri("/");

            Scrape.Response before = Scrape.get(base, OpsServer.READY);
            assertThat(before.status()).as("not ready before it joins the group").isEqualTo(503);
            assertThat(before.body()).contains("worker w-metrics has not joined consumer group nasscore-workers");
            assertThat(value(base, "nasscore_worker_jobs_scored_total")).isZero();

            AtomicBoolean done = new AtomicBoolean();
            Future<Counters> run = threads.submit(() -> w.runUntil(c -> done.get()));
            Scrape.await(base, OpsServer.READY, WAIT, r -> r.status() == 200);
            assertThat(Scrape.get(base, OpsServer.LIVE).status()).isEqualTo(200);

            broker.sendJobs(jobs(10, 5, "m"));
            ScoringJob bad = Broker.job(CONFIG, 20, "m");
            bad.getConfig().setDataset("mnist");
            broker.sendJobs(List.of(bad));
            String page = awaitValue(base, "nasscore_worker_jobs_scored_total", 5, "worker=\"w-metrics\"").body();
            // the bad job may commit in the transaction after the scored ones
            page = awaitValue(base, "nasscore_worker_jobs_dead_lettered_total", 1, "reason=\"invalid-content\"").body();
            assertThat(Scrape.value(page, "nasscore_worker_job_seconds_count")).hasValue(5);
            assertThat(Scrape.value(page, "nasscore_worker_pass_seconds_count", "pass=\"clean\"")).hasValue(5);
            assertThat(Scrape.value(page, "nasscore_worker_pass_seconds_count", "pass=\"similarity\"")).hasValue(5);
            assertThat(Scrape.value(page, "nasscore_worker_transactions_total", "outcome=\"committed\"").orElse(0))
                    .isGreaterThanOrEqualTo(1);
            assertThat(page).as("the Kafka client binder for the consumer and the producer")
                    .contains("kafka_consumer_fetch_manager_records_consumed_total")
                    .contains("kafka_producer_record_send_total");
            awaitValue(base, "nasscore_worker_jobs_lag", 0);

            // the same architectures again: answered from the worker's earlier results
            broker.sendJobs(jobs(10, 3, "m2"));
            awaitValue(base, "nasscore_worker_jobs_reused_total", 3);
            assertThat(value(base, "nasscore_worker_jobs_scored_total")).isEqualTo(5);
            awaitValue(base, "nasscore_worker_jobs_lag", 0);

            done.set(true);
            w.shutdown();
            run.get(60, TimeUnit.SECONDS);
            assertThat(Scrape.get(base, OpsServer.READY).body()).contains("worker w-metrics is shutting down");
        }
    }

    @Test
    void notReadyWithTheReasonWhenTheBrokerGoesAway() throws Exception {
        Map<String, Object> kafka = new HashMap<>(broker.kafka());
        // the smallest session the broker allows (group.min.session.timeout.ms), so the test waits seconds, not 45
        kafka.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        kafka.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
        WorkerConfig config = WorkerConfig.of(kafka).withWorkerId("w-lost").withProgressEvery(Duration.ofSeconds(2));
        try (Ops ops = Ops.start(new Endpoint(Endpoint.LOOPBACK, 0));
                ScorerWorker w = new ScorerWorker(config, new NoopScorer())) {
            w.bindTo(ops.registry());
            ops.health().live("worker", w::notLive).ready("worker", w::notReady).started();
            URI base = ops.server().orElseThrow().uri("/");
            Future<Counters> run = threads.submit(() -> w.runUntil(c -> false));
            Scrape.await(base, OpsServer.READY, WAIT, r -> r.status() == 200);

            broker.close();
            broker = null;
            Scrape.Response lost = Scrape.await(base, OpsServer.READY, WAIT, r -> r.status() == 503);
            assertThat(lost.body()).startsWith("worker: worker w-lost: no heartbeat to the group coordinator for ")
                    .contains("is the broker reachable?");
            assertThat(Scrape.get(base, OpsServer.LIVE).status()).as("the loop itself is alive").isEqualTo(200);
            w.shutdown();
            run.get(60, TimeUnit.SECONDS);
        }
    }
}
