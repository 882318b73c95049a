package io.nasscore.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.sink.Database;
import io.nasscore.sink.PostgresSink;
import io.nasscore.sink.ScoreTableLookup;
import io.nasscore.sink.SinkConfig;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.producer.ExistingScores;
import io.nasscore.producer.JobPublisher;
import io.nasscore.producer.JobSet;
import io.nasscore.producer.PersistedScores;
import io.nasscore.producer.Submission;
import io.nasscore.producer.TruthPublisher;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The already-scored lookup at scale (docs/benchmarks.md, "Submit with millions of scores"): {@code submit} of
 * 1,000 jobs when nas.scores (and the sink's PostgreSQL tables, which a running sink keeps filled) already hold 0,
 * 100,000 and 1,000,000 records, through both paths: the whole-topic read ({@code JobPublisher} without a store) and
 * the keyed lookup ({@link ScoreTableLookup}: the rows of the 1,000 keys + the topic's tail after sink_offsets).
 *
 * <p>The records are synthetic no-op score records (all twelve scores), 15,625 architectures x 64 scoring seeds
 * for a million, published straight to nas.scores and persisted by the real sink running beside (as in a
 * deployment). Each measured submission is a new experiment of 1,000 architectures under a configuration never
 * scored (1,000 jobs published), median of {@code -Dbench.repeats} (3); then one of 1,000 already-scored ones
 * (1,000 re-published), which checks that both paths find the same records.
 *
 * <p>Run: {@code bench/run.sh LookupBench [sizes...]} (default 0 100000 1000000), embedded stack on free ports in
 * a temporary directory, deleted at the end.
 */
public final class LookupBench {
    private LookupBench() {}

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {0, 100_000, 1_000_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int repeats = Integer.getInteger("bench.repeats", 3);
        Path dir = Files.createTempDirectory("nasscore-lookup-bench");
        System.out.println("## Submit with millions of scores (LookupBench)");
        System.out.println();
        System.out.println("- date: " + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0) + "; machine: "
                + Runtime.getRuntime().availableProcessors() + " cores; load average " + Bench.loadAverage());
        System.out.println();
        try (EmbeddedStack stack = EmbeddedStack.builder(dir).kafkaPort(0).postgresPort(0).start();
             HikariDataSource db = Database.dataSource(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())) {
            Map<String, Object> kafka = new HashMap<>(Map.of("bootstrap.servers", stack.bootstrapServers()));
            try (Admin admin = Admin.create(kafka)) {
                Topics.createAll(admin, (short) 1);
            }
            Database.migrate(db);
            try (TruthPublisher truth = new TruthPublisher(kafka)) {
                truth.publishShipped(Dataset.CIFAR10); // the views join it: the queries below see realistic joins
            }
            try (PostgresSink sink = new PostgresSink(kafka, db, SinkConfig.defaults())) {
                Thread sinkThread = new Thread(sink::run, "nasscore-sink");
                sinkThread.setDaemon(true);
                sinkThread.start();
                System.out.println("| records in nas.scores / PostgreSQL | path | submit of 1,000 new jobs, median (min-max) | of which the lookup |"
                        + " 1,000 already scored: re-published, time | load average |");
                System.out.println("|---:|---|---:|---:|---:|---|");
                int filled = 0;
                int round = 0;
                for (int size : sizes) {
                    long f0 = System.nanoTime();
                    fill(kafka, filled, size);
                    filled = Math.max(filled, size);
                    awaitRows(db, filled);
                    System.err.printf(Locale.ROOT, "filled %,d records (topic and PostgreSQL) in %.0f s%n", filled,
                            (System.nanoTime() - f0) / 1e9);
                    for (boolean table : new boolean[] {false, true}) {
                        PersistedScores store = table ? new ScoreTableLookup(db) : null;
                        double[] ms = new double[repeats];
                        double[] lookup = new double[repeats];
                        for (int r = 0; r < repeats; r++) {
                            // a configuration never scored: the 1,000 are all new jobs
                            ScoreConfig fresh = ScoreConfig.defaults(Dataset.CIFAR10).withSeed(1_000_000 + round++);
                            long t0 = System.nanoTime();
                            Submission s;
                            try (JobPublisher p = new JobPublisher(kafka, store)) {
                                s = p.submit(JobSet.sample(1000, 1, r), fresh, EnumSet.allOf(ScoreName.class), "lookup-" + round, false);
                            }
                            ms[r] = (System.nanoTime() - t0) / 1e6;
                            if (s.published() != 1000) throw new IllegalStateException("expected 1000 new jobs, got " + s.published());
                            lookup[r] = lookupMillis(kafka, store, JobSet.sample(1000, 1, r), fresh);
                        }
                        String again = "-";
                        if (filled > 0) {
                            // 1,000 architectures of seed 0, all already scored: both paths must find every one
                            long t0 = System.nanoTime();
                            Submission s;
                            try (JobPublisher p = new JobPublisher(kafka, store)) {
                                s = p.submit(JobSet.sample(1000, 1, 99), seedConfig(0), EnumSet.allOf(ScoreName.class), "again-" + round++, false);
                            }
                            if (s.republished() != 1000) throw new IllegalStateException("expected 1000 already scored, got " + s.republished());
                            again = String.format(Locale.ROOT, "%,d, %.0f ms", s.republished(), (System.nanoTime() - t0) / 1e6);
                        }
                        Arrays.sort(ms);
                        Arrays.sort(lookup);
                        System.out.printf(Locale.ROOT, "| %,d | %s | %.0f ms (%.0f-%.0f) | %.0f ms | %s | %s |%n", filled,
                                table ? "keyed lookup (PostgreSQL + tail)" : "whole topic", ms[repeats / 2], ms[0], ms[repeats - 1],
                                lookup[repeats / 2], again, Bench.loadAverage());
                    }
                }
                sink.stop();
                sinkThread.join(60_000);
            }
            // the million rows the real sink wrote (64 experiments of 15,625): the users' queries, and the disk
            System.out.println();
            System.out.println("### The queries on " + String.format(Locale.ROOT, "%,d", sizes[sizes.length - 1]) + " rows (load average "
                    + Bench.loadAverage() + ")");
            System.out.println();
            SqlTimings.report(db, "fill-1");
            System.out.println();
            Disk.report(dir, sizes[sizes.length - 1]);
        } finally {
            Bench.deleteQuietly(dir);
        }
    }

    /** The lookup alone, as JobPublisher does it: the store's rows and the topic's tail, or the whole topic. */
    static double lookupMillis(Map<String, Object> kafka, PersistedScores store, JobSet set, ScoreConfig config) {
        Set<String> wanted = new HashSet<>();
        for (int i : set.indices()) wanted.add(Keys.score(config, i));
        long t0 = System.nanoTime();
        if (store == null) {
            ExistingScores.read(kafka, wanted::contains, JobPublisher.READ_TIMEOUT);
        } else {
            PersistedScores.Snapshot snap = store.find(wanted);
            ExistingScores.read(kafka, wanted::contains, snap.nextOffsets(), snap.records(), JobPublisher.READ_TIMEOUT);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    static ScoreConfig seedConfig(int seed) {
        return ScoreConfig.defaults(Dataset.CIFAR10).withSeed(seed);
    }

    /** Publishes the synthetic records number {@code from} to {@code to}: 15,625 architectures per scoring seed. */
    static void fill(Map<String, Object> kafka, int from, int to) {
        if (to <= from) return;
        Map<String, Object> p = new HashMap<>(kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        Set<ScoreName> all = EnumSet.allOf(ScoreName.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int n = from; n < to; n++) {
                int seed = n / SearchSpace.SIZE;
                int index = n % SearchSpace.SIZE;
                ScoreRecord r = record(seedConfig(seed), index, "fill-" + seed, all);
                producer.send(new ProducerRecord<>(Topics.SCORES.name(), r.getScoreKey(),
                        Topics.SCORES.valueSerde().serializer().serialize(Topics.SCORES.name(), r)));
            }
        }
    }

    static ScoreRecord record(ScoreConfig c, int index, String experiment, Set<ScoreName> scores) {
        Map<ScoreName, Double> v = new EnumMap<>(ScoreName.class);
        for (ScoreName s : scores) v.put(s, ((index * 31L + s.ordinal() * 7L + c.seed()) % 1000) / 1000.0);
        Map<Pass, Double> passes = new EnumMap<>(Pass.class);
        for (Pass ps : ScoreName.passes(scores)) passes.put(ps, 0.0);
        ScoreResult r = new ScoreResult(SearchSpace.arch(index), c, v, -64.0, 5, 0, 0, false, 1000, passes, 0.0, 0.01, "noop");
        return Convert.scoreRecord(r, experiment, Keys.jobId(c, index), List.of(), "fill", "noop", Instant.now());
    }

    static void awaitRows(HikariDataSource db, long n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
        while (true) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM scores")) {
                rs.next();
                if (rs.getLong(1) >= n) return;
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("the sink did not persist " + n + " rows in an hour");
            Thread.sleep(1000);
        }
    }
}
