package io.nasscore.bench;

import io.nasscore.aggregator.BenchSupport;
import io.nasscore.aggregator.Point;
import io.nasscore.aggregator.QualityCalculator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.kstream.Materialized;

/**
 * Benchmark (not a test): the cost of recomputing one (experiment, dataset) table, every score x two subsets x
 * two windows (cumulative, last-1000), at 1,000, 5,000 and 15,625 points, 10 runs.
 *
 * <ul>
 *   <li>{@code punctuation}: the real QualityTables punctuator for one dirty table: prefix scan of the points store
 *       (RocksDB, the default, or in memory), decode, every metric, one record per score, subset and window forwarded;</li>
 *   <li>{@code metrics only}: QualityCalculator.compute on points already in memory.</li>
 * </ul>
 *
 * Each size is measured twice: points with the twelve paper scores (13 scores with ensemble_twelve), then with the
 * twelve and the proxies (29 scores: the proxies bring az_nas, vote, whose Copeland count is O(n²), ensemble and
 * ensemble_top_params).
 *
 * Run: {@code bench/run.sh UpdateCostBench} (args: sizes, e.g. {@code bench/run.sh UpdateCostBench 1000 5000 15625}).
 */
public final class UpdateCostBench {
    static final int WARMUP = 3;
    static final int REPS = 9;
    static final int WINDOW = 1000;
    static final int RUNS = 10;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {1000, 5000, 15625} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf("machine: %s; %d cores; %s %s; Java %s; max heap %d MB; %s%n", cpu(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, LocalDate.now());
        System.out.println();
        System.out.println("| points per key | scores | punctuation, RocksDB (ms) | punctuation, in memory (ms) | metrics only (ms) | records |");
        System.out.println("|---:|---|---:|---:|---:|---:|");
        for (int n : sizes) for (boolean proxies : new boolean[] {false, true}) {
            List<Point> points = BenchSupport.points(42, n, RUNS, proxies);
            // what one recompute of the table emits: every score of the calculator x subsets x windows
            int expected = QualityCalculator.compute("bench", "cifar10", points, WINDOW, 0L).size();
            double[] rocks = punctuation(Materialized.StoreType.ROCKS_DB, points, expected);
            double[] mem = punctuation(Materialized.StoreType.IN_MEMORY, points, expected);
            double[] compute = new double[REPS];
            int records = 0;
            for (int r = -WARMUP; r < REPS; r++) {
                long t = System.nanoTime();
                records = QualityCalculator.compute("bench", "cifar10", points, WINDOW, 0L).size();
                if (r >= 0) compute[r] = (System.nanoTime() - t) / 1e6;
            }
            System.out.printf(Locale.ROOT, "| %,d | %s | %s | %s | %s | %d |%n", n, proxies ? "twelve + proxies" : "twelve",
                    fmt(rocks), fmt(mem), fmt(compute), records);
        }
        System.out.println();
        System.out.println("median (min-max) of " + REPS + " recomputes after " + WARMUP + " warm-up ones; W = " + WINDOW
                + ", " + RUNS + " runs");
    }

    /** Milliseconds of REPS punctuations of one dirty table holding the points. */
    static double[] punctuation(Materialized.StoreType type, List<Point> points, int expected) throws Exception {
        Path dir = Files.createTempDirectory("nasscore-bench");
        double[] ms = new double[REPS];
        try (BenchSupport.Table table = new BenchSupport.Table(type, dir, WINDOW)) {
            points.forEach(table::add);
            for (int r = -WARMUP; r < REPS; r++) {
                // re-score one point: the table is dirty again (one changed entry, as after a new record)
                Point p = points.get(Math.floorMod(r, points.size()));
                table.add(new Point(p.experiment(), p.dataset(), p.archIndex(), p.scoreKey(), p.configHash(), p.scores(),
                        p.present(), p.accuracy(), p.totalMillis(), p.scoredAt() + 1000 + r, -1, p.runIds()));
                long t = System.nanoTime();
                int emitted = table.recompute(1_000_000_000L + 100_000L * r); // far apart: never held back
                if (r >= 0) ms[r] = (System.nanoTime() - t) / 1e6;
                if (emitted != expected) throw new IllegalStateException("expected " + expected + " records, got " + emitted);
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return ms;
    }

    static String fmt(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", s[s.length / 2], s[0], s[s.length - 1]);
    }

    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }
}
