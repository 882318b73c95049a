package io.nasscore.scorer.worker;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.producer.JobPublisher;
import io.nasscore.producer.JobSet;
import io.nasscore.producer.Submission;
import io.nasscore.schemas.Topics;
import io.nasscore.scorer.NoopScorer;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * BENCHMARK, not a test (its name does not match the test patterns; run it explicitly):
 * end-to-end throughput of the pipeline without the network passes, from {@code submit} to committed records on
 * nas.scores, with the {@link NoopScorer}, on an in-process single-node KRaft broker (production feature levels).
 *
 * <pre>
 * mvn -o -q install -pl core,schemas,producer -DskipTests
 * mvn -o test -pl scorer-worker -Dtest=PipelineBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.jobs=10000 -Dbench.workers=1
 * </pre>
 *
 * The clock starts before the submission and stops when a read_committed consumer of nas.scores has seen one record
 * per job. Each worker runs its own transactional loop (one job per transaction) on its own thread; in production
 * each would be its own process.
 */
class PipelineBenchmark {

    @Test
    void endToEnd() throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 10_000);
        int workers = Integer.getInteger("bench.workers", 1);
        ScoreConfig config = ScoreConfig.defaults(Dataset.CIFAR10);
        JobSet set = JobSet.sample(jobs, 1, 2024);
        try (Broker broker = new Broker()) {
            ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
            List<ScorerWorker> ws = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                ws.add(new ScorerWorker(broker.workerConfig("bench-" + i).withProgressEvery(Duration.ofSeconds(15)), new NoopScorer()));
            }
            // join the group before the clock starts (as running workers would be)
            List<Future<Counters>> warm = new ArrayList<>();
            for (ScorerWorker w : ws) warm.add(pool.submit(() -> w.runUntil(c -> c.elapsed().toMillis() > 3000)));
            for (Future<Counters> f : warm) f.get();

            long t0 = System.nanoTime();
            Future<Long> reader = pool.submit(() -> awaitScores(broker, jobs));
            Submission s;
            try (JobPublisher pub = new JobPublisher(broker.kafka())) {
                s = pub.submit(set, config, EnumSet.allOf(ScoreName.class), "bench", false);
            }
            long tSubmit = System.nanoTime();
            List<Future<Counters>> runs = new ArrayList<>();
            for (ScorerWorker w : ws) {
                runs.add(pool.submit(() -> w.runUntil(c -> ws.stream().mapToLong(x -> x.counters().done()).sum() >= jobs)));
            }
            long lastScore = reader.get(30, TimeUnit.MINUTES);
            long tEnd = System.nanoTime();
            for (Future<Counters> f : runs) f.get(1, TimeUnit.MINUTES);
            long scored = 0;
            long aborted = 0;
            for (ScorerWorker w : ws) {
                scored += w.counters().scored();
                aborted += w.counters().failed();
                w.close();
            }
            pool.shutdownNow();
            double submitSecs = (tSubmit - t0) / 1e9;
            double totalSecs = (tEnd - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%nBENCH jobs=%d workers=%d published=%d: submit %.2f s (%.0f jobs/s); "
                    + "end to end %.2f s = %.1f records/s on nas.scores (scored %d, aborted %d; last record %.2f s)%n",
                    jobs, workers, s.published(), submitSecs, jobs / submitSecs, totalSecs, jobs / totalSecs, scored, aborted,
                    (lastScore - t0) / 1e9);
        }
    }

    /** Reads nas.scores (read_committed) until one record per job has been seen; returns System.nanoTime() then. */
    private static long awaitScores(Broker broker, int jobs) {
        Map<String, Object> c = new HashMap<>(broker.kafka());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SCORES.name()));
            while (keys.size() < jobs) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) keys.add(r.key());
            }
        }
        return System.nanoTime();
    }
}
