package io.nasscore.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.scorer.JacobianScorer;
import java.io.PrintStream;
import java.lang.management.MemoryUsage;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;

/**
 * The first GPU machine's numbers in one command ({@code bench/gpu.sh}): arch 1462 (all conv 3x3), 1 and 1835 (all
 * skip) at B = 64, 128, 256, all twelve scores on {@code gpu:0}; per cell the median ms per record over
 * {@code -Dbench.repeats} (default 5) after one warm-up, the network passes per record ({@link
 * JacobianScorer#passesRun()}: 4 for the twelve scores), and the GPU memory in use after the cell (CUDA's
 * device-wide figure: this process plus any other). Without a CUDA device visible to PyTorch it stops at once with
 * "no CUDA device" and exit code 2 (a CPU run is ScorerBench's job).
 */
public final class GpuBench {
    static final int[] ARCHS = {1462, 1, 1835};
    static final int[] BATCHES = {64, 128, 256};

    private GpuBench() {}

    public static void main(String[] args) {
        System.exit(run(System.out, System.err));
    }

    /** The benchmark; returns the exit code (2 when there is no CUDA device). */
    static int run(PrintStream out, PrintStream err) {
        System.setProperty("ai.djl.offline", "true");
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        if (gpus == 0) {
            err.println("GpuBench: no CUDA device: PyTorch " + Engine.getEngine("PyTorch").getVersion()
                    + " sees no GPU (needs an NVIDIA GPU and the CUDA build: BENCH_MAVEN_ARGS=-Pcuda; CPU timings: ScorerBench)");
            return 2;
        }
        int repeats = Integer.getInteger("bench.repeats", 5);
        Device gpu = Device.gpu(0);
        try (JacobianScorer scorer = new JacobianScorer("gpu:0")) {
            out.println("## GPU");
            out.println();
            out.println("- device: " + scorer.device() + ", compute capability " + CudaUtils.getComputeCapability(0) + ", CUDA "
                    + CudaUtils.getCudaVersionString() + "; " + scorer.engineVersion() + "; Java " + System.getProperty("java.version"));
            out.println("- date: " + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0));
            out.println("- command: `bench/gpu.sh` (median of " + repeats + " after one warm-up per cell)");
            out.println();
            out.println("| arch | B | ms per record (median) | ms per record (min) | passes per record | GPU memory used MB / total MB |");
            out.println("|---:|---:|---:|---:|---:|---|");
            for (int b : BATCHES) {
                for (int arch : ARCHS) {
                    ScoreRequest req = new ScoreRequest(SearchSpace.arch(arch),
                            ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(b), EnumSet.copyOf(ScoreName.PAPER));
                    scorer.score(req); // warm-up: kernels chosen, memory pool grown
                    long passes0 = scorer.passesRun();
                    double[] ms = new double[repeats];
                    for (int i = 0; i < repeats; i++) {
                        ScoreResult r = scorer.score(req);
                        ms[i] = r.totalMillis();
                    }
                    double passes = (scorer.passesRun() - passes0) / (double) repeats;
                    MemoryUsage mem = CudaUtils.getGpuMemory(gpu);
                    double[] sorted = ms.clone();
                    Arrays.sort(sorted);
                    out.println(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f | %d / %d |", arch, b,
                            sorted[repeats / 2], sorted[0], passes, mem.getCommitted() >> 20, mem.getMax() >> 20));
                }
            }
        }
        return 0;
    }
}
