package io.nasscore.bench;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.score.Similarity;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.scorer.JacobianScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The scorer benchmark (docs/benchmarks.md, "## Scorer"). Run with
 * {@code mvn -q -B -o -pl bench exec:java -Dexec.mainClass=io.nasscore.bench.ScorerBench}.
 *
 * <p>Part 1 (run second), timing: for archs 1462 (all conv 3x3, the most expensive), 1 (the README example) and
 * 1835 (all skip, among the cheapest) at B = 64, 128 and 256 on CIFAR-10 (shipped images, default configuration),
 * it scores the whole twelve-score record several times, the (arch, B) cells interleaved round-robin so that the
 * load of a shared machine spreads over all of them, and reports medians of: the record's wall time, its clean
 * pass (one forward + backward with input and parameter gradients, gradients copied out), its noisy passes, and
 * its similarity arithmetic; plus the ratio record / clean pass (target <= 4.3). A separate micro-benchmark times
 * the similarity of a B x 3072 matrix alone.
 *
 * <p>Part 2 (run first, so that its baseline is not the peak of the B = 256 timings), memory: resident memory
 * (VmRSS of /proc/self/status) after 50 and after 500 scored archs (a random sample, all twelve scores, B given by
 * -Dbench.memB, default 64); the check passes when the second is within 10 % of the first.
 *
 * <p>PyTorch runs with 1 intra-op thread unless -Dbench.threads=N says otherwise (see the comment in main).
 *
 * <p>System properties: bench.repeats (default 5, plus one warm-up round), bench.memArchs (500), bench.memB (64),
 * bench.skipTiming / bench.skipMemory (false), bench.batches (64,128,256).
 */
public final class ScorerBench {
    private static final Set<ScoreName> ALL = EnumSet.copyOf(ScoreName.PAPER);
    private static final int[] ARCHS = {1462, 1, 1835};

    private ScorerBench() {}

    public static void main(String[] args) throws Exception {
        int repeats = Integer.getInteger("bench.repeats", 5);
        int memArchs = Integer.getInteger("bench.memArchs", 500);
        int memB = Integer.getInteger("bench.memB", 64);
        int[] batches = Arrays.stream(System.getProperty("bench.batches", "64,128,256").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        System.setProperty("ai.djl.offline", "true");
        // PyTorch intra-op threads: 1 by default here. On a machine whose cores are shared with other processes,
        // OpenMP's spinning threads make 2 threads up to 10 times slower than 1 (see docs/benchmarks.md);
        // -Dbench.threads=N (or -Dai.djl.pytorch.num_threads=N) measures N threads.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("bench.threads", "1"));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }

        try (JacobianScorer scorer = new JacobianScorer("auto")) {
            out("## Scorer");
            out("");
            out("- machine: " + nproc() + " cores, " + cpuModel() + "; device " + scorer.device() + "; " + scorer.engineVersion()
                    + "; Java " + System.getProperty("java.version"));
            out("- date: " + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0));
            out("- command: `mvn -q -B -o -pl bench exec:java -Dexec.mainClass=io.nasscore.bench.ScorerBench`");
            out("- PyTorch intra-op threads: " + System.getProperty("ai.djl.pytorch.num_threads"));
            out("- load average at start: " + loadAverage() + " (the machine is shared with other builds)");
            out("");
            // memory first, so that its resident-memory baseline is that of B = memB scorings only
            if (!Boolean.getBoolean("bench.skipMemory")) memory(scorer, memArchs, memB);
            if (!Boolean.getBoolean("bench.skipTiming")) timing(scorer, batches, repeats);
            out("- load average at end: " + loadAverage());
        }
    }

    private static void timing(JacobianScorer scorer, int[] batches, int repeats) {
        int cells = ARCHS.length * batches.length;
        List<List<ScoreResult>> results = new ArrayList<>();
        for (int c = 0; c < cells; c++) results.add(new ArrayList<>());
        long t0 = System.nanoTime();
        for (int round = 0; round <= repeats; round++) { // round 0 is the warm-up, not counted
            for (int bi = 0; bi < batches.length; bi++) {
                for (int ai = 0; ai < ARCHS.length; ai++) {
                    ScoreConfig cfg = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(batches[bi]);
                    ScoreResult r = scorer.score(new ScoreRequest(SearchSpace.arch(ARCHS[ai]), cfg, ALL));
                    if (round > 0) results.get(bi * ARCHS.length + ai).add(r);
                    System.err.printf(Locale.ROOT, "round %d B=%d arch %d: %.0f ms%n", round, batches[bi], ARCHS[ai], r.totalMillis());
                }
            }
        }
        out(String.format(Locale.ROOT, "### Time per architecture, all twelve scores (CIFAR-10, loss target, train BN; median of %d"
                + " interleaved repeats after a warm-up round; %.0f s in all)", repeats, (System.nanoTime() - t0) / 1e9));
        out("");
        out("| arch | B | record ms (median) | record ms (min) | clean pass ms | noisy pass ms (mean of 3) | similarity ms"
                + " | record / clean pass |");
        out("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int bi = 0; bi < batches.length; bi++) {
            for (int ai = 0; ai < ARCHS.length; ai++) {
                List<ScoreResult> rs = results.get(bi * ARCHS.length + ai);
                double record = median(rs.stream().mapToDouble(ScoreResult::totalMillis).toArray());
                double best = rs.stream().mapToDouble(ScoreResult::totalMillis).min().orElse(Double.NaN);
                double clean = median(rs.stream().mapToDouble(r -> r.passMillis().get(Pass.CLEAN)).toArray());
                double noisy = median(rs.stream().mapToDouble(r -> (r.passMillis().get(Pass.NOISE_0_1)
                        + r.passMillis().get(Pass.NOISE_10) + r.passMillis().get(Pass.NOISE_100)) / 3).toArray());
                double sim = median(rs.stream().mapToDouble(ScoreResult::similarityMillis).toArray());
                double ratio = median(rs.stream().mapToDouble(r -> r.totalMillis() / r.passMillis().get(Pass.CLEAN)).toArray());
                out(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.0f | %.0f | %.1f | %.2f |",
                        ARCHS[ai], batches[bi], record, best, clean, noisy, sim, ratio));
            }
        }
        out("");
        out("### Similarity arithmetic alone (one B x 3072 float matrix, both similarities, median of 7)");
        out("");
        out("| B | eigen + cosine ms |");
        out("|---:|---:|");
        SplittableRandom rnd = new SplittableRandom(1);
        for (int b : batches) {
            float[] m = new float[b * 3072];
            for (int i = 0; i < m.length; i++) m[i] = (float) rnd.nextGaussian();
            double[] t = new double[9];
            for (int i = 0; i < t.length; i++) {
                long s = System.nanoTime();
                Similarity.of(m, b, 3072, true, true);
                t[i] = (System.nanoTime() - s) / 1e6;
            }
            out(String.format(Locale.ROOT, "| %d | %.1f |", b, median(Arrays.copyOfRange(t, 2, 9))));
        }
        out("");
    }

    private static void memory(JacobianScorer scorer, int archs, int b) throws IOException {
        int[] sample = SearchSpace.sample(archs, 2024);
        ScoreConfig cfg = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(b);
        int early = Math.min(50, archs);
        long rssEarly = 0;
        long heapEarly = 0;
        long t0 = System.nanoTime();
        double sumMs = 0;
        for (int i = 0; i < archs; i++) {
            ScoreResult r = scorer.score(new ScoreRequest(SearchSpace.arch(sample[i]), cfg, ALL));
            sumMs += r.totalMillis();
            if (i + 1 == early) {
                rssEarly = rssKb();
                heapEarly = usedHeapKb();
            }
            if ((i + 1) % 50 == 0) {
                System.err.printf(Locale.ROOT, "memory check: %d archs, VmRSS %d MB, heap used %d MB%n", i + 1, rssKb() / 1024,
                        usedHeapKb() / 1024);
            }
        }
        long rssLate = rssKb();
        long heapLate = usedHeapKb();
        double growth = 100.0 * (rssLate - rssEarly) / rssEarly;
        out(String.format(Locale.ROOT, "### Memory: %d random archs (SearchSpace.sample(%d, 2024)), all twelve scores, B = %d"
                + " (%.0f s, mean %.0f ms per arch)", archs, archs, b, (System.nanoTime() - t0) / 1e9, sumMs / archs));
        out("");
        out("| after | VmRSS MB | heap used MB |");
        out("|---:|---:|---:|");
        out(String.format(Locale.ROOT, "| %d archs | %.0f | %.0f |", early, rssEarly / 1024.0, heapEarly / 1024.0));
        out(String.format(Locale.ROOT, "| %d archs | %.0f | %.0f |", archs, rssLate / 1024.0, heapLate / 1024.0));
        out("");
        out(String.format(Locale.ROOT, "VmRSS growth from %d to %d archs: %+.1f %% (limit 10 %%): %s", early, archs, growth,
                Math.abs(growth) <= 10 ? "PASS" : "FAIL"));
        out("");
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long usedHeapKb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1024;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String nproc() { return Integer.toString(Runtime.getRuntime().availableProcessors()); }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown CPU";
    }

    private static void out(String line) { System.out.println(line); }
}
