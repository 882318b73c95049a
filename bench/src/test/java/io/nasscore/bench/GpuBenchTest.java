package io.nasscore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The GPU benchmark's refusal on a machine without a CUDA device: at once, one line, exit code 2. */
class GpuBenchTest {

    @Test
    void theScriptSaysNoCudaDeviceAndExits2BeforeBuildingAnything() throws Exception {
        assumeTrue(Files.notExists(Path.of("/usr/bin/nvidia-smi")) && Files.notExists(Path.of("/bin/nvidia-smi")),
                "this machine has nvidia-smi: the script would run the benchmark");
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("gpu.sh").toAbsolutePath().toString()).redirectErrorStream(true);
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        // no build, no JVM: a few hundred ms; a generous bound only so that a hang fails instead of blocking
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("gpu.sh returns").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out.strip()).contains("no CUDA device").doesNotContain("\n");
    }

    @Test
    void theProgramSaysNoCudaDeviceWhenPyTorchSeesNoGpu() {
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "PyTorch sees a GPU here");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GpuBench.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("GpuBench: no CUDA device");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
