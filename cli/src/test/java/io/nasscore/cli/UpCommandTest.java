package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.cli.stack.StackState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {

    @TempDir Path dataDir;

    @Test
    void startsTheStackPrintsItsAddressesAndStopsCleanly() {
        Cli.Result r = Cli.run("up", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--pg-port", "0", "--stop-after", "200ms");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("nasscore stack up in \\d+\\.\\d s")
                .containsPattern("Kafka bootstrap servers +localhost:\\d+")
                .containsPattern("PostgreSQL JDBC URL +jdbc:postgresql://localhost:\\d+/nasscore")
                .containsPattern("--bootstrap-servers localhost:\\d+ --jdbc-url jdbc:postgresql://localhost:\\d+/nasscore")
                .contains("nasscore stack stopped");
        assertThat(StackState.file(dataDir)).doesNotExist();
        assertThat(dataDir.resolve("kafka/combined_0_0/meta.properties")).exists();
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
    }

    @Test
    void refusesConnectionFlags() {
        Cli.Result r = Cli.run("up", "--data-dir", dataDir.toString(), "--jdbc-url", "jdbc:postgresql://db/x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("nasscore up: up starts its own Kafka and PostgreSQL");
    }
}
