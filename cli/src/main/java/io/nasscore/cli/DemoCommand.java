package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.aggregator.Aggregator;
import io.nasscore.aggregator.AggregatorConfig;
import io.nasscore.sink.Database;
import java.sql.SQLException;
import io.nasscore.sink.QualityReads;
import io.nasscore.sink.ScoreTableLookup;
import io.nasscore.sink.SinkConfig;
import io.nasscore.schemas.TopicSetup;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Combinations;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.producer.JobPublisher;
import io.nasscore.producer.JobSet;
import io.nasscore.producer.TruthPublisher;
import io.nasscore.report.PostgresReportData;
import io.nasscore.report.Report;
import io.nasscore.report.ReportInput;
import io.nasscore.report.ReportRequest;
import io.nasscore.scorer.JacobianScorer;
import io.nasscore.scorer.NoopScorer;
import io.nasscore.scorer.Scorer;
import io.nasscore.scorer.worker.Counters;
import io.nasscore.scorer.worker.ScorerWorker;
import io.nasscore.scorer.worker.WorkerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", description = {
        "The main job on the embedded stack: starts Kafka and PostgreSQL (or uses a running `nasscore up`), loads the "
                + "ground truth, submits a sample experiment on the shipped CIFAR-10 images, runs a scorer worker, the "
                + "aggregator and the PostgreSQL sink, shows progress, prints the score-quality table, writes the HTML "
                + "report, and stops, leaving the data in the data directory (a second run adds a new sample)."})
final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConnectionOptions conn;
    @Mixin TopicOptions topicOptions;

    @Option(names = "--sample", defaultValue = "64", paramLabel = "N", description = "architectures to score, >= 1 (default: ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "B", description = "batch size, >= 2 (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", paramLabel = "S", description = "sampling seed (default: the number of earlier demo experiments, so each run adds new architectures)")
    Long seed;

    @Option(names = "--experiment", paramLabel = "NAME", description = "experiment name (default: demo-<k>)")
    String experiment;

    @Option(names = "--scores", defaultValue = "all", description = "all, or a list such as JS,PJS,WPJS (default: ${DEFAULT-VALUE})")
    String scores;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--scorer", defaultValue = "djl", hidden = true, description = "djl, or noop (a benchmark tool)")
    String scorer;

    @Option(names = "--report", paramLabel = "DIR", description = "where to write the HTML report (default: <data-dir>/report/<experiment>)")
    Path reportDir;

    @Option(names = "--timeout", defaultValue = "30m", paramLabel = "DURATION",
            description = "give up after this long, e.g. 90s, 30m, 2h (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionChecks.sample("--sample", sample);
        OptionChecks.atLeast("--batch", batch, 2);
        long deadline = System.nanoTime() + timeout.toNanos();
        Dataset ds = Dataset.CIFAR10;
        ScoreConfig config = ScoreConfig.defaults(ds).withBatchSize(batch);
        EnumSet<ScoreName> wanted = EnumSet.copyOf(ScoreName.parseList(scores));
        long t0 = System.nanoTime();
        // Ctrl-C / SIGTERM: stop the worker (its open transaction is aborted, the job redelivered next time),
        // then let the stack close normally; everything already committed stays in the data directory
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicReference<ScorerWorker> worker = new AtomicReference<>();
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            ScorerWorker w = worker.get();
            if (w != null) w.shutdown();
            try {
                finished.await(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nasscore-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(out, err, deadline, ds, config, wanted, t0, interrupted, worker);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and returns now
            }
        }
    }

    private int run(PrintWriter out, PrintWriter err, long deadline, Dataset ds, ScoreConfig config, EnumSet<ScoreName> wanted,
                    long t0, AtomicBoolean interrupted, AtomicReference<ScorerWorker> worker) throws Exception {
        say(out, "starting the stack (data dir %s)", conn.dataDir().toAbsolutePath());
        try (EmbeddedStack stack = conn.startMissing(true, true); HikariDataSource db = conn.dataSource()) {
            say(out, "Kafka %s, PostgreSQL %s", conn.bootstrapServers(), conn.jdbcUrl());
            Map<String, Object> kafka = conn.kafkaConfig();
            TopicCatalogue topics = topicOptions.catalogue(conn);
            TopicSetup.ensure(kafka, topics);
            Database.migrate(db);

            int k = QualityReads.earlierDemos(db) + 1;
            long sampleSeed = seed != null ? seed : k - 1;
            String name = experiment != null ? experiment.trim() : "demo-" + k;

            try (TruthPublisher truth = new TruthPublisher(kafka, topics)) {
                int n = truth.publishShipped(ds);
                say(out, "ground truth: %,d %s test accuracies published to %s", n, ds.id(), topics.groundTruth().name());
            }

            AggregatorConfig aggConfig = AggregatorConfig.defaults()
                    .withCatalogue(topics)
                    .withApplicationId(topics.qualify(AggregatorConfig.DEFAULT_APPLICATION_ID))
                    .withStateDir(conn.dataDir().resolve("streams"))
                    .withRecomputeInterval(Duration.ofMillis(500));
            try (Aggregator aggregator = new Aggregator(conn.bootstrapServers(), kafka, aggConfig, db, SinkConfig.of(topics))) {
                aggregator.start();
                if (!aggregator.awaitRunning(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("the aggregator did not start (state " + aggregator.state() + ")");
                }
                // the worker joins its group before the experiment is submitted, as a long-running worker would
                AtomicReference<Throwable> workerError = new AtomicReference<>();
                Thread workerThread = new Thread(() -> {
                    try (Scorer s = "noop".equals(scorer) ? new NoopScorer() : new JacobianScorer(device);
                         ScorerWorker w = new ScorerWorker(WorkerConfig.of(kafka).withCatalogue(topics)
                                 .withGroupId(topics.qualify(WorkerConfig.DEFAULT_GROUP)).withWorkerId("demo-" + ProcessHandle.current().pid())
                                 .withMaxPollRecords("noop".equals(scorer) ? WorkerConfig.BULK_MAX_POLL_RECORDS : WorkerConfig.DEFAULT_MAX_POLL_RECORDS), s)) {
                        worker.set(w);
                        w.run();
                    } catch (Throwable e) {
                        workerError.set(e);
                    }
                }, "nasscore-demo-worker");
                workerThread.start();
                awaitWorker(worker, workerError, interrupted, Duration.ofSeconds(60), err);
                if (interrupted.get()) {
                    workerThread.join(Duration.ofMinutes(1).toMillis());
                    say(out, "interrupted before the experiment was submitted; nothing was submitted");
                    return 130;
                }

                long submitted = System.nanoTime();
                JobSet set = JobSet.sample(sample, 1, sampleSeed);
                io.nasscore.producer.Submission sub;
                try (JobPublisher publisher = new JobPublisher(kafka, new ScoreTableLookup(db, SinkConfig.of(topics)), topics)) {
                    sub = publisher.submit(set, config, wanted, name, false);
                }
                double publishSecs = (System.nanoTime() - submitted) / 1e9;
                say(out, "experiment %s: %d architectures (sampling seed %d), B = %d, config %s; %d jobs to score, %d already scored",
                        name, sub.requested(), sampleSeed, batch, config.hash(), sub.published(), sub.republished());

                // done when every request is a score or a dead letter in PostgreSQL (v_experiment_progress): dead letters
                // of any worker of the group, not only this one's
                Progress progress = new Progress(err, "scores in PostgreSQL", sub.requested(), 5);
                long seen = 0;
                long dead = 0;
                double workerSecs = -1;
                while (seen + dead < sub.requested()) {
                    if (interrupted.get()) {
                        workerThread.join(Duration.ofMinutes(1).toMillis());
                        say(out, "interrupted with %d of %d scores in PostgreSQL; they stay in %s, and the next run goes on from there",
                                seen, sub.requested(), conn.dataDir());
                        return 130;
                    }
                    if (workerError.get() != null) {
                        throw new IllegalStateException("the scorer worker failed: " + workerError.get().getMessage(), workerError.get());
                    }
                    if (System.nanoTime() > deadline) throw new IllegalStateException("timed out after " + DurationConverter.format(timeout) + " with " + seen + " scores");
                    Thread.sleep(100); // a count query on PostgreSQL, which is busy with the same rows: not faster
                    QualityReads.Requests now;
                    try {
                        now = QualityReads.requests(db, name);
                    } catch (SQLException | RuntimeException e) {
                        // on SIGTERM the embedded PostgreSQL's own shutdown hook may stop it before this loop sees the flag
                        if (interrupted.get()) continue;
                        throw e;
                    }
                    for (; seen < now.scored(); seen++) progress.step(true);
                    for (; dead < now.deadLettered(); dead++) progress.step(false);
                    ScorerWorker w = worker.get();
                    Counters c = w == null ? null : w.counters();
                    if (workerSecs < 0 && c != null && c.done() >= sub.published()) workerSecs = (System.nanoTime() - submitted) / 1e9;
                }
                progress.finish();
                double secs = (System.nanoTime() - submitted) / 1e9;
                double rate = (seen + dead) / secs;
                say(out, "%d jobs from submit to rows in PostgreSQL in %.2f s: %s records/s (published in %.2f s, the worker's "
                        + "last commit by %.2f s)", seen + dead, secs, String.format(Locale.ROOT, rate < 100 ? "%.2f" : "%,.0f", rate),
                        publishSecs, workerSecs < 0 ? secs : workerSecs);
                if (dead > 0) {
                    say(out, "%d job(s) could not be scored: their reasons are in nas.jobs.dlq and in PostgreSQL "
                            + "(./nasscore sql%s \"SELECT * FROM job_dead_letters WHERE experiment = '%s'\")", dead, conn.hintFlags(), name);
                }
                ScorerWorker w = worker.get();
                if (w != null) w.shutdown();
                workerThread.join(Duration.ofMinutes(2).toMillis());

                long qualityRows = awaitQuality(db, name, (int) seen, wanted.size(), deadline);
                say(out, "%d scores are in PostgreSQL; %d score-quality rows for %s", seen, qualityRows, name);
                out.println();
                printTable(out, db, name);

                Path dir = reportDir != null ? reportDir : conn.dataDir().resolve("report").resolve(name);
                try {
                    ReportInput scored = new PostgresReportData(db, name, null, false, null).load();
                    Report.write(new ReportRequest(null, null, null, 1, sample, sampleSeed, Combinations.ALL).model(scored), dir);
                } catch (RuntimeException e) {
                    err.println("nasscore demo: the report could not be written: " + e.getMessage());
                }
                out.println();
                say(out, "report: %s", dir.resolve("index.html").toAbsolutePath());
            }
        }
        say(out, "done in %.1f s; the data stays in %s (query it: ./nasscore sql%s \"SELECT * FROM v_score_quality\")",
                (System.nanoTime() - t0) / 1e9, conn.dataDir(), conn.hintFlags());
        return 0;
    }

    /** Waits until the worker has partitions of nas.jobs (other workers of the group may hold them all: then goes on). */
    private static void awaitWorker(AtomicReference<ScorerWorker> worker, AtomicReference<Throwable> error,
                                    AtomicBoolean interrupted, Duration max, PrintWriter err) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < until && !interrupted.get()) {
            if (error.get() != null) {
                throw new IllegalStateException("the scorer worker failed: " + error.get().getMessage(), error.get());
            }
            ScorerWorker w = worker.get();
            if (w != null && w.hasPartitions()) return;
            Thread.sleep(20);
        }
        if (interrupted.get()) return;
        err.println("nasscore demo: the worker has no partition of nas.jobs after " + max.toSeconds()
                + " s (other workers of its group hold them?); submitting anyway");
    }

    private static void say(PrintWriter out, String fmt, Object... args) {
        out.println("demo: " + String.format(Locale.ROOT, fmt, args));
        out.flush();
    }

    /** Waits until the cumulative `all` row of every requested score has seen every point. */
    private static long awaitQuality(HikariDataSource db, String experiment, int points, int scores, long deadline) throws Exception {
        while (true) {
            QualityReads.Progress p = QualityReads.progress(db, experiment);
            if (p.tables() >= scores && p.minPoints() + p.excluded() >= points) return Database.qualityCount(db, experiment);
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for the score-quality tables of " + experiment);
            Thread.sleep(250);
        }
    }

    private static void printTable(PrintWriter out, HikariDataSource db, String experiment) throws SQLException {
        QualityReads.Table t = QualityReads.qualityTable(db, experiment);
        out.println("score quality of " + experiment + " (cumulative window; CIFAR-10 test accuracy):");
        out.print(Tables.render(t.header(), t.rows()));
        out.flush();
    }
}
