package io.nasscore.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * A KRaft cluster of N nodes (each controller and broker), each its own OS process started the way the distribution's
 * {@code kafka-server-start.sh} starts one: {@code java -cp <classpath> kafka.Kafka server.properties}, on the
 * loopback interface, for tests that kill, stop and restart brokers (issue 8's system tests).
 *
 * <p>With 3 or more nodes every topic created without explicit settings, and every internal topic, has
 * replication factor 3 and {@code min.insync.replicas} 2: an {@code acks=all} write survives the loss of one broker,
 * and the cluster keeps accepting writes without it.
 *
 * <pre>
 * &lt;dir&gt;/node-&lt;id&gt;/server.properties   the node's configuration (BrokerConfig)
 * &lt;dir&gt;/node-&lt;id&gt;/data/               its log directory, formatted once
 * &lt;dir&gt;/node-&lt;id&gt;/server.log           its output
 * </pre>
 */
public final class KafkaProcessCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long a restarted node may take to serve again. After a SIGKILL the broker recovers its logs (every segment
     * not flushed is checked) before it answers; on the 2-core machine shared with six builds that took 96 s, beyond
     * the 60 s Admin timeout {@code restart} used to wait through. 5 min is three times that.
     */
    static final Duration RESTART_TIMEOUT = Duration.ofMinutes(5);
    private static final int BIND_ATTEMPTS = 3;

    private final Path dir;
    private final String classpath;
    private final List<String> jvmOptions;
    private final Map<Integer, BrokerConfig> configs = new LinkedHashMap<>();
    private final Map<Integer, Process> processes = new LinkedHashMap<>();

    private KafkaProcessCluster(Path dir, String classpath, List<String> jvmOptions) {
        this.dir = dir;
        this.classpath = classpath;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * The JVM options of a test's broker process: a small heap, and C1 only (the broker lives a minute or two, where
     * C2's compilations of its start cost more CPU than they give back on 2 shared cores).
     */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

    /**
     * Formats and starts {@code nodes} nodes under {@code dir} with this JVM's class path and
     * {@link #TEST_JVM_OPTIONS}, and waits until every broker serves and has registered.
     *
     * @param extra broker configs for every node, overriding the defaults
     */
    public static KafkaProcessCluster start(Path dir, int nodes, Map<String, String> extra) {
        return start(dir, nodes, null, extra, System.getProperty("java.class.path"), TEST_JVM_OPTIONS);
    }

    /**
     * As {@link #start(Path, int, Map)}, secured if {@code security} is not null (its principals' credentials and ACLs
     * provisioned once the brokers run), with the class path holding {@code kafka_2.13} and its dependencies.
     */
    public static KafkaProcessCluster start(Path dir, int nodes, KafkaSecurity security, Map<String, String> extra, String classpath,
            List<String> jvmOptions) {
        if (nodes < 1) throw new IllegalArgumentException("a cluster needs at least one node, not " + nodes);
        for (int attempt = 1; ; attempt++) {
            KafkaProcessCluster c = new KafkaProcessCluster(dir, classpath, jvmOptions);
            try {
                c.configure(nodes, security, extra);
                c.configs.keySet().forEach(c::startProcess);
                c.awaitBrokers(nodes, START_TIMEOUT);
                if (security != null) KafkaAcls.provision(c.configs.get(1).adminClientConfig(), security, c.bootstrapServers());
                return c;
            } catch (RuntimeException e) {
                boolean portTaken = c.logsMention("Address already in use");
                c.close();
                if (!portTaken || attempt == BIND_ATTEMPTS) throw e;
                for (int id = 1; id <= nodes; id++) deleteRecursively(dir.resolve("node-" + id)); // new ports, so a new cluster
            }
        }
    }

    private void configure(int n, KafkaSecurity security, Map<String, String> extra) {
        String host = BrokerConfig.loopback();
        List<Integer> ports = FreePorts.pick(host, 3 * n);
        List<BrokerConfig.Node> quorum = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            quorum.add(new BrokerConfig.Node(i + 1, host, ports.get(3 * i), ports.get(3 * i + 1), ports.get(3 * i + 2)));
        }
        int rf = Math.min(3, n);
        int minIsr = rf >= 3 ? 2 : 1;
        String clusterId = KafkaStorage.newClusterId();
        try {
            for (BrokerConfig.Node node : quorum) {
                Path nodeDir = nodeDir(node.id());
                BrokerConfig config = new BrokerConfig(node, quorum, nodeDir.resolve("data"), rf, minIsr, security, extra);
                config.write(nodeDir.resolve(BrokerConfig.FILE_NAME));
                KafkaStorage.format(config, clusterId);
                configs.put(node.id(), config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client listeners of every node, comma-separated. */
    public String bootstrapServers() {
        return configs.values().stream().map(c -> c.self().bootstrapServer()).collect(Collectors.joining(","));
    }

    /** The node ids, 1..N. */
    public List<Integer> nodeIds() {
        return List.copyOf(configs.keySet());
    }

    public BrokerConfig config(int nodeId) {
        return requireNode(nodeId);
    }

    /** The node's process while it runs (for signals such as SIGSTOP). */
    public Optional<ProcessHandle> process(int nodeId) {
        requireNode(nodeId);
        Process p = processes.get(nodeId);
        return p != null && p.isAlive() ? Optional.of(p.toHandle()) : Optional.empty();
    }

    public Path log(int nodeId) {
        return nodeDir(nodeId).resolve("server.log");
    }

    /** SIGKILL: the broker gets no chance to shut down cleanly. */
    public void kill(int nodeId) {
        Process p = processes.remove(nodeId);
        if (p == null) return;
        p.destroyForcibly();
        waitFor(p, STOP_TIMEOUT);
    }

    /** SIGTERM: a controlled shutdown, as {@code kafka-server-stop.sh} asks for. */
    public void stop(int nodeId) {
        Process p = processes.remove(nodeId);
        if (p == null) return;
        p.destroy();
        if (!waitFor(p, STOP_TIMEOUT)) {
            p.destroyForcibly();
            waitFor(p, STOP_TIMEOUT);
        }
    }

    /**
     * Starts a stopped or killed node again on its data, and waits until it serves and the cluster lists it among its
     * brokers again (registered and unfenced), polling up to {@link #RESTART_TIMEOUT}. Fails at once, naming its log,
     * if the process exits meanwhile.
     */
    public void restart(int nodeId) {
        requireNode(nodeId);
        if (process(nodeId).isPresent()) throw new IllegalStateException("node " + nodeId + " still runs");
        startProcess(nodeId);
        awaitRejoined(nodeId, RESTART_TIMEOUT);
    }

    private void awaitRejoined(int nodeId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> cfg = new java.util.HashMap<>(configs.get(nodeId).adminClientConfig());
        cfg.put("default.api.timeout.ms", 10_000); // one attempt; the loop retries until the deadline
        cfg.put("request.timeout.ms", 5_000);
        String last = "not listening yet";
        while (System.nanoTime() < deadline) {
            Process p = processes.get(nodeId);
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException("Kafka node " + nodeId + " exited during its restart"
                        + (p == null ? "" : " with " + p.exitValue()) + "; see " + log(nodeId));
            }
            if (StackState.reachable(configs.get(nodeId).self().bootstrapServer())) {
                try (Admin admin = Admin.create(cfg)) {
                    if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == nodeId)) return;
                    last = "serving, not yet registered";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka node " + nodeId);
                } catch (Exception e) {
                    last = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                }
            }
            sleep(500);
        }
        throw new IllegalStateException("Kafka node " + nodeId + " did not serve again within " + timeout.toSeconds()
                + " s of its restart (" + last + "); see " + log(nodeId));
    }

    /** Stops every node (SIGTERM, then SIGKILL for one that does not stop in time). */
    @Override
    public void close() {
        List<Integer> running = new ArrayList<>(processes.keySet());
        running.forEach(id -> processes.get(id).destroy());
        running.forEach(this::stop);
    }

    private void startProcess(int nodeId) {
        Path nodeDir = nodeDir(nodeId);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath, "kafka.Kafka", nodeDir.resolve(BrokerConfig.FILE_NAME).toString()));
        try {
            Process p = new ProcessBuilder(cmd).directory(nodeDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(nodeId).toFile())).start();
            processes.put(nodeId, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka node " + nodeId + ": " + e.getMessage(), e);
        }
    }

    private void awaitBrokers(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (BrokerConfig c : configs.values()) {
            Process p = processes.get(c.self().id());
            while (!p.isAlive() || !StackState.reachable(c.self().bootstrapServer())) {
                if (!p.isAlive()) throw new IllegalStateException("Kafka node " + c.self().id() + " exited with " + p.exitValue() + "; see " + log(c.self().id()));
                if (System.nanoTime() > deadline) throw new IllegalStateException("Kafka node " + c.self().id() + " did not listen within " + timeout.toSeconds() + " s");
                sleep(200);
            }
        }
        Map<String, Object> adminConfig = new java.util.HashMap<>(configs.get(1).adminClientConfig());
        adminConfig.put("bootstrap.servers", configs.values().stream()
                .map(c -> c.self().host() + ":" + (c.security() == null ? c.self().clientPort() : c.self().brokerPort()))
                .collect(Collectors.joining(",")));
        try (Admin admin = Admin.create(adminConfig)) {
            while (admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size() < n) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("fewer than " + n + " brokers registered within " + timeout.toSeconds() + " s");
                sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the brokers");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the brokers did not register: " + e.getMessage(), e);
        }
    }

    private boolean logsMention(String text) {
        for (int id : configs.keySet()) {
            try {
                if (Files.exists(log(id)) && Files.readString(log(id), StandardCharsets.UTF_8).contains(text)) return true;
            } catch (IOException ignored) {
                // an unreadable log mentions nothing
            }
        }
        return false;
    }

    private BrokerConfig requireNode(int nodeId) {
        BrokerConfig c = configs.get(nodeId);
        if (c == null) throw new IllegalArgumentException("no Kafka node " + nodeId + " in this cluster (nodes " + configs.keySet() + ")");
        return c;
    }

    private Path nodeDir(int nodeId) {
        return dir.resolve("node-" + nodeId);
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + root, e);
        }
    }
}
