package io.nasscore.bench;

import io.nasscore.sink.Database;
import java.time.Duration;
import java.util.Locale;

/**
 * Worker memory over time (docs/benchmarks.md, "Worker memory"): one real-scorer {@code nasscore worker} process
 * (DJL on the CPU) in the deployed pipeline ({@link Deployment}), fed {@code submit --sample N --batch 32} (all
 * twelve scores), its VmRSS (/proc) read every 5 s beside the jobs done (rows in PostgreSQL). Prints the RSS
 * after the first job, 10 and 50 jobs (how near its plateau the worker starts: it scores the largest cell first),
 * after 100 jobs and every 100 after, until N jobs or {@code -Dbench.minutes} (default 60) ran out; the
 * change is taken from the 100-job sample, the reference point.
 *
 * <p>{@code bench/run.sh WorkerMemoryBench [N=2000]}; {@code -Dbench.scores=JS,PJS,WPJS} (default all) submits fewer scores.
 */
public final class WorkerMemoryBench {
    private WorkerMemoryBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long minutes = Long.getLong("bench.minutes", 60);
        // the scores to compute; a subset of the clean pass's scores (JS,PJS,WPJS) keeps its largest footprint
        // (input and parameter gradients) at a third of the CPU of the four passes of all twelve
        String scores = System.getProperty("bench.scores", "all");
        try (Deployment d = new Deployment("worker-memory-bench")) {
            System.out.println("## Worker memory: " + n + " jobs, B = 32, scores " + scores + " (WorkerMemoryBench)");
            System.out.println();
            System.out.println("- date: " + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0) + "; "
                    + Runtime.getRuntime().availableProcessors() + " cores; load average at start " + Bench.loadAverage());
            d.start("--device", "cpu");
            Process submit = d.spawn("submit", "1g", "submit", "--sample", Integer.toString(n), "--seed", "11", "--batch", "32",
                    "--scores", scores, "--experiment", "worker-memory");
            if (submit.waitFor() != 0) throw new IllegalStateException("submit failed: see " + d.logs.resolve("submit.log"));
            System.out.println();
            System.out.println("| jobs done | worker VmRSS MB | elapsed | load average |");
            System.out.println("|---:|---:|---:|---|");
            long t0 = System.nanoTime();
            long deadline = t0 + Duration.ofMinutes(minutes).toNanos();
            long next = 1;
            long first = -1;
            long last = -1;
            long done = 0;
            while (done < n && System.nanoTime() < deadline) {
                if (!d.worker.isAlive()) throw new IllegalStateException("the worker exited: see " + d.logs.resolve("worker.log"));
                Thread.sleep(5000);
                try {
                    done = Database.scoreCount(d.db, "worker-memory");
                } catch (IllegalStateException e) { // a connection timing out on a loaded machine: skip this sample
                    System.err.println("WorkerMemoryBench: count not read (" + e.getMessage() + "); next sample in 5 s");
                    continue;
                }
                if (done >= next || done >= n) {
                    long rss = Procs.rssKb(d.worker.pid());
                    if (first < 0 && done >= 100) first = rss;
                    last = rss;
                    System.out.printf(Locale.ROOT, "| %,d | %.0f | %.0f s | %s |%n", done, rss / 1024.0, (System.nanoTime() - t0) / 1e9,
                            Bench.loadAverage());
                    System.out.flush();
                    next = done < 10 ? 10 : done < 50 ? 50 : (done / 100 + 1) * 100;
                }
            }
            if (first > 0) {
                System.out.printf(Locale.ROOT, "%nVmRSS from the first sample at >= 100 jobs to the last (%,d jobs): %+.1f %%%s%n", done,
                        100.0 * (last - first) / first, done < n ? " (stopped at the time limit, " + minutes + " min)" : "");
            }
        }
    }
}
