package io.nasscore.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.aggregator.AggregatorConfig;
import io.nasscore.schemas.Topics;
import io.nasscore.sink.Database;
import io.nasscore.stack.DbCredentials;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.stack.StackState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The pipeline deployed as separate JVMs on one fresh data directory: {@code nasscore up}, {@code truth load},
 * {@code aggregate} and one {@code worker}; each process logs to {@code <dir>/logs/<name>.log}. Closing stops them
 * (SIGTERM, in reverse order) and deletes the directory unless {@code -Dbench.keep=true}.
 */
final class Deployment implements AutoCloseable {
    final Path dir;
    final Path logs;
    final String[] conn;
    Process up;
    Process aggregate;
    Process worker;
    /** Every worker started: {@link #worker} first, then those of {@link #addWorker}. */
    final List<Process> workers = new ArrayList<>();
    HikariDataSource db;
    private final List<Process> started = new ArrayList<>();

    Deployment(String name) throws Exception {
        dir = Files.createTempDirectory("nasscore-" + name);
        logs = Files.createDirectories(dir.resolve("logs"));
        conn = new String[] {"--data-dir", dir.toString()};
    }

    /** up, truth load (shipped CIFAR-10), aggregate, and a worker started with {@code workerArgs}. */
    Deployment start(String... workerArgs) throws Exception {
        up = spawn("up", "2g", "up", "--kafka-port", "0", "--pg-port", "0");
        StackState stack = awaitStack();
        Process truth = spawn("truth", "1g", "truth", "load", "--dataset", "cifar10");
        if (truth.waitFor() != 0) throw new IllegalStateException("truth load failed: see " + logs.resolve("truth.log"));
        aggregate = spawn("aggregate", "2g", "aggregate");
        String[] w = new String[workerArgs.length + 1];
        w[0] = "worker";
        System.arraycopy(workerArgs, 0, w, 1, workerArgs.length);
        worker = spawn("worker", "2g", w);
        workers.add(worker);
        // the password `up` generated for this data directory (credentials.properties), as the CLI reads it
        String password = System.getenv().getOrDefault("NASSCORE_DB_PASSWORD",
                DbCredentials.read(dir).flatMap(c -> c.password(EmbeddedStack.DEFAULT_DB_USER)).orElse(EmbeddedStack.DEFAULT_DB_PASSWORD));
        db = Database.dataSource(stack.jdbcUrl(), EmbeddedStack.DEFAULT_DB_USER, password);
        if (Boolean.parseBoolean(System.getProperty("bench.awaitAggregator", "true"))) awaitGroundTruthRead(stack);
        return this;
    }

    /**
     * Waits until the aggregator has read the whole ground truth (its group's committed offsets on nas.ground-truth at
     * the topic's end), as a rollout waits for a service to be ready before traffic: otherwise the first experiment
     * is submitted while the aggregator is still starting and joining 15,625 accuracies, and its staleness measures
     * the start-up, not the pipeline. {@code -Dbench.awaitAggregator=false} submits at once, as before 2026-12-01 09:45.
     */
    private void awaitGroundTruthRead(StackState stack) throws Exception {
        String topic = Topics.DEFAULT.groundTruth().name();
        long deadline = System.nanoTime() + Duration.ofMinutes(Long.getLong("bench.upMinutes", 5)).toNanos();
        try (Admin admin = Admin.create(
                Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            while (System.nanoTime() < deadline) {
                if (!aggregate.isAlive()) throw new IllegalStateException("`nasscore aggregate` exited: see " + logs.resolve("aggregate.log"));
                var committed = admin.listConsumerGroupOffsets(AggregatorConfig.DEFAULT_APPLICATION_ID)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
                if (done) return;
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the aggregator did not read the ground truth in time: see " + logs.resolve("aggregate.log"));
    }

    /** One more worker JVM (logging to logs/worker-N.log) with {@code workerArgs}. */
    void addWorker(String... workerArgs) throws Exception {
        String[] w = new String[workerArgs.length + 1];
        w[0] = "worker";
        System.arraycopy(workerArgs, 0, w, 1, workerArgs.length);
        workers.add(spawn("worker-" + (workers.size() + 1), "2g", w));
    }

    /**
     * {@code nasscore <args> --data-dir <dir>} as its own JVM, logging to logs/<log>.log, with the extra JVM options
     * of {@code -Dbench.jvm.<command>} (space-separated; e.g. {@code -Dbench.jvm.aggregate=-XX:TieredStopAtLevel=1}),
     * to compare JVM settings of one component.
     */
    Process spawn(String log, String heap, String... args) throws Exception {
        String[] all = Arrays.copyOf(args, args.length + conn.length);
        System.arraycopy(conn, 0, all, args.length, conn.length);
        List<String> jvm = new ArrayList<>();
        for (String o : System.getProperty("bench.jvm." + args[0], "").trim().split("\\s+")) if (!o.isEmpty()) jvm.add(o);
        Process p = Procs.nasscore(logs.resolve(log + ".log"), heap, jvm, all);
        if (!log.equals("truth") && !log.equals("submit")) started.add(p);
        return p;
    }

    private StackState awaitStack() throws InterruptedException {
        long minutes = Long.getLong("bench.upMinutes", 5); // a loaded machine (or nice) can take longer
        long deadline = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
        while (System.nanoTime() < deadline) {
            if (!up.isAlive()) throw new IllegalStateException("`nasscore up` exited: see " + logs.resolve("up.log"));
            Optional<StackState> s = StackState.find(dir);
            if (s.isPresent() && s.get().hasKafka() && s.get().hasPostgres()) return s.get();
            Thread.sleep(200);
        }
        throw new IllegalStateException("`nasscore up` did not come up in " + minutes + " minutes");
    }

    /** CPU so far of: reaped children (finished submits), the workers, aggregate, up (the broker), PostgreSQL. */
    long[] cpu() {
        long workersCpu = 0;
        for (Process w : workers) workersCpu += Procs.cpuNanos(w.pid());
        return new long[] {Procs.reapedChildrenCpuNanos(), workersCpu, Procs.cpuNanos(aggregate.pid()),
            Procs.cpuNanos(up.pid()), Procs.postgresCpuNanos(dir.resolve("postgres"))};
    }

    @Override
    public void close() throws Exception {
        if (db != null) db.close();
        for (int i = started.size() - 1; i >= 0; i--) Procs.stop(started.get(i));
        if (!Boolean.getBoolean("bench.keep")) Bench.deleteQuietly(dir);
    }
}
