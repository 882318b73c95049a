package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Flag > environment > config file > a running `up` in the data dir > in-process, level by level; bad config files. */
class SettingsPrecedenceTest {

    @Command(name = "x")
    static final class Holder {
        @Mixin ConnectionOptions conn;
    }

    @TempDir Path dir;

    private static ConnectionOptions parse(Map<String, String> env, String... args) {
        ConnectionOptions c = CommandLine.populateCommand(new Holder(), args).conn;
        c.env = env;
        return c;
    }

    private Path config(String text) throws Exception {
        return Files.writeString(dir.resolve("nasscore.properties"), text);
    }

    @Test
    void eachLevelWinsOverTheNext() throws Exception {
        Path file = config("bootstrap.servers=file:9092\njdbc.url=jdbc:postgresql://file/db\ndb.user=file-user\n"
                + "db.password=file-secret\ndata.dir=" + dir.resolve("file-dir") + "\nkafka.port=1001\npg.port=1002\n");
        Map<String, String> env = new HashMap<>(Map.of("NASSCORE_BOOTSTRAP_SERVERS", "env:9092",
                "NASSCORE_JDBC_URL", "jdbc:postgresql://env/db", "NASSCORE_DB_USER", "env-user",
                "NASSCORE_DB_PASSWORD", "env-secret", "NASSCORE_DATA_DIR", dir.resolve("env-dir").toString(),
                "NASSCORE_KAFKA_PORT", "2001", "NASSCORE_PG_PORT", "2002"));

        // flags win over everything
        ConnectionOptions flags = parse(env, "--config", file.toString(), "--bootstrap-servers", "flag:9092",
                "--jdbc-url", "jdbc:postgresql://flag/db", "--db-user", "flag-user", "--data-dir", dir.resolve("flag-dir").toString(),
                "--kafka-port", "3001", "--pg-port", "3002");
        assertThat(flags.bootstrapServers()).isEqualTo("flag:9092");
        assertThat(flags.jdbcUrl()).isEqualTo("jdbc:postgresql://flag/db");
        assertThat(flags.dbUser()).isEqualTo("flag-user");
        assertThat(flags.dataDir()).isEqualTo(dir.resolve("flag-dir"));
        assertThat(flags.kafkaPort()).isEqualTo(3001);
        assertThat(flags.pgPort()).isEqualTo(3002);
        assertThat(flags.dbPassword()).isEqualTo("env-secret");

        // then the environment
        ConnectionOptions fromEnv = parse(env, "--config", file.toString());
        assertThat(fromEnv.bootstrapServers()).isEqualTo("env:9092");
        assertThat(fromEnv.jdbcUrl()).isEqualTo("jdbc:postgresql://env/db");
        assertThat(fromEnv.dbUser()).isEqualTo("env-user");
        assertThat(fromEnv.dataDir()).isEqualTo(dir.resolve("env-dir"));
        assertThat(fromEnv.kafkaPort()).isEqualTo(2001);
        assertThat(fromEnv.pgPort()).isEqualTo(2002);

        // then the config file, from --config or from $NASSCORE_CONFIG
        for (ConnectionOptions fromFile : new ConnectionOptions[] {parse(Map.of(), "--config", file.toString()),
                parse(Map.of("NASSCORE_CONFIG", file.toString()))}) {
            assertThat(fromFile.bootstrapServers()).isEqualTo("file:9092");
            assertThat(fromFile.jdbcUrl()).isEqualTo("jdbc:postgresql://file/db");
            assertThat(fromFile.dbUser()).isEqualTo("file-user");
            assertThat(fromFile.dbPassword()).isEqualTo("file-secret");
            assertThat(fromFile.dataDir()).isEqualTo(dir.resolve("file-dir"));
            assertThat(fromFile.kafkaPort()).isEqualTo(1001);
            assertThat(fromFile.needsEmbeddedKafka()).isFalse();
            assertThat(fromFile.needsEmbeddedPostgres()).isFalse();
        }

        // nothing given: the defaults, and an in-process stack is needed
        ConnectionOptions none = parse(Map.of());
        assertThat(none.dataDir()).isEqualTo(Path.of(".nasscore"));
        assertThat(none.dbUser()).isEqualTo("postgres");
        assertThat(none.kafkaPort()).isEqualTo(19092);
    }

    @Command(name = "y")
    static final class PrefixHolder {
        @Mixin ConnectionOptions conn;
        @Mixin TopicOptions topics;
    }

    private static String prefix(Map<String, String> env, String... args) {
        PrefixHolder h = CommandLine.populateCommand(new PrefixHolder(), args);
        h.conn.env = env;
        return h.topics.catalogue(h.conn).jobs().name();
    }

    @Test
    void theTopicPrefixComesFromTheFlagTheEnvironmentOrTheConfigFile() throws Exception {
        Path file = config("topic.prefix=file.\n");
        Map<String, String> env = Map.of("NASSCORE_TOPIC_PREFIX", "env.");
        assertThat(prefix(env, "--config", file.toString(), "--topic-prefix", "flag.")).isEqualTo("flag.nas.jobs");
        assertThat(prefix(env, "--config", file.toString())).isEqualTo("env.nas.jobs");
        assertThat(prefix(Map.of(), "--config", file.toString())).isEqualTo("file.nas.jobs");
        assertThat(prefix(Map.of())).isEqualTo("nas.jobs");
        assertThatThrownBy(() -> prefix(Map.of("NASSCORE_TOPIC_PREFIX", "a/b")))
                .hasMessage("$NASSCORE_TOPIC_PREFIX: topic prefix 'a/b': only letters, digits, '.', '_' and '-' are allowed");
    }

    @Test
    void theConfigFileWinsOverARunningStackWhichWinsOverInProcess() throws Exception {
        try (ServerSocket kafka = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket pg = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path data = Files.createDirectories(dir.resolve("data"));
            String bootstrap = "localhost:" + kafka.getLocalPort();
            String jdbc = "jdbc:postgresql://localhost:" + pg.getLocalPort() + "/nasscore";
            Files.writeString(data.resolve("stack.properties"), "pid=" + ProcessHandle.current().pid()
                    + "\nbootstrap.servers=" + bootstrap.replace(":", "\\:") + "\njdbc.url=" + jdbc.replace(":", "\\:") + "\n");
            // the data dir itself from the environment: the running stack is found there
            ConnectionOptions running = parse(Map.of("NASSCORE_DATA_DIR", data.toString()));
            assertThat(running.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(running.jdbcUrl()).isEqualTo(jdbc);
            assertThat(running.needsEmbeddedKafka()).isFalse();

            Path file = config("jdbc.url=jdbc:postgresql://file/db\n");
            ConnectionOptions withFile = parse(Map.of("NASSCORE_DATA_DIR", data.toString()), "--config", file.toString());
            assertThat(withFile.jdbcUrl()).isEqualTo("jdbc:postgresql://file/db");
            assertThat(withFile.bootstrapServers()).isEqualTo(bootstrap); // not in the file: the running stack's
        }
        // no stack running: in-process
        assertThat(parse(Map.of("NASSCORE_DATA_DIR", dir.resolve("data").toString())).needsEmbeddedKafka()).isTrue();
    }

    @Test
    void theClientConfigFileComesFromTheEnvironmentToo() throws Exception {
        Path client = Files.writeString(dir.resolve("client.properties"), "security.protocol=SASL_SSL\nbootstrap.servers=c:9093\n");
        ConnectionOptions c = parse(Map.of("NASSCORE_CLIENT_CONFIG", client.toString()));
        assertThat(c.kafkaConfig()).containsEntry("security.protocol", "SASL_SSL").containsEntry("bootstrap.servers", "c:9093");
        assertThatThrownBy(() -> parse(Map.of("NASSCORE_CLIENT_CONFIG", dir.resolve("none").toString())).kafkaConfig())
                .hasMessageContaining("--client-config").hasMessageContaining("$NASSCORE_CLIENT_CONFIG").hasMessageContaining("file not found");
    }

    @Test
    void aBadConfigFileIsOneLineWithExitCode2() throws Exception {
        Path typo = config("jdbc_url=jdbc:postgresql://x/db\n");
        Cli.Result r = Cli.run("sql", "--config", typo.toString(), "SELECT 1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("nasscore.properties").contains("unknown key 'jdbc_url'").contains("jdbc.url");

        r = Cli.run("sql", "--config", dir.resolve("missing.properties").toString(), "SELECT 1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("missing.properties").contains("file not found");

        Path port = config("pg.port=fifteen\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", port.toString()).pgPort())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pg.port in " + port + ": 'fifteen' is not a number");
        assertThatThrownBy(() -> parse(Map.of("NASSCORE_KAFKA_PORT", "70000")).kafkaPort())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kafka-port must be in 0..65535");
    }
}
