package io.nasscore.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docker/ and k8s/ validated with the real tools, as far as this machine can (no Docker engine, no cluster):
 * `docker-compose config`, `kubectl kustomize` on every overlay, `yamllint`. Each check is skipped, with the
 * install command, when its tool is absent (Debian: docker-compose, kubernetes-client, yamllint).
 */
class DeploymentManifestsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void composeValidatesAloneAndWithTheGpuOverride() throws Exception {
        requireTool("docker-compose", "apt-get install -y docker-compose");
        Run cpu = run("docker-compose", "-f", "docker/compose.yml", "config");
        assertThat(cpu.exit).as(cpu.output).isZero();
        // the defects of issue 9 stay fixed
        assertThat(cpu.output).contains("KAFKA_LOG_DIRS: /var/lib/kafka/data", "kafka-data:/var/lib/kafka/data:rw",
                "condition: service_healthy", "stop_grace_period: 3m", "NASSCORE_BOOTSTRAP_SERVERS: kafka:9092",
                "EXTERNAL://", "aggregator-state:/var/lib/nasscore:rw", "pg_isready").doesNotContain("nvidia");
        // the sink runs apart from the Streams application (issue 11)
        assertThat(cpu.output).contains("  sink:", "- sink", "- --no-sink");

        Run gpu = run("docker-compose", "-f", "docker/compose.yml", "-f", "docker/compose.gpu.yml", "config");
        assertThat(gpu.exit).as(gpu.output).isZero();
        assertThat(gpu.output).contains("worker-gpu0:", "worker-gpu1:", "- '0'", "- '1'", "MAVEN_PROFILES: cuda");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu", "keda", "gpu-keda"})
    void everyKustomizeOverlayRenders(String overlay) throws Exception {
        requireTool("kubectl", "apt-get install -y kubernetes-client");
        Run r = run("kubectl", "kustomize", "k8s/overlays/" + overlay);
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("kind: StatefulSet", "name: nasscore-worker", "name: nasscore-aggregator",
                "kind: Deployment", "name: nasscore-sink", "- sink", "- --no-sink",
                "kind: Job", "name: nasscore-truth-load", "name: nasscore-submit", "prometheus.io/scrape: \"true\"",
                "path: /health/live", "path: /health/ready", "terminationGracePeriodSeconds: 180",
                "volumeClaimTemplates:", "fieldPath: metadata.name", "kind: Secret");
        assertThat(r.output.contains("nvidia.com/gpu: 1")).as("GPU limit").isEqualTo(overlay.startsWith("gpu"));
        assertThat(r.output.contains("kind: ScaledObject")).as("KEDA").isEqualTo(overlay.endsWith("keda"));
    }

    @Test
    void yamlLints() throws Exception {
        requireTool("yamllint", "apt-get install -y yamllint");
        Run r = run("yamllint", "--strict", "-c", ".yamllint.yml", "docker", "k8s");
        assertThat(r.exit).as(r.output).isZero();
    }

    private static void requireTool(String tool, String install) throws InterruptedException {
        boolean present;
        try {
            Process p = new ProcessBuilder(tool, "--help").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            present = p.waitFor(1, TimeUnit.MINUTES);
            if (!present) p.destroyForcibly();
        } catch (IOException absent) {
            present = false;
        }
        assumeTrue(present, "skipped: " + tool + " is not installed (" + install + ")");
    }

    private static Run run(String... command) throws Exception {
        Path log = Files.createTempFile("nasscore-manifests", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(List.of(command) + " did not finish in 2 minutes");
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private record Run(int exit, String output) {}
}
