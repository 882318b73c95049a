package io.nasscore.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's system tests: the pipeline as deployed ({@link Pipeline}: 3 broker processes, PostgreSQL, truth load,
 * two workers, the aggregator, submit, each its own OS process), one fault per scenario, the checks of
 * {@link Scenario#check()} after each. Untagged scenarios run in {@code mvn -B test}; those tagged "slow" only with
 * {@code -Psystest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineFaultsSystemTest {
    @TempDir static Path dir;
    static Pipeline pipeline;

    @BeforeAll
    static void up() {
        pipeline = new Pipeline(dir);
        pipeline.startComponents();
    }

    @AfterAll
    static void down() {
        if (pipeline != null) pipeline.close();
    }

    @Test
    @Order(1)
    @Tag("slow")
    void workerKilledMidBatch() throws Exception {
        Scenario s = new Scenario(pipeline, "worker kill -9 mid-batch", "sys-worker-kill", 101);
        s.faultText = "kill -9 worker w1 at 1/5 of the rows; supervisor restarts it (same --worker-id)";
        Proc w1 = pipeline.workers.get(0);
        s.run(() -> {
            w1.kill9();
            w1.restart();
        });
        String checks = s.check();
        assertNoDuplicateCommittedScores(s);
        s.record(checks + ", committed nas.scores records = rows");
    }

    @Test
    @Order(2)
    @Tag("slow")
    void aggregatorKilled() throws Exception {
        Scenario s = new Scenario(pipeline, "aggregator kill -9", "sys-aggregator-kill", 102);
        s.faultText = "kill -9 the aggregator at 1/5 of the rows; supervisor restarts it (same state dir)";
        s.run(() -> {
            pipeline.aggregator.kill9();
            pipeline.aggregator.restart();
        });
        s.record(s.check());
    }

    @Test
    @Order(3)
    @Tag("slow")
    void twoSubmitsOfOneExperimentAtOnce() throws Exception {
        Scenario s = new Scenario(pipeline, "two submits at once", "sys-two-submits", 103);
        s.faultText = "a second, identical `submit` process started at the same time";
        List<String> args = new ArrayList<>(List.of("submit"));
        args.addAll(s.submitArgs());
        Proc second = pipeline.run("submit-" + s.experiment + "-twin", args);
        s.run(null);
        assertThat(second.awaitExit(Duration.ofMinutes(5))).as(second.tail(20)).isZero();
        s.record(s.check());
    }

    @Test
    @Order(4)
    void poisonOnEveryInputTopic() throws Exception {
        Scenario s = new Scenario(pipeline, "poison records", "sys-poison", 104);
        s.poisonJobs = 3;
        s.poisonInputs = 6;
        s.faultText = "3 undecodable records each on nas.jobs, nas.scores, nas.ground-truth at 1/5 of the rows";
        s.run(() -> {
            s.kafka.poison("nas.jobs", 3, "poison-job-");
            s.kafka.poison("nas.scores", 3, "poison-score-");
            s.kafka.poison("nas.ground-truth", 3, "poison-truth-");
        });
        String checks = s.check();
        // the aggregator's Streams dead-letters the scores and truths (checked above: aggregator DLQ 6/6); its sink, which
        // also reads nas.jobs (the experiments' progress), skips each of the nine with a one-line reason naming it, and
        // Streams says once that it dead-lettered each of its six
        String log = pipeline.aggregator.log();
        for (String key : List.of("nas.scores", "nas.ground-truth")) {
            assertThat(log.lines().filter(l -> l.contains("dead-lettered record " + key + "-")).count())
                    .as("Streams' dead-letter lines for " + key).isEqualTo(3);
        }
        // one line each, no stack trace: a trace would start with the exception's class name (the aggregator's log
        // may hold other traces, e.g. Kafka Streams' after an earlier scenario's kill -9)
        assertThat(log.lines().filter(l -> l.contains("not Avro single-object encoding")).count())
                .as("lines naming the poison's reason: 6 dead-letter lines and 9 sink lines").isEqualTo(15);
        assertThat(log).doesNotContain("BadRecordException");
        for (String key : List.of("poison-job-0", "poison-job-1", "poison-job-2", "poison-score-0", "poison-score-1",
                "poison-score-2", "poison-truth-0", "poison-truth-1", "poison-truth-2")) {
            assertThat(log.lines().filter(l -> l.contains("skipped record") && l.contains("(key " + key + ")")).count())
                    .as("the sink's skip line for " + key).isEqualTo(1);
        }
        s.record(checks + " with reasons; the aggregator logged one 'dead-lettered record' line for each of the 6 poison "
                + "scores/truths and the sink one 'skipped record' line for each of the 9 poison records, no stack trace");
    }

    @Test
    @Order(5)
    @Tag("slow")
    void brokerLeadingScoresAndChangelogsKilledAndRestarted() throws Exception {
        Scenario s = new Scenario(pipeline, "broker kill -9", "sys-broker-kill", 105);
        int[] victim = new int[1];
        s.run(() -> {
            victim[0] = leaderOfScoresAndChangelogs();
            pipeline.kafka.kill(victim[0]);
            int at = Checks.rowCount(pipeline.pg, s.experiment);
            // the pipeline goes on with two brokers (min ISR 2) before the third comes back
            Proc.await("progress without broker " + victim[0], Duration.ofMinutes(5),
                    () -> Checks.rowCount(pipeline.pg, s.experiment) >= Math.min(s.jobs, at + s.jobs / 10));
            pipeline.kafka.restart(victim[0]); // polls up to 5 min: log recovery after SIGKILL took 96 s under load
        });
        s.faultText = "kill -9 broker " + victim[0] + " (leader of nas.scores-0 and the most aggregator changelog partitions) at 1/5 of the rows, restarted after 1/10 more rows";
        s.record(s.check());
    }

    @Test
    @Order(6)
    @Tag("slow")
    void workerStoppedBeyondItsSessionThenContinuedIsFenced() throws Exception {
        Scenario s = new Scenario(pipeline, "worker SIGSTOP/SIGCONT", "sys-worker-stop", 106);
        Duration stall = Pipeline.WORKER_SESSION_TIMEOUT.multipliedBy(3);
        s.faultText = "SIGSTOP worker w2 for " + stall.toSeconds() + " s (session.timeout.ms " + Pipeline.WORKER_SESSION_TIMEOUT.toSeconds()
                + " s: evicted), then SIGCONT";
        Proc w2 = pipeline.workers.get(1);
        s.run(() -> {
            w2.stopSignal();
            Thread.sleep(stall.toMillis()); // the fault's duration, not a wait for a result
            w2.contSignal();
        });
        String checks = s.check();
        assertNoDuplicateCommittedScores(s);
        s.record(checks + ", committed nas.scores records = rows (the late output of w2 not visible)");
    }

    @Test
    @Order(7)
    @Tag("slow")
    void postgresKilledAndRestartedWhileScoresFlow() throws Exception {
        Scenario s = new Scenario(pipeline, "PostgreSQL kill -9", "sys-pg-kill", 107);
        s.faultText = "kill -9 the postmaster and every backend at 1/5 of the rows, started again at once on the same data";
        int[] logFrom = new int[1];
        s.run(() -> {
            logFrom[0] = pipeline.aggregator.log().length();
            pipeline.pg.kill9();
            pipeline.pg.restart();
        });
        s.record(s.check() + ", " + sinkSaidItWaited(logFrom[0]));
    }

    @Test
    @Order(8)
    @Tag("slow")
    void postgresStalledThirtySeconds() throws Exception {
        Scenario s = new Scenario(pipeline, "PostgreSQL SIGSTOP 30 s", "sys-pg-stall", 108);
        s.faultText = "SIGSTOP the postmaster and every backend for 30 s at 1/5 of the rows, then SIGCONT";
        int[] logFrom = new int[1];
        s.run(() -> {
            logFrom[0] = pipeline.aggregator.log().length();
            pipeline.pg.signalAll("STOP");
            try {
                Thread.sleep(30_000); // the fault's duration
            } finally {
                pipeline.pg.signalAll("CONT");
            }
        });
        // a stall no longer than the sink's JDBC socket timeout (30 s) ends before the sink's call fails: it may
        // pass without a notice, but never with more than one per notice interval
        s.record(s.check() + ", " + sinkNotices(logFrom[0]));
    }

    @Test
    @Order(9)
    @Tag("slow")
    void scoresJsThenAll() throws Exception {
        Scenario js = new Scenario(pipeline, "submit --scores JS", "sys-js", 109);
        js.jobs = 300;
        js.scores = "JS";
        js.run(null);
        js.check();
        Scenario all = new Scenario(pipeline, "then --scores all", "sys-all", 109);
        all.jobs = 300;
        all.scores = "all";
        all.faultText = "`submit --scores JS --experiment sys-js`, then the same archs and config with `--scores all --experiment sys-all`";
        all.run(null);
        all.record(all.check());
    }

    /**
     * The real scorer (DJL, CPU) at B = 8: the noop workers make way for two {@code worker --scorer djl} processes in
     * the same group, a few dozen jobs with every score; the rows are exact and every requested score is non-null.
     */
    @Test
    @Order(10)
    @Tag("slow")
    void realScorerAtASmallBatchThroughTwoWorkers() throws Exception {
        pipeline.replaceWorkers("djl", "d1", "d2");
        try {
            Scenario s = new Scenario(pipeline, "real scorer, two workers", "sys-djl", 110);
            s.jobs = 36;
            s.scores = "all";
            s.scorer = "djl --device cpu";
            s.extraSubmitArgs = List.of("--batch", "8");
            s.faultText = "none: the DJL scorer end to end on the cluster (two `worker --scorer djl` processes)";
            s.run(null);
            String checks = s.check();
            assertNoDuplicateCommittedScores(s);
            s.record(checks + ", committed nas.scores records = rows");
        } finally {
            pipeline.replaceWorkers("noop", "w1", "w2");
        }
    }

    /** The sink's waiting notices since {@code logFrom}: at most two for a stall shorter than two notice intervals. */
    private static String sinkNotices(int logFrom) {
        String log = pipeline.aggregator.log().substring(logFrom);
        long waiting = log.lines().filter(l -> l.contains("waiting for PostgreSQL")).count();
        long back = log.lines().filter(l -> l.contains("PostgreSQL is back")).count();
        assertThat(waiting).as("'waiting for PostgreSQL' notices (once per 30 s interval)").isLessThanOrEqualTo(2);
        return "sink logged " + waiting + " 'waiting for PostgreSQL' notice(s) and " + back + " 'is back'";
    }

    /** The sink, not restarted, said it waited (once per notice interval) and that PostgreSQL was back. */
    private static String sinkSaidItWaited(int logFrom) {
        String log = pipeline.aggregator.log().substring(logFrom);
        long waiting = log.lines().filter(l -> l.contains("waiting for PostgreSQL")).count();
        long back = log.lines().filter(l -> l.contains("PostgreSQL is back")).count();
        assertThat(waiting).as("'waiting for PostgreSQL' notices in the aggregator's log").isPositive();
        assertThat(back).as("'PostgreSQL is back' notices").isPositive();
        return "sink logged " + waiting + " 'waiting for PostgreSQL' notice(s) and " + back + " 'is back'";
    }

    private static void assertNoDuplicateCommittedScores(Scenario s) {
        Map<Integer, Integer> perArch = s.kafka.committedScores(s.experiment);
        assertThat(perArch.keySet()).isEqualTo(s.expected());
        assertThat(perArch.values().stream().filter(n -> n > 1).count()).as("archs with more than one committed score record").isZero();
    }

    /** The broker leading nas.scores-0 and, of the others, the most aggregator changelog partitions. */
    private static int leaderOfScoresAndChangelogs() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", pipeline.kafka.bootstrapServers()))) {
            int scoresLeader = admin.describeTopics(List.of("nas.scores")).allTopicNames().get().get("nas.scores").partitions().get(0).leader().id();
            List<String> changelogs = admin.listTopics().names().get().stream().filter(t -> t.endsWith("-changelog")).toList();
            long led = 0;
            for (TopicDescription d : admin.describeTopics(changelogs).allTopicNames().get().values()) {
                for (TopicPartitionInfo p : d.partitions()) if (p.leader() != null && p.leader().id() == scoresLeader) led++;
            }
            System.out.printf("broker %d leads nas.scores-0 and %d changelog partitions%n", scoresLeader, led);
            return scoresLeader;
        }
    }
}
