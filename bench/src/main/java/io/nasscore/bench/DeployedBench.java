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
 * by default; 64 runs of 15,625 are the million. {@code -Dbench.keep=true} keeps the data directory.
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
            System.out.println();
            System.out.println("| run | submit command | last row in PostgreSQL | records/s | CPU ms: " + String.join(" / ", PARTS)
                    + " | CPU us per record, all | load average |");
            System.out.println("|---|---:|---:|---:|---|---:|---|");
            double[] warm = new double[Math.max(0, runs - 1)];
            long records = 0;
            for (int r = 0; r < runs; r++) {
                double rate = run(r, jobs, d);
                if (r > 0) warm[r - 1] = rate;
                records += jobs;
            }
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
