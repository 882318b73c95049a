package io.nasscore.stack;

import static io.nasscore.stack.EmbeddedStack.DATABASE;
import static io.nasscore.stack.EmbeddedStack.READER_ROLE;
import static io.nasscore.stack.EmbeddedStack.SINK_ROLE;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts what an {@link EmbeddedStack.Builder} describes: checks (no stack already on the data directory, free
 * ports, the database's credentials), then the broker and PostgreSQL in parallel, then the state file. A part that
 * started is stopped again when the other fails.
 */
final class StackLauncher {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

    private StackLauncher() {}

    static EmbeddedStack launch(EmbeddedStack.Builder b) {
        if (!b.withKafka && !b.withPostgres) throw new IllegalArgumentException("an embedded stack needs Kafka or PostgreSQL");
        Optional<StackState> running = StackState.find(b.dataDir);
        if (running.isPresent()) {
            throw new IllegalStateException("a nasscore stack already runs on data dir " + b.dataDir + " (pid "
                    + running.get().pid() + "); use it, stop it, or choose another --data-dir");
        }
        DbCredentials credentials = null;
        if (b.withPostgres) {
            Path pgDir = b.dataDir.resolve("postgres");
            try {
                EmbeddedPg.stopOrphan(pgDir);
                if (EmbeddedPg.passwordsRequired(pgDir) && DbCredentials.read(b.dataDir).isEmpty()) {
                    throw new IllegalStateException("the PostgreSQL of " + b.dataDir + " requires passwords, but "
                            + DbCredentials.file(b.dataDir) + " is missing or unreadable: restore it");
                }
                credentials = DbCredentials.ensure(b.dataDir, List.of(EmbeddedPg.SUPERUSER, b.dbUser, SINK_ROLE, READER_ROLE));
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        DbCredentials creds = credentials;
        KafkaSecurity security;
        try {
            security = b.withKafka && b.secure ? KafkaSecurity.ensure(b.dataDir) : null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the Kafka credentials in " + b.dataDir + ": " + e.getMessage(), e);
        }
        if (b.withKafka) requireFreePort(b.kafkaPort, "Kafka", "--kafka-port");
        if (b.withPostgres) requireFreePort(b.postgresPort, "PostgreSQL", "--pg-port");

        long t0 = System.nanoTime();
        CompletableFuture<Timed<EmbeddedPg>> pg = b.withPostgres
                ? CompletableFuture.supplyAsync(() -> timed(() -> EmbeddedPg.start(b.dataDir.resolve("postgres"), b.postgresPort,
                        DATABASE, b.dbUser, creds), "PostgreSQL"))
                : CompletableFuture.completedFuture(new Timed<>(null, Duration.ZERO));
        Timed<KafkaNode> k = null;
        RuntimeException failure = null;
        try {
            k = b.withKafka ? timed(() -> startKafka(b, security), "Kafka")
                    : new Timed<>(null, Duration.ZERO);
        } catch (RuntimeException e) {
            failure = e;
        }
        Timed<EmbeddedPg> p = null;
        try {
            p = pg.join();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            if (failure == null) failure = cause; else failure.addSuppressed(cause);
        }
        if (failure != null) {
            if (k != null && k.value != null) k.value.close();
            if (p != null && p.value != null) p.value.close();
            throw failure;
        }
        Duration total = Duration.ofNanos(System.nanoTime() - t0);
        EmbeddedStack stack = new EmbeddedStack(b, creds, security, k.value, k.time, p.value, p.time, total);
        try {
            new StackState(ProcessHandle.current().pid(), stack.hasKafka() ? stack.bootstrapServers() : null,
                    stack.hasPostgres() ? stack.jdbcUrl() : null, b.dbUser, Instant.now()).write(b.dataDir);
        } catch (IOException e) {
            stack.close();
            throw new IllegalStateException("cannot write " + StackState.file(b.dataDir) + ": " + e.getMessage(), e);
        }
        log.debug("embedded stack up in {} ms (Kafka {} ms, PostgreSQL {} ms), data in {}", total.toMillis(),
                k.time.toMillis(), p.time.toMillis(), b.dataDir);
        return stack;
    }

    private static KafkaNode startKafka(EmbeddedStack.Builder b, KafkaSecurity security) throws IOException {
        KafkaNode node = KafkaNode.startSingle(b.dataDir.resolve("kafka"), b.host, b.kafkaPort, security, b.brokerConfig);
        if (security == null) return node;
        try {
            KafkaAcls.provision(node.config().adminClientConfig(), security, node.bootstrapServers());
            security.writeClientConfigs(b.dataDir);
            return node;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private record Timed<T>(T value, Duration time) {}

    private interface Starter<T> {
        T start() throws Exception;
    }

    private static <T> Timed<T> timed(Starter<T> s, String what) {
        long t0 = System.nanoTime();
        try {
            return new Timed<>(s.start(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) throw e;
            throw new IllegalStateException("embedded " + what + " failed to start: " + rootMessage(e), e);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException("embedded " + what + " failed to start: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }

    private static void requireFreePort(int port, String what, String flag) {
        if (port == 0) return;
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " for the embedded " + what
                    + " is taken (another nasscore stack or server?): choose another with " + flag);
        }
    }
}
