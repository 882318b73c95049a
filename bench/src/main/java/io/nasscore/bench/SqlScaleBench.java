package io.nasscore.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.sink.Database;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.core.score.ScoreName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.Flyway;

/**
 * The users' queries on a million rows without running the pipeline first (docs/benchmarks.md, "A million
 * records"): a fresh embedded PostgreSQL with the project's migrations, filled by SQL with what the pipeline
 * would have written for E experiments of the whole space (E x 15,625 score rows with all twelve scores, their
 * memberships and jobs, a dead letter for one job in 100, the three datasets' ground truth, 48 quality rows per
 * experiment), VACUUM ANALYZE (what autovacuum
 * does after a bulk load), then {@link SqlTimings}. Rows written by the real sink: LookupBench's last part.
 *
 * <p>{@code bench/run.sh SqlScaleBench [experiments=64]}; {@code -Dbench.migrations=filesystem:sql} runs the
 * migrations of a working copy instead of those built into the jar.
 */
public final class SqlScaleBench {
    private SqlScaleBench() {}

    public static void main(String[] args) throws Exception {
        int experiments = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Path dir = Files.createTempDirectory("nasscore-sql-bench");
        try (EmbeddedStack stack = EmbeddedStack.builder(dir).kafka(false).postgresPort(0).start();
             HikariDataSource db = Database.dataSource(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())) {
            Flyway.configure().dataSource(db).locations(System.getProperty("bench.migrations", Database.MIGRATIONS)).load().migrate();
            long t0 = System.nanoTime();
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                fill(s, experiments);
            }
            long rows = (long) experiments * 15_625;
            System.out.printf(Locale.ROOT, "### The queries on %,d score rows, %d experiments (SqlScaleBench)%n%n", rows, experiments);
            System.out.println("- date: " + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0) + "; "
                    + Runtime.getRuntime().availableProcessors() + " cores; load average " + Bench.loadAverage()
                    + String.format(Locale.ROOT, "; filled and analysed in %.0f s", (System.nanoTime() - t0) / 1e9));
            System.out.println();
            SqlTimings.report(db, "exp-1");
            System.out.println();
            System.out.printf(Locale.ROOT, "PostgreSQL data directory: %.0f MB for %,d score rows%n", Procs.du(dir.resolve("postgres")) / 1e6, rows);
        } finally {
            Bench.deleteQuietly(dir);
        }
    }

    private static void fill(Statement s, int experiments) throws Exception {
        String[][] truth = {{"cifar10", "cifar10_test"}, {"cifar100", "cifar100_test"}, {"imagenet16-120", "imagenet16_test"}};
        for (String[] t : truth) {
            s.execute("INSERT INTO ground_truth (dataset, arch_index, metric, accuracy, arch, source) SELECT '" + t[0] + "', i, '"
                    + t[1] + "', 10 + random() * 85, repeat('|nor_conv_3x3~0|', 6), 'bench' FROM generate_series(0, 15624) i");
        }
        StringBuilder cols = new StringBuilder();
        StringBuilder vals = new StringBuilder();
        for (ScoreName n : ScoreName.values()) {
            cols.append(n.name().toLowerCase(Locale.ROOT)).append(", ");
            vals.append("random(), ");
        }
        // the shapes of the real rows: 64-hex config hashes, keys hash/dataset/index/seed, arch strings of ~90 chars
        s.execute("INSERT INTO scores (score_key, experiment, job_id, arch_index, arch, config_hash, dataset, batch_size, batch_policy, "
                + "target, bn_mode, seed, normalisation, data, " + cols + "js_raw, weight_tensors, degenerate_rows, degenerate_tensors, "
                + "input_degenerate, params, clean_ms, noise0_1_ms, noise10_ms, noise100_ms, similarity_ms, total_ms, device, worker_id, "
                + "engine, scored_at, run_ids) "
                + "SELECT h || '/cifar10/' || i || '/' || e, 'exp-' || e, 'j' || left(md5(h || i), 16), i, repeat('|nor_conv_3x3~0|', 6), h, "
                + "'cifar10', 64, 'fixed', 'loss', 'train', e, 'bounds', 'shipped', " + vals
                + "-64, 5, 0, 0, false, 1000 + i, 0, 0, 0, 0, 0, 0.01, 'noop', 'worker-1', 'noop', now(), '{}' "
                + "FROM (SELECT e, md5(e::text) || md5((e + 1)::text) AS h FROM generate_series(0, " + (experiments - 1) + ") e) x, "
                + "generate_series(0, 15624) i");
        s.execute("INSERT INTO experiment_scores (experiment, score_key, arch_index, run_ids) SELECT experiment, score_key, arch_index, '{}' FROM scores");
        // every score came from a job of its experiment; one job in 100 was dead-lettered once before it was scored
        s.execute("INSERT INTO experiment_jobs (experiment, job_id, score_key, arch_index, config_hash, rescore, submitted_at) "
                + "SELECT experiment, job_id, score_key, arch_index, config_hash, false, now() - interval '1 hour' FROM scores");
        s.execute("INSERT INTO job_dead_letters (kafka_partition, kafka_offset, job_id, experiment, arch_index, reason, stage, "
                + "message, worker, dead_lettered_at) SELECT 0, row_number() OVER (), job_id, experiment, arch_index, "
                + "'scoring-failed', 'score', 'bench', 'worker-1', now() - interval '30 minutes' FROM scores WHERE arch_index % 100 = 0");
        StringBuilder names = new StringBuilder();
        for (ScoreName n : ScoreName.values()) names.append(names.length() == 0 ? "" : ", ").append('\'').append(n.name()).append('\'');
        s.execute("INSERT INTO score_quality (experiment, dataset, score, subset, window_name, config_hash, n, excluded, monotonicity, "
                + "tau_b, spearman, slope, slope_sign, r2, runs, updated_at) "
                + "SELECT 'exp-' || e, 'cifar10', sc, sub, w, md5(e::text), 15625, 0, random(), random(), random(), random(), 1, random(), 1, now() "
                + "FROM generate_series(0, " + (experiments - 1) + ") e, unnest(ARRAY[" + names + "]) sc, "
                + "unnest(ARRAY['all', 'above-median']) sub, unnest(ARRAY['cumulative', 'last-1000']) w");
        s.execute("VACUUM ANALYZE");
    }
}
