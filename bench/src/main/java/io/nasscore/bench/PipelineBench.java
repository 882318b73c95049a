package io.nasscore.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.aggregator.Aggregator;
import io.nasscore.aggregator.AggregatorConfig;
import io.nasscore.sink.Database;
import io.nasscore.sink.PostgresSink;
import io.nasscore.sink.SinkConfig;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.producer.ExistingScores;
import io.nasscore.producer.JobPublisher;
import io.nasscore.producer.JobSet;
import io.nasscore.producer.Submission;
import io.nasscore.schemas.Topics;
import io.nasscore.scorer.NoopScorer;
import io.nasscore.scorer.worker.ScorerWorker;
import io.nasscore.scorer.worker.WorkerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import com.sun.management.ThreadMXBean;
import org.apache.kafka.clients.admin.Admin;

/**
 * The end-to-end pipeline benchmark (docs/benchmarks.md, "From submit to rows in PostgreSQL"): the embedded stack
 * (KRaft broker, PostgreSQL) in a fresh directory on ports 29092 / 25432, the aggregator with its PostgreSQL sink,
 * and one no-op scorer worker (2,000 jobs per poll) run in this JVM, all started and joined before the clock.
 * Each run submits a whole new experiment (the 15,625 architectures under another scoring seed, so nothing is
 * reused) and the clock stops when PostgreSQL holds one {@code experiment_scores} row per job.
 *
 * <p>Run with {@code mvn -q -B -o -pl bench exec:java -Dexec.mainClass=io.nasscore.bench.PipelineBench} after
 * {@code mvn -q -B -o install -DskipTests}. Properties: bench.jobs (15625), bench.runs (5, after one warm-up run),
 * bench.aggregator (true: Kafka Streams runs beside the sink, as in a deployment; false: the sink alone),
 * bench.sinkJobs (true: the sink also keeps nas.jobs and nas.jobs.dlq, as deployed; false: the three result topics
 * only, the sink before v_experiment_progress).
 *
 * <p>Besides the rate, each run reports where the CPU went during it: every JVM thread's CPU time (grouped by
 * component from the thread names) and the PostgreSQL server processes' (from /proc), so that a change can be
 * judged by what it saves, not only by a noisy wall clock.
 */
public final class PipelineBench {
    private PipelineBench() {}

    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 15_625);
        int runs = Integer.getInteger("bench.runs", 5);
        boolean withStreams = Boolean.parseBoolean(System.getProperty("bench.aggregator", "true"));
        boolean sinkJobs = Boolean.parseBoolean(System.getProperty("bench.sinkJobs", "true"));
        SinkConfig sinkConfig = sinkJobs ? SinkConfig.defaults() : SinkConfig.defaults().withTopics(List.of(Topics.SCORES.name(), Topics.GROUND_TRUTH.name(), Topics.SCORE_QUALITY.name()));
        Path dir = Files.createTempDirectory("nasscore-pipeline-bench");
        System.out.printf(Locale.ROOT, "pipeline bench: %d jobs per run, %d runs (+1 warm-up), aggregator %s, sink %s, data in %s%n",
                jobs, runs, withStreams ? "on" : "off (sink only)", sinkJobs ? "with nas.jobs and nas.jobs.dlq" : "on the result topics only", dir);
        try (EmbeddedStack stack = EmbeddedStack.builder(dir).kafkaPort(0).postgresPort(0).start(); // free ports: beside any other stack
             HikariDataSource db = Database.dataSource(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())) {
            Map<String, Object> kafka = new HashMap<>(Map.of("bootstrap.servers", stack.bootstrapServers()));
            try (Admin admin = Admin.create(kafka)) {
                Topics.createAll(admin, (short) 1);
            }
            Database.migrate(db);
            AggregatorConfig agg = AggregatorConfig.defaults().withStateDir(dir.resolve("streams"));
            // with the aggregator: Streams and its sink thread, as `nasscore aggregate` runs them; without: the sink alone
            try (Aggregator aggregator = withStreams ? new Aggregator(stack.bootstrapServers(), Map.of(), agg, db, sinkConfig) : null;
                 PostgresSink sink = withStreams ? null : new PostgresSink(kafka, db, sinkConfig);
                 NoopScorer scorer = new NoopScorer();
                 ScorerWorker worker = new ScorerWorker(WorkerConfig.of(kafka).withWorkerId("bench")
                         .withMaxPollRecords(WorkerConfig.BULK_MAX_POLL_RECORDS).withProgressEvery(Duration.ofHours(1)), scorer)) {
                if (aggregator != null) {
                    aggregator.start();
                    if (!aggregator.awaitRunning(Duration.ofMinutes(2))) throw new IllegalStateException("aggregator did not start");
                } else {
                    Thread sinkThread = new Thread(sink::run, "nasscore-sink");
                    sinkThread.setDaemon(true);
                    sinkThread.start();
                }
                Thread workerThread = new Thread(worker::run, "nasscore-bench-worker");
                workerThread.start();
                while (!worker.hasPartitions()) Thread.sleep(20);

                System.out.println("| run | jobs | published (of which reading nas.scores) | worker done | rows in PostgreSQL | records/s | CPU: "
                        + String.join(" / ", COMPONENTS) + " / postgres (us per job) |");
                System.out.println("|---|---:|---:|---:|---:|---:|---|");
                double[] rates = new double[runs];
                for (int r = 0; r <= runs; r++) {
                    rates[Math.max(0, r - 1)] = run(r, jobs, kafka, db, worker);
                }
                java.util.Arrays.sort(rates);
                System.out.printf(Locale.ROOT, "median %.0f records/s, best %.0f, worst %.0f over %d runs%n",
                        rates[runs / 2], rates[runs - 1], rates[0], runs);
                worker.shutdown();
                workerThread.join(30_000);
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    /** The thread that submits (named "main" by java, otherwise by exec:java). */
    private static final String MAIN = Thread.currentThread().getName();

    private static final List<String> COMPONENTS = List.of("publisher", "worker", "sink", "streams", "broker", "other");

    private static double run(int r, int jobs, Map<String, Object> kafka, HikariDataSource db, ScorerWorker worker)
            throws Exception {
        String experiment = "bench-" + r;
        ScoreConfig config = ScoreConfig.defaults(Dataset.CIFAR10).withSeed(1000 + r);
        JobSet set = JobSet.sample(jobs, 1, r);
        long doneBefore = worker.counters().done();
        Map<String, Long> cpu0 = threadCpu();
        long pg0 = postgresCpuNanos();
        long t0 = System.nanoTime();
        Submission sub;
        try (JobPublisher publisher = new JobPublisher(kafka)) {
            sub = publisher.submit(set, config, EnumSet.copyOf(ScoreName.PAPER), experiment, false);
        }
        long published = System.nanoTime() - t0;
        long workerDone = -1;
        while (Database.scoreCount(db, experiment) < sub.requested()) {
            if (workerDone < 0 && worker.counters().done() - doneBefore >= sub.published()) workerDone = System.nanoTime() - t0;
            if (System.nanoTime() - t0 > Duration.ofMinutes(5).toNanos()) throw new IllegalStateException("run " + r + " timed out");
            Thread.sleep(5);
        }
        long total = System.nanoTime() - t0;
        if (workerDone < 0) workerDone = total;
        Map<String, Long> cpu1 = threadCpu();
        long pg = postgresCpuNanos() - pg0;
        // what the submission spent reading nas.scores for already-scored archs (timed again, outside the clock)
        long e0 = System.nanoTime();
        ExistingScores.read(kafka, k -> false, Duration.ofMinutes(1));
        long existing = System.nanoTime() - e0;
        Map<String, Long> by = new LinkedHashMap<>();
        for (String c : COMPONENTS) by.put(c, 0L);
        cpu1.forEach((name, t) -> by.merge(component(name.substring(0, name.lastIndexOf('#'))), t - cpu0.getOrDefault(name, 0L), Long::sum));
        double rate = sub.requested() / (total / 1e9);
        StringBuilder cpu = new StringBuilder();
        for (String c : COMPONENTS) cpu.append(String.format(Locale.ROOT, "%.0f / ", by.get(c) / 1e3 / jobs));
        cpu.append(String.format(Locale.ROOT, "%.0f", pg / 1e3 / jobs));
        System.out.printf(Locale.ROOT, "| %s | %,d | %.2f s (%.2f s) | %.2f s | %.2f s | %,.0f | %s |%n", r == 0 ? "warm-up" : Integer.toString(r),
                sub.requested(), published / 1e9, existing / 1e9, workerDone / 1e9, total / 1e9, rate, cpu);
        return rate;
    }

    /** The component a JVM thread belongs to, from the names the clients and the broker give their threads. */
    static String component(String thread) {
        if (thread.equals(MAIN) || thread.contains("job-publisher") || thread.contains("existing-scores")) return "publisher";
        if (thread.contains("bench-worker") || thread.contains("nasscore-worker-")) return "worker";
        if (thread.contains("nasscore-sink")) return "sink";
        if (thread.contains("StreamThread") || thread.contains("nasscore-aggregator")) return "streams";
        if (thread.contains("data-plane") || thread.contains("kafka-") || thread.contains("quorum")
                || thread.contains("group-coordinator") || thread.contains("transaction") || thread.contains("ExpirationReaper")
                || thread.contains("LogDirFailureHandler") || thread.contains("raft")) return "broker";
        return "other";
    }

    private static Map<String, Long> threadCpu() {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = mx.getAllThreadIds();
        long[] times = mx.getThreadCpuTime(ids);
        java.lang.management.ThreadInfo[] infos = mx.getThreadInfo(ids);
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || times[i] < 0) continue;
            out.merge(infos[i].getThreadName() + "#" + ids[i], times[i], Long::sum);
        }
        return out;
    }

    /** CPU time (user + system) of every process named postgres, from /proc; 0 where /proc is missing. */
    static long postgresCpuNanos() {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(stat.indexOf('(') + 1, close);
                    if (!comm.startsWith("postgres")) continue;
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                } catch (IOException | RuntimeException gone) {
                    // the process ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
