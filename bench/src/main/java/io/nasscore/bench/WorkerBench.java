package io.nasscore.bench;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.producer.JobPublisher;
import io.nasscore.producer.JobSet;
import io.nasscore.producer.Submission;
import io.nasscore.schemas.Topics;
import io.nasscore.scorer.NoopScorer;
import io.nasscore.scorer.worker.Counters;
import io.nasscore.scorer.worker.ScorerWorker;
import io.nasscore.scorer.worker.WorkerConfig;
import io.nasscore.testsupport.KafkaTestBroker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Benchmark of the worker's transactions: end-to-end throughput of the pipeline without the network passes, from {@code submit} to committed records on
 * nas.scores, with the {@link NoopScorer}, on an in-process single-node KRaft broker (production feature levels).
 *
 * <pre>
 * mvn -q -B -o -pl bench exec:java -Dexec.mainClass=io.nasscore.bench.WorkerBench -Dbench.jobs=10000 -Dbench.workers=1
 * </pre>
 *
 * Properties: {@code bench.jobs} (10000), {@code bench.workers} (1), {@code bench.maxPollRecords}
 * ({@value WorkerConfig#BULK_MAX_POLL_RECORDS}, what {@code nasscore worker --scorer noop} uses; 1 = one job per
 * transaction, the behaviour before batching), {@code bench.maxTransactionMs} (1000), and the mode:
 * <ul>
 *   <li>default: the workers have joined the group but are idle; the clock starts, the jobs are submitted, and the
 *       workers start polling when the submission returned (the harness used before batching);</li>
 *   <li>{@code bench.overlap=true}: the workers are already polling while the jobs are submitted, as running
 *       workers would be;</li>
 *   <li>{@code bench.preload=true}: the jobs are submitted BEFORE the clock starts; the clock runs from the start
 *       of the workers' loops to the last committed record: the throughput of the workers alone (plus the reader);</li>
 *   <li>{@code bench.warmupJobs=N} (0): before the clock, the workers score N jobs of another configuration (JIT,
 *       first transaction, coordinator look-ups), as a long-running worker would have.</li>
 * </ul>
 *
 * <p>The clock stops when a read_committed consumer of nas.scores has seen one record per job (records of the
 * warm-up configuration are not counted). Each worker runs its own transactional loop on its own thread; in
 * production each would be its own process.
 */
public final class WorkerBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private WorkerBench() {}

    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 10_000);
        int workers = Integer.getInteger("bench.workers", 1);
        ScoreConfig config = ScoreConfig.defaults(Dataset.CIFAR10);
        JobSet set = JobSet.sample(jobs, 1, 2024);
        int maxPoll = Integer.getInteger("bench.maxPollRecords", WorkerConfig.BULK_MAX_POLL_RECORDS);
        long maxTxMs = Long.getLong("bench.maxTransactionMs", 1000);
        boolean overlap = Boolean.getBoolean("bench.overlap");
        boolean preload = Boolean.getBoolean("bench.preload");
        int warmup = Integer.getInteger("bench.warmupJobs", 0);
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                Topics.createAll(admin, (short) 1);
            }
            ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
            List<ScorerWorker> ws = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                ws.add(new ScorerWorker(WorkerConfig.of(broker.clientConfig()).withWorkerId("bench-" + i)
                        .withProgressEvery(Duration.ofSeconds(15))
                        .withMaxPollRecords(maxPoll).withMaxTransaction(Duration.ofMillis(maxTxMs)), new NoopScorer()));
            }
            // join the group before the clock starts (as running workers would be)
            List<Future<Counters>> warm = new ArrayList<>();
            for (ScorerWorker w : ws) warm.add(pool.submit(() -> w.runUntil(c -> c.elapsed().toMillis() > 3000)));
            for (Future<Counters> f : warm) f.get();
            if (warmup > 0) {
                try (JobPublisher pub = new JobPublisher(broker.clientConfig())) {
                    pub.submit(JobSet.sample(warmup, 1, 7), ScoreConfig.defaults(Dataset.CIFAR100),
                            EnumSet.copyOf(ScoreName.PAPER), "warmup", false);
                }
                warm.clear();
                for (ScorerWorker w : ws) {
                    warm.add(pool.submit(() -> w.runUntil(c -> totalDone(ws, w, c) >= warmup || c.elapsed().toSeconds() > 300)));
                }
                for (Future<Counters> f : warm) f.get();
            }
            long scored0 = ws.stream().mapToLong(w -> w.counters().scored()).sum();
            long tx0 = ws.stream().mapToLong(w -> w.counters().transactions()).sum();
            long aborted0 = ws.stream().mapToLong(w -> w.counters().failed()).sum();

            List<Future<Counters>> runs = new ArrayList<>();
            AtomicLong workerCpu = new AtomicLong();
            long target = jobs + scored0;
            Runnable startWorkers = () -> {
                for (ScorerWorker w : ws) {
                    runs.add(pool.submit(() -> {
                        long cpu0 = THREADS.getCurrentThreadCpuTime();
                        try {
                            return w.runUntil(c -> totalDone(ws, w, c) >= target);
                        } finally {
                            workerCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
                        }
                    }));
                }
            };
            Submission s = null;
            if (preload) s = submit(broker, set, config);
            if (overlap) startWorkers.run();
            long t0 = System.nanoTime();
            long processCpu0 = OS.getProcessCpuTime();
            long submitCpu0 = THREADS.getCurrentThreadCpuTime();
            Future<long[]> reader = pool.submit(() -> awaitScores(broker, config.hash() + "/", jobs));
            if (!preload) s = submit(broker, set, config);
            long tSubmit = System.nanoTime();
            long submitCpu = THREADS.getCurrentThreadCpuTime() - submitCpu0;
            if (!overlap) startWorkers.run();
            long[] seen = reader.get(30, TimeUnit.MINUTES);
            long lastScore = seen[0];
            long tEnd = lastScore; // when the reader had seen every job
            long processCpu = seen[1] - processCpu0;
            for (Future<Counters> f : runs) f.get(1, TimeUnit.MINUTES);
            long scored = -scored0;
            long aborted = -aborted0;
            long transactions = -tx0;
            for (ScorerWorker w : ws) {
                scored += w.counters().scored();
                aborted += w.counters().failed();
                transactions += w.counters().transactions();
                w.close();
            }
            pool.shutdownNow();
            double submitSecs = (tSubmit - t0) / 1e9;
            double totalSecs = (tEnd - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%nBENCH jobs=%d workers=%d maxPollRecords=%d maxTransactionMs=%d mode=%s "
                    + "warmupJobs=%d published=%d: %s; end to end %.2f s = %.1f records/s on nas.scores "
                    + "(scored %d in %d transactions, %.0f jobs/transaction, aborted %d; %.2f s after the submission "
                    + "returned)%n", jobs, workers, maxPoll, maxTxMs, preload ? "preload" : overlap ? "overlap" : "default",
                    warmup, s.published(), preload ? "submitted before the clock" : String.format(Locale.ROOT,
                            "submit %.2f s (%.0f jobs/s)", submitSecs, jobs / submitSecs),
                    totalSecs, jobs / totalSecs, scored, transactions, transactions > 0 ? (double) scored / transactions : 0,
                    aborted, (lastScore - tSubmit) / 1e9);
            System.out.printf(Locale.ROOT, "BENCH CPU on %d core(s) from start to end: process %.2f s (%.2f cores busy on "
                    + "average), worker thread(s) %.2f s (%.0f us/job), submitting thread %.2f s%s; machine load average "
                    + "%.2f (other processes included)%n",
                    Runtime.getRuntime().availableProcessors(), processCpu / 1e9, processCpu / (double) (tEnd - t0),
                    workerCpu.get() / 1e9, workerCpu.get() / 1e3 / jobs, preload ? 0.0 : submitCpu / 1e9,
                    preload ? " (submitted before the clock)" : "", OS.getSystemLoadAverage());
        }
    }

    /** Jobs done by all workers: {@code self}'s as its loop sees them, the others' committed (tested per record: no stream). */
    private static long totalDone(List<ScorerWorker> ws, ScorerWorker self, Counters own) {
        long sum = own.done();
        for (int i = 0; i < ws.size(); i++) {
            if (ws.get(i) != self) sum += ws.get(i).counters().done();
        }
        return sum;
    }

    private static Submission submit(KafkaTestBroker broker, JobSet set, ScoreConfig config) {
        try (JobPublisher pub = new JobPublisher(broker.clientConfig())) {
            return pub.submit(set, config, EnumSet.copyOf(ScoreName.PAPER), "bench", false);
        }
    }

    /**
     * Reads nas.scores (read_committed) until one record per job (key starting with {@code prefix}) has been seen;
     * returns System.nanoTime() and the process CPU time then (not after closing the consumer: leaving the group
     * takes ~0.5 s).
     */
    private static long[] awaitScores(KafkaTestBroker broker, String prefix, int jobs) {
        Map<String, Object> c = new HashMap<>(broker.clientConfig());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> keys = new HashSet<>();
        long[] seenAll;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SCORES.name()));
            while (keys.size() < jobs) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.key().startsWith(prefix)) keys.add(r.key());
                }
            }
            seenAll = new long[] {System.nanoTime(), OS.getProcessCpuTime()};
        }
        return seenAll;
    }
}
