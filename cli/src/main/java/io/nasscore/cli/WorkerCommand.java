package io.nasscore.cli;

import io.nasscore.schemas.TopicSetup;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.ops.Endpoint;
import io.nasscore.ops.Ops;
import io.nasscore.scorer.JacobianScorer;
import io.nasscore.scorer.NoopScorer;
import io.nasscore.scorer.PeakFirst;
import io.nasscore.scorer.Scorer;
import io.nasscore.scorer.worker.Counters;
import io.nasscore.scorer.worker.ScorerWorker;
import io.nasscore.scorer.worker.WorkerConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "worker",
        description = {"Run a scorer worker: a member of the workers' consumer group that scores the jobs of nas.jobs "
                + "and writes their records to nas.scores, with the consumed offsets, in Kafka transactions (one per job "
                + "for the DJL scorer; a poll's jobs per transaction, at most ~1 s each, for the no-op scorer); jobs that "
                + "cannot be scored go to nas.jobs.dlq with the reason, in the same transaction.",
            "Runs until SIGTERM/Ctrl-C (the job being scored is finished and committed first), or --max-jobs / --idle-exit. "
                + "One worker per process (per GPU); add processes to go faster."})
final class WorkerCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConnectionOptions conn;
    @Mixin TopicOptions topicOptions;

    @Mixin LogOptions logOptions;
    @Mixin MetricsOption metrics;

    @Option(names = "--device", defaultValue = "auto", description = "auto (a GPU when PyTorch sees one, else the CPU), cpu, gpu or gpu:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--scorer", defaultValue = "djl", description = "djl (the Jacobian scorer) or noop (a benchmark tool: dummy scores, no network; default: ${DEFAULT-VALUE})")
    String scorer;

    @Option(names = "--peak-first", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "with --scorer djl, score NB201's largest cell once (discarded) before the first job of each "
                    + "configuration, so that the process's memory starts near its plateau and the plateau is lower "
                    + "(default: on; --no-peak-first saves that one record's time)")
    boolean peakFirst;

    @Option(names = "--max-jobs", paramLabel = "N", description = "exit after N jobs (scored, reused or dead-lettered)")
    Long maxJobs;

    @Option(names = "--idle-exit", paramLabel = "DURATION", description = "exit after this long without a job, e.g. 30s, 5m")
    Duration idleExit;

    @Option(names = "--max-poll-records", paramLabel = "N",
            description = "jobs fetched per poll (max.poll.records) and processed as one batch before the next poll; they share "
                    + "transactions of at most 1 s. All N must be scored within max.poll.interval.ms (15 min). Default: "
                    + WorkerConfig.DEFAULT_MAX_POLL_RECORDS + " with --scorer djl (a job takes seconds to a minute), "
                    + WorkerConfig.BULK_MAX_POLL_RECORDS + " with --scorer noop")
    Integer maxPollRecords;

    @Option(names = "--group", defaultValue = WorkerConfig.DEFAULT_GROUP, description = "consumer group of the workers (default: ${DEFAULT-VALUE})")
    String group;

    @Option(names = "--worker-id", paramLabel = "ID",
            description = "this worker's name in records and logs, and its transactional id; give each worker slot a stable one "
                    + "(e.g. host-gpu0) so that a restart aborts a transaction its predecessor left open (default: <host>-<pid>)")
    String workerId;

    @Override
    public Integer call() throws Exception {
        if (maxJobs != null) OptionChecks.atLeast("--max-jobs", maxJobs, 1);
        String kind = scorer.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("djl") && !kind.equals("noop")) {
            throw new IllegalArgumentException("unknown scorer '" + scorer + "': expected djl or noop");
        }
        if (maxPollRecords != null) OptionChecks.atLeast("--max-poll-records", maxPollRecords, 1);
        int pollRecords = maxPollRecords != null ? maxPollRecords
                : kind.equals("noop") ? WorkerConfig.BULK_MAX_POLL_RECORDS : WorkerConfig.DEFAULT_MAX_POLL_RECORDS;
        TopicCatalogue topics = topicOptions.catalogue(conn);
        Endpoint endpoint = metrics.endpoint();
        ServiceOutput out = logOptions.output(spec.commandLine().getOut(), "worker");
        // SIGTERM / Ctrl-C: the hook asks the worker to stop; the job being scored is finished and committed, the
        // summary printed and the clients (and an embedded broker) closed before the hook lets the JVM go
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<ScorerWorker> running = new AtomicReference<>();
        AtomicBoolean terminating = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            terminating.set(true);
            ScorerWorker w = running.get();
            if (w != null) w.shutdown();
            try {
                finished.await(WorkerConfig.DEFAULT_MAX_POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nasscore-worker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Ops ops = metrics.start(endpoint, out); EmbeddedStack stack = conn.startMissing(true, false)) {
            Map<String, Object> kafka = conn.kafkaConfig();
            TopicSetup.ensure(kafka, topics);
            WorkerConfig config = WorkerConfig.of(kafka).withCatalogue(topics).withGroupId(topics.qualify(group))
                    .withMaxPollRecords(pollRecords);
            if (workerId != null) config = config.withWorkerId(workerId.trim());
            try (Scorer s = scorer(kind);
                    ScorerWorker worker = new ScorerWorker(config, s)) {
                if (ops.enabled()) worker.bindTo(ops.registry());
                ops.health().live("worker", worker::notLive).ready("worker", worker::notReady).started();
                running.set(worker);
                if (terminating.get()) worker.shutdown(); // SIGTERM during start-up
                out.printf(Locale.ROOT, "worker %s: group %s, scorer %s on %s; %s; up to %d job(s) per poll%n",
                        config.workerId(), config.groupId(), kind, s.device(), stopCondition(), config.maxPollRecords());
                out.flush();
                Counters c = worker.runUntil(c0 ->
                        (maxJobs != null && c0.done() >= maxJobs) || (idleExit != null && c0.idle().compareTo(idleExit) >= 0));
                double secs = c.elapsed().toMillis() / 1000.0;
                out.printf(Locale.ROOT, "worker %s: %,d job(s) done in %.1f s (%,d scored, %,d reused, %,d dead-lettered, "
                        + "%,d transaction(s) aborted and redone) in %,d transaction(s), %.2f jobs/s%n", config.workerId(),
                        c.done(), secs, c.scored(), c.reused(), c.dlq(), c.failed(), c.transactions(),
                        secs > 0 ? c.done() / secs : 0.0);
                out.flush();
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now
            }
        }
        return 0;
    }

    private Scorer scorer(String kind) {
        if (kind.equals("noop")) return new NoopScorer();
        return peakFirst ? new PeakFirst(new JacobianScorer(device)) : new JacobianScorer(device);
    }

    private String stopCondition() {
        if (maxJobs == null && idleExit == null) return "runs until SIGTERM/Ctrl-C";
        StringBuilder b = new StringBuilder("stops after ");
        if (maxJobs != null) b.append(maxJobs).append(" job(s)");
        if (maxJobs != null && idleExit != null) b.append(" or ");
        if (idleExit != null) b.append(DurationConverter.format(idleExit)).append(" idle");
        return b.toString();
    }
}
