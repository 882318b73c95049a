package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Flag parsing and the resolution order (flags, then a running stack, then an in-process one), no servers started. */
class ConnectionOptionsTest {

    @Command(name = "x")
    static final class Holder {
        @Mixin ConnectionOptions conn;
    }

    @TempDir Path dir;

    /** Parsed with an empty environment: the machine running the tests may set NASSCORE_* variables. */
    private static ConnectionOptions parse(String... args) {
        ConnectionOptions c = CommandLine.populateCommand(new Holder(), args).conn;
        c.env = Map.of();
        return c;
    }

    @Test
    void defaults() {
        ConnectionOptions c = parse("--data-dir", dir.toString());
        assertThat(c.kafkaPort()).isEqualTo(19092);
        assertThat(c.pgPort()).isEqualTo(15432);
        assertThat(parse().dataDir()).isEqualTo(Path.of(".nasscore"));
        assertThat(c.needsEmbeddedKafka()).isTrue();
        assertThat(c.needsEmbeddedPostgres()).isTrue();
        assertThatThrownBy(c::bootstrapServers).isInstanceOf(IllegalStateException.class).hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(c::jdbcUrl).isInstanceOf(IllegalStateException.class).hasMessageContaining("--jdbc-url");
        assertThat(c.startMissing(false, false)).isNull();
    }

    @Test
    void flagsAndTheClientConfigFile() throws Exception {
        Path props = dir.resolve("client.properties");
        Files.writeString(props, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");
        ConnectionOptions c = parse("--data-dir", dir.toString(), "--bootstrap-servers", "k1:9092,k2:9092",
                "--client-config", props.toString(), "--jdbc-url", "jdbc:postgresql://db:5432/nasscore", "--db-user", "alice");
        assertThat(c.needsEmbeddedKafka()).isFalse();
        assertThat(c.needsEmbeddedPostgres()).isFalse();
        assertThat(c.kafkaConfig()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "k1:9092,k2:9092", "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
        assertThat(c.kafkaProperties().getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/nasscore");
        assertThat(c.dbUser()).isEqualTo("alice");

        Files.writeString(props, "bootstrap.servers=from-file:9093\n");
        assertThat(parse("--client-config", props.toString()).bootstrapServers()).isEqualTo("from-file:9093");
        assertThatThrownBy(() -> parse("--client-config", dir.resolve("missing").toString()).kafkaConfig())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot read --client-config");
    }

    @Test
    void aRunningStackIsFoundThroughItsStateFileAndAStaleOneIsIgnored() throws Exception {
        try (ServerSocket kafka = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket pg = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String bootstrap = "localhost:" + kafka.getLocalPort();
            String jdbc = "jdbc:postgresql://localhost:" + pg.getLocalPort() + "/nasscore";
            Files.writeString(dir.resolve("stack.properties"), "pid=" + ProcessHandle.current().pid()
                    + "\nbootstrap.servers=" + bootstrap.replace(":", "\\:") + "\njdbc.url=" + jdbc.replace(":", "\\:") + "\n");
            ConnectionOptions c = parse("--data-dir", dir.toString());
            assertThat(c.needsEmbeddedKafka()).isFalse();
            assertThat(c.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(c.jdbcUrl()).isEqualTo(jdbc);
            // a flag wins over the running stack
            assertThat(parse("--data-dir", dir.toString(), "--jdbc-url", "jdbc:postgresql://other/db").jdbcUrl())
                    .isEqualTo("jdbc:postgresql://other/db");
        }
        // the ports are closed now: the file is stale
        assertThat(parse("--data-dir", dir.toString()).needsEmbeddedPostgres()).isTrue();
        // a dead process: stale too
        Files.writeString(dir.resolve("stack.properties"), "pid=999999999\njdbc.url=jdbc\\:postgresql\\://localhost\\:1/nasscore\n");
        assertThat(parse("--data-dir", dir.toString()).needsEmbeddedPostgres()).isTrue();
    }
}
