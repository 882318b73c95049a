package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.sink.Database;
import io.nasscore.stack.EmbeddedStack;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roles of V2__roles.sql on the embedded PostgreSQL (which gives them logins): the reader reads the reporting
 * views and nothing else, the sink writes the tables but runs no DDL, and {@code sql} works as the reader.
 */
class DatabaseRolesTest {

    @TempDir static Path dataDir;
    static EmbeddedStack pg;

    @BeforeAll
    static void start() {
        pg = EmbeddedStack.builder(dataDir).kafka(false).postgresPort(0).start();
        // the stack created the roles already: the migration must accept them (roles are cluster-wide)
        try (HikariDataSource ds = Database.dataSource(pg.jdbcUrl(), pg.dbUser(), pg.dbPassword())) {
            Database.migrate(ds);
        }
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
    }

    private static Connection as(String role) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), role, pg.dbPassword(role).orElseThrow());
    }

    @Test
    void theReaderSelectsTheReportingViews() throws Exception {
        try (Connection c = as(EmbeddedStack.READER_ROLE); Statement s = c.createStatement()) {
            for (String view : List.of("v_scores", "v_experiment_scores", "v_score_quality", "v_experiment_progress")) {
                assertThat(s.executeQuery("SELECT count(*) FROM " + view).next()).as(view).isTrue();
            }
        }
    }

    @Test
    void theReaderCannotReadTablesWriteOrRunDdl() throws Exception {
        List<String> refused = List.of(
                "SELECT * FROM scores",
                "INSERT INTO ground_truth (dataset, arch_index, metric, accuracy, arch, source) VALUES ('cifar10', 1, 'm', 0.5, 'a', 's')",
                "UPDATE ground_truth SET accuracy = 0",
                "DELETE FROM sink_offsets",
                "INSERT INTO v_score_quality (experiment) VALUES ('x')",
                "CREATE TABLE mine (i int)",
                "CREATE TEMP TABLE mine (i int)",
                "DROP VIEW v_scores",
                "ALTER TABLE scores ADD COLUMN x int",
                "TRUNCATE scores",
                "SELECT count(*) FROM experiment_jobs",
                "SELECT count(*) FROM job_dead_letters");
        try (Connection c = as(EmbeddedStack.READER_ROLE)) {
            for (String sql : refused) {
                assertThatThrownBy(() -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                }).as(sql).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql + ": " + e.getMessage()).isEqualTo("42501"));
            }
        }
    }

    @Test
    void theSinkWritesTheTablesButRunsNoDdl() throws Exception {
        try (Connection c = as(EmbeddedStack.SINK_ROLE); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO ground_truth (dataset, arch_index, metric, accuracy, arch, source)"
                    + " VALUES ('cifar10', 7, 'roles-test', 0.5, 'a', 's')")).isOne();
            assertThat(s.executeUpdate("UPDATE ground_truth SET accuracy = 0.25 WHERE metric = 'roles-test'")).isOne();
            assertThat(s.executeUpdate("DELETE FROM ground_truth WHERE metric = 'roles-test'")).isOne();
            assertThat(s.executeUpdate("INSERT INTO experiment_jobs (experiment, job_id, score_key, arch_index, config_hash, "
                    + "rescore, submitted_at) VALUES ('roles-test', 'j1', 'k', 1, 'h', false, now())")).isOne();
            assertThat(s.executeUpdate("INSERT INTO job_dead_letters (kafka_partition, kafka_offset, reason, dead_lettered_at) "
                    + "VALUES (0, 1, 'roles-test', now())")).isOne();
            assertThat(s.executeUpdate("DELETE FROM experiment_jobs WHERE experiment = 'roles-test'")).isOne();
            assertThat(s.executeUpdate("DELETE FROM job_dead_letters WHERE reason = 'roles-test'")).isOne();
            assertThatThrownBy(() -> s.execute("CREATE TABLE mine (i int)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void sqlWorksAsTheReaderWithThePasswordOfTheDataDir() {
        Cli.Result ok = Cli.run("sql", "--data-dir", dataDir.toString(), "--db-user", EmbeddedStack.READER_ROLE,
                "SELECT count(*) AS n FROM v_score_quality");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("(1 row)");

        Cli.Result refused = Cli.run("sql", "--data-dir", dataDir.toString(), "--db-user", EmbeddedStack.READER_ROLE,
                "DELETE FROM scores");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("permission denied").doesNotContain("\tat ");
    }

    @Test
    void theMigrationAlsoRunsOnASecondDatabaseOfTheSameCluster() throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.dbUser(), pg.dbPassword()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE second");
        }
        String second = pg.jdbcUrl().replaceAll("/nasscore$", "/second");
        try (HikariDataSource ds = Database.dataSource(second, pg.dbUser(), pg.dbPassword())) {
            assertThat(Database.migrate(ds)).isGreaterThanOrEqualTo(3);
        }
    }
}
