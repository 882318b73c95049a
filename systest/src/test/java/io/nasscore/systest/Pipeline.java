package io.nasscore.systest;

import io.nasscore.stack.KafkaProcessCluster;
import io.nasscore.stack.KafkaSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The pipeline as it is deployed, every part its own OS process: a 3-node KRaft cluster (replication factor 3,
 * {@code min.insync.replicas} 2), PostgreSQL, {@code nasscore truth load}, two {@code nasscore worker --scorer noop},
 * one {@code nasscore aggregate}, and a {@code nasscore submit} per experiment.
 *
 * <p>Secured ({@code new Pipeline(dir, true)}): SASL/SCRAM-SHA-512 on the client listener and ACLs
 * ({@code KafkaSecurity}, {@code KafkaAcls}); each component runs with the {@code --client-config} of its own principal
 * (submit and truth load: the producer; workers: the worker; aggregate: the aggregator), and the test's own checks
 * connect as the super user on the brokers' listener.
 *
 * <p>The test acts as the supervisor would: a component a scenario killed is started again with the same command
 * (same worker id, same state directory); no other component is ever restarted.
 */
final class Pipeline implements AutoCloseable {
    /** Workers leave the group 10 s after their last heartbeat (a SIGSTOPped JVM sends none), not 45 s. */
    static final Duration WORKER_SESSION_TIMEOUT = Duration.ofSeconds(10);

    final Path dir;
    final KafkaProcessCluster kafka;
    /** The principals' credentials when secured, else null. */
    final KafkaSecurity security;
    final PgServer pg;
    final List<Proc> workers = new ArrayList<>();
    Proc aggregator;
    private final Path logs;
    private final Path workerConfig;

    Pipeline(Path dir) {
        this(dir, false);
    }

    Pipeline(Path dir, boolean secured) {
        this.dir = dir;
        this.logs = mkdirs(dir.resolve("logs"));
        try {
            this.security = secured ? KafkaSecurity.ensure(mkdirs(dir.resolve("kafka-security"))) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaProcessCluster k = null;
        PgServer p = null;
        try {
            long t0 = System.nanoTime();
            k = secured
                    ? KafkaProcessCluster.start(dir.resolve("kafka"), 3, security, Map.of(), System.getProperty("java.class.path"), KafkaProcessCluster.TEST_JVM_OPTIONS)
                    : KafkaProcessCluster.start(dir.resolve("kafka"), 3, Map.of());
            long t1 = System.nanoTime();
            p = new PgServer(dir.resolve("pg"));
            System.out.printf("systest: 3 broker processes up in %d ms, PostgreSQL in %d ms%n", (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
        } catch (RuntimeException e) {
            if (k != null) k.close();
            throw e;
        }
        kafka = k;
        pg = p;
        workerConfig = clientConfig(KafkaSecurity.WORKER, Map.of("session.timeout.ms", Long.toString(WORKER_SESSION_TIMEOUT.toMillis())));
    }

    /** {@code <dir>/<principal>.properties}: the principal's SASL settings when secured, plus {@code extra}. */
    private Path clientConfig(String principal, Map<String, String> extra) {
        Properties p = security == null ? new Properties() : security.clientProperties(principal);
        extra.forEach(p::setProperty);
        Path f = dir.resolve(principal + ".properties");
        try (java.io.Writer w = Files.newBufferedWriter(f)) {
            p.store(w, "client settings of " + principal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** The --client-config of a command's principal: none for an unsecured cluster, except the workers' timeout. */
    private List<String> clientConfigArgs(String command) {
        if (command.equals("worker")) return List.of("--client-config", workerConfig.toString());
        if (security == null) return List.of();
        String principal = command.equals("aggregate") ? KafkaSecurity.AGGREGATOR : KafkaSecurity.PRODUCER;
        return List.of("--client-config", clientConfig(principal, Map.of()).toString());
    }

    /** The client settings of the test's own checks: the cluster's addresses, as the super user when secured. */
    Map<String, Object> kafkaClient() {
        if (security == null) return Map.of("bootstrap.servers", kafka.bootstrapServers());
        Map<String, Object> m = new LinkedHashMap<>(kafka.config(1).adminClientConfig());
        m.put("bootstrap.servers", kafka.nodeIds().stream().map(id -> kafka.config(id).self())
                .map(n -> n.host() + ":" + n.brokerPort()).collect(Collectors.joining(",")));
        return m;
    }

    /** A client of the cluster's client listener as {@code principal}, or without credentials when null. */
    Map<String, Object> clientAs(String principal) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (principal != null) security.clientProperties(principal).forEach((k, v) -> m.put(k.toString(), v));
        m.put("bootstrap.servers", kafka.bootstrapServers());
        return m;
    }

    /** Loads the shipped cifar10 accuracies (a process that must exit 0), then starts the workers and the aggregator. */
    void startComponents() {
        long t0 = System.nanoTime();
        Proc truth = run("truth-load", List.of("truth", "load"));
        int code = truth.awaitExit(Duration.ofMinutes(5));
        if (code != 0) throw new AssertionError("truth load exited " + code + ":\n" + truth.tail(30));
        for (int i = 1; i <= 2; i++) workers.add(worker("w" + i));
        aggregator = run("aggregate", List.of("aggregate", "--recompute-every", "1s"));
        System.out.printf("systest: truth loaded in %d ms; workers and aggregator started%n", (System.nanoTime() - t0) / 1_000_000);
    }

    Proc worker(String id) {
        return worker(id, "noop");
    }

    /** A worker with {@code --scorer scorer} (noop or djl; djl on the CPU). */
    Proc worker(String id, String scorer) {
        List<String> args = new ArrayList<>(List.of("worker", "--scorer", scorer, "--worker-id", id));
        if (scorer.equals("djl")) args.addAll(List.of("--device", "cpu"));
        return run("worker-" + id, args);
    }

    /** Stops every worker (SIGTERM, as a supervisor would) and starts {@code ids} with {@code scorer} in their place. */
    void replaceWorkers(String scorer, String... ids) {
        for (Proc w : workers) {
            w.terminate();
        }
        workers.clear();
        for (String id : ids) workers.add(worker(id, scorer));
    }

    /** {@code nasscore <args>} with the cluster's and the database's addresses and a data dir of its own. */
    Proc run(String name, List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--data-dir", mkdirs(dir.resolve("cli-" + name)).toString()));
        all.addAll(clientConfigArgs(args.get(0)));
        if (usesDatabase(args.get(0))) all.addAll(List.of("--jdbc-url", pg.jdbcUrl(), "--db-user", pg.user()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NASSCORE_DB_PASSWORD", pg.password());
        return Proc.start(name, logs, env, all);
    }

    private static boolean usesDatabase(String command) {
        return command.equals("aggregate");
    }

    /** {@code nasscore submit}, which must exit 0; its output. */
    String submit(String name, List<String> args) {
        List<String> all = new ArrayList<>(List.of("submit"));
        all.addAll(args);
        Proc p = run(name, all);
        int code = p.awaitExit(Duration.ofMinutes(5));
        if (code != 0) throw new AssertionError(name + " exited " + code + ":\n" + p.tail(30));
        return p.log();
    }

    /** Every long-running component: the workers and the aggregator. */
    List<Proc> components() {
        List<Proc> all = new ArrayList<>(workers);
        all.add(aggregator);
        return all;
    }

    /** Copies the processes' logs (and the brokers') to {@code target/systest-logs}: the temp dir goes with the test. */
    void keepLogs() {
        Path to = mkdirs(Path.of("target", "systest-logs"));
        try (java.util.stream.Stream<Path> files = Files.list(logs)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            for (int id : kafka.nodeIds()) {
                if (Files.exists(kafka.log(id))) Files.copy(kafka.log(id), to.resolve("kafka-node-" + id + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("cannot keep the logs: " + e);
        }
    }

    @Override
    public void close() {
        keepLogs();
        List<Proc> running = components().stream().filter(p -> p != null && p.alive()).toList();
        for (Proc p : running) {
            try {
                p.contSignal(); // a stopped process ignores SIGTERM until continued
                p.requestStop(); // all at once: each stops in parallel with the others
            } catch (RuntimeException ignored) {
                // it exited meanwhile
            }
        }
        running.forEach(Proc::terminate);
        try {
            // SIGKILL: the test is over, a controlled shutdown of three brokers would only cost seconds
            kafka.nodeIds().forEach(kafka::kill);
        } finally {
            pg.close();
        }
    }

    static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
