package io.nasscore.systest;

import io.nasscore.stack.EmbeddedStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The durable, password-protected PostgreSQL of the stack module, its server a separate OS process (the postmaster
 * and its backends) that the scenarios kill with SIGKILL, stall with SIGSTOP and start again on the same data and port.
 */
final class PgServer implements AutoCloseable {
    private final Path dataDir;
    private EmbeddedStack stack;
    private int port;

    PgServer(Path dataDir) {
        this.dataDir = dataDir;
        this.stack = EmbeddedStack.builder(dataDir).kafka(false).postgresPort(0).start();
        this.port = Integer.parseInt(stack.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + EmbeddedStack.DATABASE;
    }

    String user() {
        return stack.dbUser();
    }

    String password() {
        return stack.dbPassword();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    /** The postmaster, from the first line of its postmaster.pid. */
    ProcessHandle postmaster() {
        try {
            String first = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"), StandardCharsets.UTF_8).get(0).trim();
            Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
            return h.orElseThrow(() -> new IllegalStateException("the postmaster " + first + " does not run"));
        } catch (IOException e) {
            throw new IllegalStateException("no postmaster.pid in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILL to the postmaster and every backend at once: a crash, no shutdown checkpoint. */
    void kill9() {
        ProcessHandle pm = postmaster();
        long[] tree = Signals.tree(pm);
        Signals.send("KILL", tree);
        for (long pid : tree) ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
    }

    /** SIGSTOP (or SIGCONT) to the postmaster and its backends: the server stalls without closing a connection. */
    void signalAll(String signal) {
        Signals.send(signal, Signals.tree(postmaster()));
    }

    /** Starts the server again on its data directory and port (crash recovery replays its WAL). */
    void restart() {
        stack.close(); // forgets the dead server (its stop fails quietly) and removes the stack's state file
        stack = EmbeddedStack.builder(dataDir).kafka(false).postgresPort(port).start();
    }

    @Override
    public void close() {
        stack.close();
    }
}
