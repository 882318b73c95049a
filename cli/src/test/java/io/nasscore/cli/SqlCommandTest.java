package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.stack.StackState;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nasscore sql} on a real embedded PostgreSQL: first one running in this process (found, like an
 * {@code up} stack, through the data dir's stack.properties), then, once it is stopped, one the command starts itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlCommandTest {

    @TempDir static Path dataDir;
    static EmbeddedStack postgres;

    @BeforeAll
    static void start() {
        postgres = EmbeddedStack.builder(dataDir).kafka(false).postgresPort(0).start();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) postgres.close();
    }

    private static Cli.Result sql(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "sql";
        all[1] = "--data-dir";
        all[2] = dataDir.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(all);
    }

    @Test
    @Order(1)
    void printsAnAlignedTableWithNullsAsEmptyAndARowCount() {
        Cli.Result ddl = sql("CREATE TABLE arch (idx int PRIMARY KEY, arch text, score double precision);"
                + " INSERT INTO arch VALUES (1, 'a', 0.5), (15624, NULL, -12.25)");
        assertThat(ddl.code()).as(ddl.err()).isZero();
        assertThat(ddl.out()).isEqualTo(String.format("(0 rows affected)%n(2 rows affected)%n"));

        Cli.Result r = sql("SELECT idx, arch, score FROM arch ORDER BY idx");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(String.format(
                  "  idx | arch |  score%n"
                + "------+------+-------%n"
                + "    1 | a    |    0.5%n"
                + "15624 |      | -12.25%n"
                + "(2 rows)%n"));
        Cli.Result one = sql("SELECT count(*) AS n FROM arch WHERE arch IS NULL");
        assertThat(one.out()).endsWith(String.format("(1 row)%n"));
    }

    @Test
    @Order(2)
    void csvAndJsonFormats() throws Exception {
        Cli.Result csv = sql("--format", "csv", "SELECT idx, arch, 'x,\"y' AS q, '' AS e FROM arch ORDER BY idx");
        assertThat(csv.code()).as(csv.err()).isZero();
        assertThat(csv.out()).isEqualTo(String.format("idx,arch,q,e%n1,a,\"x,\"\"y\",\"\"%n15624,,\"x,\"\"y\",\"\"%n"));

        Cli.Result json = sql("--format", "JSON", "SELECT idx, arch, score, idx > 1 AS big FROM arch ORDER BY idx");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(json.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("idx").asInt()).isEqualTo(1);
        assertThat(rows.get(0).get("big").isBoolean()).isTrue();
        assertThat(rows.get(1).get("arch").isNull()).isTrue();
        assertThat(rows.get(1).get("score").asDouble()).isEqualTo(-12.25);
    }

    @Test
    @Order(3)
    void aBadQueryIsAOneLineMessageNotAStackTrace() {
        Cli.Result r = sql("SELECT * FROM no_such_table");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("nasscore sql: query failed: relation \"no_such_table\" does not exist; Position: 15");
        Cli.Result syntax = sql("SELEC 1");
        assertThat(syntax.code()).isEqualTo(2);
        assertThat(syntax.err()).contains("syntax error at or near \"SELEC\"").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @Order(4)
    void anUnreachableDatabaseIsAOneLineMessage() {
        Cli.Result r = Cli.run("sql", "--jdbc-url", "jdbc:postgresql://localhost:1/nasscore", "SELECT 1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("nasscore sql: cannot connect to jdbc:postgresql://localhost:1/nasscore as ")
                .contains("refused").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void withoutARunningStackItStartsTheEmbeddedPostgresOfTheDataDirAndStopsIt() {
        postgres.close();
        postgres = null;
        assertThat(StackState.find(dataDir)).isEmpty();
        Cli.Result r = sql("--pg-port", "0", "SELECT arch FROM arch WHERE idx = 1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(String.format("arch%n----%na%n(1 row)%n"));
        assertThat(StackState.file(dataDir)).doesNotExist();
    }
}
