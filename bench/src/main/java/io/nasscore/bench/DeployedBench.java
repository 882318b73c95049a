package io.nasscore.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.sink.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pipeline as deployed (docs/benchmarks.md, "As deployed" and "A million records"): {@code nasscore up},
 * {@code truth load}, {@code aggregate} and {@code worker --scorer noop} as separate JVMs on one fresh data
 * directory, then one {@code nasscore submit --all --score-seed S --experiment deployed-R} JVM per run (15,625 new
 * jobs each: every run is a new experiment). A run's clock goes from the start of the submit command to the
 * {@code written_at} of its experiment's last row in PostgreSQL; the CPU of every process during the run comes from
 * /proc (the submit JVM's from this JVM's reaped-children times; PostgreSQL's from its postmaster and backends).
 *
 * <p>After the runs: how long after its last score each experiment's quality table had every point (from
 * score_quality_history), the disk used (Kafka per topic, RocksDB, PostgreSQL) and the SQL queries
 * ({@link SqlTimings}). {@code bench/run.sh DeployedBench [runs] [jobs per run]}: 4 runs (the cold one + 3 warm)
 * by default; 64 runs of 15,625 are the million. {@code -Dbench.keep=true} keeps the data directory;
 * {@code -Dbench.workers=N} (default 1) starts N no-op workers; {@code -Dbench.minutes=M} starts no run after M
 * minutes (the report then covers the runs done). At the end: the rows in PostgreSQL checked exact (in all and per
 * experiment), and the CPU seconds of every component over all runs with records per CPU-second of each.
 */
public final class DeployedBench {
    static final List<String> PARTS = List.of("submit", "worker", "aggregate", "broker (up)", "postgres");

    private DeployedBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 15_625;
        try (Deployment d = new Deployment("deployed-bench")) {
            System.out.println("## As deployed: " + runs + " runs of " + jobs + " jobs (DeployedBench)");
            System.out.println();
            System.out.println("- date: " + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0) + "; "
                    + Runtime.getRuntime().availableProcessors() + " cores; load average at start " + Bench.loadAverage() + "; data " + d.dir);
            d.start("--scorer", "noop");
            for (int w = 1; w < Integer.getInteger("bench.workers", 1); w++) d.addWorker("--scorer", "noop");
            long stopStarting = System.nanoTime() + Duration.ofMinutes(Long.getLong("bench.minutes", 24 * 60)).toNanos();
            System.out.println();
            System.out.println("| run | submit command | last row in PostgreSQL | records/s | CPU ms: " + String.join(" / ", PARTS)
                    + " | CPU us per record, all | load average |");
            System.out.println("|---|---:|---:|---:|---|---:|---|");
            double[] warm = new double[Math.max(0, runs - 1)];
            long records = 0;
            long[] cpu0 = d.cpu();
            long wall0 = System.nanoTime();
            String load0 = Bench.loadAverage();
            int done = 0;
            for (int r = 0; r < runs && System.nanoTime() < stopStarting; r++) {
                double rate = run(r, jobs, d);
                if (r > 0) warm[r - 1] = rate;
                records += jobs;
                done++;
            }
            if (done < runs) {
                System.out.printf(Locale.ROOT, "%n**stopped at the time limit after %d of %d runs**%n", done, runs);
                runs = done;
                warm = Arrays.copyOf(warm, Math.max(0, done - 1));
            }
            cpuTotals(d.cpu(), cpu0, records, (System.nanoTime() - wall0) / 1e9, load0);
            exactRows(d.db, runs, jobs);
            if (warm.length > 0) {
                Arrays.sort(warm);
                System.out.printf(Locale.ROOT, "%nwarm runs: median %,.0f records/s (min %,.0f, max %,.0f, %d runs)%n",
                        warm[warm.length / 2], warm[0], warm[warm.length - 1], warm.length);
            }
            System.out.println();
            Staleness.report(d.db, jobs, runs);
            System.out.println();
            Disk.report(d.dir, records);
            System.out.println();
            SqlTimings.report(d.db, "deployed-1");
        }
    }

    private static double run(int r, int jobs, Deployment d) throws Exception {
        String experiment = "deployed-" + r;
        long[] cpu0 = d.cpu();
        long wall0 = System.nanoTime();
        Instant t0 = Instant.now();
        String[] which = jobs == 15_625 ? new String[] {"--all"} : new String[] {"--sample", Integer.toString(jobs), "--seed", Integer.toString(r)};
        Process submit = d.spawn("submit", "1g", cat(new String[] {"submit", "--score-seed", Integer.toString(1000 + r),
            "--experiment", experiment}, which));
        if (submit.waitFor() != 0) throw new IllegalStateException("submit failed: see " + d.logs.resolve("submit.log"));
        double submitSecs = (System.nanoTime() - wall0) / 1e9;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (Database.scoreCount(d.db, experiment) < jobs) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(experiment + ": rows missing after 10 minutes");
            Thread.sleep(100);
        }
        long[] cpu1 = d.cpu();
        Instant last = lastRow(d.db, experiment);
        double secs = Duration.between(t0, last).toNanos() / 1e9;
        StringBuilder ms = new StringBuilder();
        long all = 0;
        for (int i = 0; i < PARTS.size(); i++) {
            long delta = cpu1[i] - cpu0[i];
            all += delta;
            ms.append(i == 0 ? "" : " / ").append(delta / 1_000_000);
        }
        double rate = jobs / secs;
        System.out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %,.0f | %s | %.0f | %s |%n", r == 0 ? "0 (cold)" : Integer.toString(r),
                submitSecs, secs, rate, ms, all / 1e3 / jobs, Bench.loadAverage());
        return rate;
    }

    /** CPU seconds of every component over all runs and records per CPU-second of each (its ceiling per core). */
    private static void cpuTotals(long[] cpu1, long[] cpu0, long records, double wallSecs, String load0) {
        System.out.printf(Locale.ROOT, "%nAll runs: %,d records in %.0f s of wall (%,.0f records/s; load average %s at the start, %s at the end):%n%n",
                records, wallSecs, records / wallSecs, load0, Bench.loadAverage());
        System.out.println("| component | CPU s | records per CPU-second |");
        System.out.println("|---|---:|---:|");
        double all = 0;
        for (int i = 0; i < PARTS.size(); i++) {
            double secs = (cpu1[i] - cpu0[i]) / 1e9;
            all += secs;
            System.out.printf(Locale.ROOT, "| %s | %.1f | %,.0f |%n", PARTS.get(i), secs, records / secs);
        }
        System.out.printf(Locale.ROOT, "| all | %.1f | %,.0f (x 2 cores = %,.0f records/s) |%n", all, records / all, 2 * records / all);
    }

    /** Exactly {@code jobs} memberships per experiment and {@code runs x jobs} score rows (each run has its own seed). */
    private static void exactRows(HikariDataSource db, int runs, int jobs) throws SQLException {
        try (Connection c = db.getConnection(); var s = c.createStatement()) {
            long scores;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM scores")) {
                rs.next();
                scores = rs.getLong(1);
            }
            Map<String, Long> per = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT experiment, count(*) FROM experiment_scores GROUP BY experiment ORDER BY experiment")) {
                while (rs.next()) per.put(rs.getString(1), rs.getLong(2));
            }
            long wrong = per.values().stream().filter(n -> n != jobs).count();
            System.out.printf(Locale.ROOT, "%nRows in PostgreSQL: scores %,d (expected %,d), %d experiments (expected %d), %d with a count other than %,d%n",
                    scores, (long) runs * jobs, per.size(), runs, wrong, jobs);
            if (scores != (long) runs * jobs || per.size() != runs || wrong != 0) {
                throw new IllegalStateException("rows in PostgreSQL not exact: " + scores + " scores, per experiment " + per);
            }
        }
    }

    static Instant lastRow(HikariDataSource db, String experiment) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT max(written_at) FROM experiment_scores WHERE experiment = ?")) {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t.toInstant();
            }
        }
    }

    static String[] cat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
