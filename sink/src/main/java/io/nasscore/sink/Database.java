package io.nasscore.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The nasscore PostgreSQL schema: Flyway migrations from {@code classpath:db/migration} (the repository's
 * {@code sql/} folder, shipped in the aggregator jar), a pooled data source, and the queries the commands need.
 */
public final class Database {
    public static final String MIGRATIONS = "classpath:db/migration";

    private Database() {}

    /** Applies every pending migration (tables, then the views); idempotent. Returns the migrations applied. */
    public static int migrate(DataSource ds) {
        MigrateResult r = Flyway.configure()
                .dataSource(ds)
                .locations(MIGRATIONS)
                .load()
                .migrate();
        return r.migrationsExecuted;
    }

    /**
     * A Hikari pool (a few connections: the sink uses one, reports a few more). It connects lazily: an unreachable
     * database fails the first query, with the driver's message. Close it when done.
     */
    public static HikariDataSource dataSource(String jdbcUrl, String user, String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(user);
        c.setPassword(password);
        c.setPoolName("nasscore");
        c.setMaximumPoolSize(4);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(-1);
        // the sink's batches become multi-row INSERT ... ON CONFLICT statements (one per 128 rows) instead of one
        // statement per row: docs/benchmarks.md, "Pipeline"
        c.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(c);
    }

    /** The number of score keys PostgreSQL holds for an experiment (its memberships). */
    public static long scoreCount(DataSource ds, String experiment) {
        return count(ds, "SELECT count(*) FROM experiment_scores WHERE experiment = ?", experiment);
    }

    /** The number of score-quality rows PostgreSQL holds for an experiment. */
    public static long qualityCount(DataSource ds, String experiment) {
        return count(ds, "SELECT count(*) FROM score_quality WHERE experiment = ?", experiment);
    }

    private static long count(DataSource ds, String sql, String arg) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + e.getMessage(), e);
        }
    }
}
