package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.stack.DbCredentials;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.stack.KafkaSecurity;
import io.nasscore.stack.StackState;
import io.nasscore.testsupport.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {

    @TempDir Path dataDir;

    @Test
    void startsTheStackPrintsItsAddressesAndPasswordsAndStopsCleanly() throws Exception {
        Cli.Result r = Cli.run("up", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--pg-port", "0", "--stop-after", "200ms");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("nasscore stack up in \\d+\\.\\d s")
                .containsPattern("Kafka bootstrap servers +127.0.0.1:\\d+")
                .containsPattern("PostgreSQL JDBC URL +jdbc:postgresql://localhost:\\d+/nasscore")
                .containsPattern("--bootstrap-servers 127.0.0.1:\\d+ --jdbc-url jdbc:postgresql://localhost:\\d+/nasscore")
                .contains("nasscore stack stopped");
        assertThat(StackState.file(dataDir)).doesNotExist();
        assertThat(dataDir.resolve("kafka/data/meta.properties")).exists();
        assertThat(dataDir.resolve("kafka/server.properties")).exists();
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();

        // the passwords it prints are the ones kept, owner-only, in the data dir
        DbCredentials kept = DbCredentials.read(dataDir).orElseThrow();
        assertThat(r.out()).contains("(user postgres, password " + kept.password("postgres").orElseThrow() + ")")
                .contains("user " + EmbeddedStack.READER_ROLE + ", password " + kept.password(EmbeddedStack.READER_ROLE).orElseThrow());
        assertThat(Files.getPosixFilePermissions(DbCredentials.file(dataDir))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void secureListsEachPrincipalsClientConfig() {
        Cli.Result r = Cli.run("up", "--secure", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--pg-port", "0", "--stop-after", "200ms");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Kafka is secured (SASL/SCRAM-SHA-512, ACLs)");
        for (String principal : KafkaSecurity.PRINCIPALS) {
            assertThat(r.out()).containsPattern(principal + " +" + Pattern.quote(KafkaSecurity.clientConfigFile(dataDir.toAbsolutePath().normalize(), principal).toString()));
        }
    }

    @Test
    void refusesConnectionFlags() {
        Cli.Result r = Cli.run("up", "--data-dir", dataDir.toString(), "--jdbc-url", "jdbc:postgresql://db/x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("nasscore up: up starts its own Kafka and PostgreSQL");
    }

    /** `up` as its own process, as a supervisor runs it: PostgreSQL killed -9 makes it exit non-zero with one line. */
    @Test
    void exitsNonZeroWithTheReasonWhenPostgresDies() throws Exception {
        Path out = dataDir.resolve("up.out");
        Path err = dataDir.resolve("up.err");
        Path data = dataDir.resolve("data");
        Process up = new ProcessBuilder(ChildJvm.nasscore("512m", List.of(),
                "up", "--data-dir", data.toString(), "--kafka-port", "0", "--pg-port", "0"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Optional<ProcessHandle> postmaster = Optional.empty();
        try {
            Poll.until(Duration.ofSeconds(180), "up to start its stack", () -> {
                assertThat(up.isAlive()).as("up exited early: " + Files.readString(err)).isTrue();
                return StackState.find(data).isPresent();
            });
            postmaster = postmaster(data.resolve("postgres"));
            assertThat(postmaster).isPresent();
            postmaster.get().destroyForcibly(); // SIGKILL

            assertThat(up.waitFor(120, TimeUnit.SECONDS)).as("up still runs after PostgreSQL died").isTrue();
            assertThat(up.exitValue()).isNotZero();
            List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
            assertThat(lines).contains("nasscore up: PostgreSQL (pid " + postmaster.get().pid() + ") exited; the stack stopped");
            assertThat(String.join("\n", lines)).doesNotContain("\tat ");
            assertThat(StackState.file(data)).doesNotExist();
        } finally {
            up.destroyForcibly();
            up.waitFor(30, TimeUnit.SECONDS);
            postmaster(data.resolve("postgres")).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static Optional<ProcessHandle> postmaster(Path pgDir) throws Exception {
        Path pid = pgDir.resolve("postmaster.pid");
        if (!Files.exists(pid)) return Optional.empty();
        Matcher m = Pattern.compile("^(\\d+)").matcher(Files.readString(pid));
        return m.find() ? ProcessHandle.of(Long.parseLong(m.group(1))).filter(ProcessHandle::isAlive) : Optional.empty();
    }
}
