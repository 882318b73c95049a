package io.nasscore.systest;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.producer.JobSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scenario on the running {@link Pipeline}: submit an experiment as its own process, inject the fault once
 * a fifth of its rows are in PostgreSQL, wait for every row, then check what must hold after every fault, and
 * append the outcome to {@code target/systest-results.md}.
 */
final class Scenario {
    static final List<String> ALL_SCORES = List.of("JS", "JSC", "SNS", "SNSC", "LNS", "LNSC", "MNJS", "MNJSC", "PJS", "PJSC", "WPJS", "WPJSI");
    private static final Duration COMPLETE = Duration.ofMinutes(10);
    private static final Duration QUALITY = Duration.ofMinutes(3);

    interface Fault {
        void inject() throws Exception;
    }

    final Pipeline pipeline;
    final KafkaSide kafka;
    final String name;
    final String experiment;
    int jobs = 2000;
    long seed;
    int scoreSeed;
    String scores = "JS,PJS";
    /** The workers' scorer, for the table: noop, or djl (the workers must have been started with it). */
    String scorer = "noop";
    /** More submit options, e.g. --batch 8. */
    List<String> extraSubmitArgs = List.of();
    int poisonJobs;
    /** Poison records the scenario writes to nas.scores and nas.ground-truth: each must reach nas.aggregator.dlq once. */
    int poisonInputs;
    String faultText = "";
    private long dlqFrom;
    private long aggregatorDlqFrom;
    long recoveryMs = -1;

    Scenario(Pipeline pipeline, String name, String experiment, int scoreSeed) {
        this.pipeline = pipeline;
        this.kafka = new KafkaSide(pipeline.kafkaClient());
        this.name = name;
        this.experiment = experiment;
        this.scoreSeed = scoreSeed;
        this.seed = scoreSeed;
    }

    List<String> submitArgs() {
        List<String> args = new ArrayList<>(List.of("--sample", Integer.toString(jobs), "--seed", Long.toString(seed),
                "--experiment", experiment, "--score-seed", Integer.toString(scoreSeed), "--scores", scores));
        args.addAll(extraSubmitArgs);
        return args;
    }

    Set<Integer> expected() {
        return new TreeSet<>(JobSet.sample(jobs, 1, seed).indices());
    }

    List<String> scoreList() {
        return scores.equals("all") ? ALL_SCORES : Arrays.asList(scores.split(","));
    }

    /** Submits, injects {@code fault} (if any) at a fifth of the rows, and waits for all of them. */
    void run(Fault fault) throws Exception {
        long start = System.nanoTime();
        dlqFrom = kafka.end("nas.jobs.dlq");
        aggregatorDlqFrom = kafka.end("nas.aggregator.dlq");
        List<String> args = new ArrayList<>(List.of("submit"));
        args.addAll(submitArgs());
        Proc submit = pipeline.run("submit-" + experiment, args);
        if (fault != null) {
            Proc.await(experiment + ": a fifth of the rows", COMPLETE, () -> Checks.rowCount(pipeline.pg, experiment) >= jobs / 5);
            long t0 = System.nanoTime();
            fault.inject();
            awaitComplete(submit);
            recoveryMs = (System.nanoTime() - t0) / 1_000_000;
        } else {
            awaitComplete(submit);
        }
        System.out.printf("systest: %s: %d rows in %d ms (recovery %d ms)%n", name, expected().size(),
                (System.nanoTime() - start) / 1_000_000, recoveryMs);
    }

    void awaitComplete(Proc submit) {
        int code = submit.awaitExit(Duration.ofMinutes(5));
        assertThat(code).as("submit exit code; log:\n" + submit.tail(20)).isZero();
        int n = expected().size();
        Proc.await(experiment + ": " + n + " rows (have " + Checks.rowCount(pipeline.pg, experiment) + ")", COMPLETE,
                () -> Checks.rowCount(pipeline.pg, experiment) >= n);
    }

    /** The checks of every scenario; returns the outcome line's counts. */
    String check() throws Exception {
        long start = System.nanoTime();
        try {
            return checkAll();
        } finally {
            System.out.printf("systest: %s: checks took %d ms%n", name, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private String checkAll() throws Exception {
        Set<Integer> expected = expected();
        List<Integer> rows = Checks.rows(pipeline.pg, experiment);
        assertThat(rows).as("rows of " + experiment + ": " + Checks.difference(expected, rows)).hasSize(expected.size());
        assertThat(new TreeSet<>(rows)).as(Checks.difference(expected, rows)).isEqualTo(expected);
        List<String> missing = Checks.missingScores(pipeline.pg, experiment, scoreList());
        assertThat(missing).as("rows without a requested score").isEmpty();
        List<String>[] diffs = new List[] {List.of()};
        try {
            Proc.await(experiment + ": score_quality equal to Evaluation", QUALITY, () -> {
                try {
                    diffs[0] = Checks.qualityDiffs(pipeline.pg, experiment, scoreList());
                } catch (Exception e) {
                    diffs[0] = List.of(e.toString());
                }
                return diffs[0].isEmpty();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + diffs[0].subList(0, Math.min(10, diffs[0].size())));
        }
        List<Map<String, String>> dlq = kafka.read("nas.jobs.dlq", dlqFrom);
        assertThat(dlq).as("DLQ records since the scenario began: " + dlq).hasSize(poisonJobs);
        assertThat(dlq).allSatisfy(r -> assertThat(r.get("nas.error.reason")).as("reason of " + r).isNotBlank());
        List<Map<String, String>> aggregatorDlq = awaitAggregatorDeadLetters();
        assertThat(aggregatorDlq).as("nas.aggregator.dlq records since the scenario began: " + aggregatorDlq).hasSize(poisonInputs);
        assertThat(aggregatorDlq).allSatisfy(r -> assertThat(r.get("nas.error.reason")).as("reason of " + r).isNotBlank());
        for (Proc p : pipeline.components()) {
            assertThat(p.alive()).as(p.name() + " runs; log:\n" + p.tail(30)).isTrue();
        }
        return String.format(Locale.ROOT, "%d/%d rows, 0 missing scores, %d score_quality keys = Evaluation, DLQ %d/%d with reasons, "
                + "aggregator DLQ %d/%d", rows.size(), expected.size(), scoreList().size() * 2, dlq.size(), poisonJobs,
                aggregatorDlq.size(), poisonInputs);
    }

    /**
     * The aggregator's dead letters since the scenario began, once the expected number are there (the aggregator may
     * lag the sink) or after a short wait for more that must not come.
     */
    private List<Map<String, String>> awaitAggregatorDeadLetters() {
        long deadline = System.nanoTime() + QUALITY.toNanos();
        List<Map<String, String>> got = kafka.read("nas.aggregator.dlq", aggregatorDlqFrom);
        while (got.size() < poisonInputs && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500); // the poll interval
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            got = kafka.read("nas.aggregator.dlq", aggregatorDlqFrom);
        }
        return got;
    }

    /** Appends the scenario's row of the table. */
    void record(String checks) throws IOException {
        Path f = Path.of("target", "systest-results.md");
        Files.createDirectories(f.getParent());
        String load = String.format(Locale.ROOT, "%,d jobs, %s, --scores %s%s", expected().size(), scorer, scores,
                extraSubmitArgs.isEmpty() ? "" : " " + String.join(" ", extraSubmitArgs));
        String line = String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", name, load, faultText, checks,
                recoveryMs < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", recoveryMs / 1000.0),
                LocalDate.now(ZoneOffset.UTC), machine(), loadAverage());
        Files.writeString(f, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The 1, 5 and 15 min load averages when the scenario ended (the machine is shared: its speed varies). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String machine() {
        long memKb = 0;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) memKb = Long.parseLong(l.replaceAll("\\D", ""));
            }
        } catch (IOException | RuntimeException ignored) {
            // unknown memory
        }
        return String.format(Locale.ROOT, "%d cores, %d GiB, %s", Runtime.getRuntime().availableProcessors(),
                Math.round(memKb / 1024.0 / 1024.0), System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
}
