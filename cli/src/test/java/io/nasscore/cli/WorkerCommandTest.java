package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.testsupport.KafkaTestBroker;
import io.nasscore.testsupport.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nasscore worker} against one real broker per class; each test in topics of its own. */
class WorkerCommandTest {
    static KafkaTestBroker kafka;
    static String bootstrap;
    static int tests;
    static String prefix;
    static TopicCatalogue topics;
    static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = SubmitCommandTest.startBroker();
        bootstrap = kafka.bootstrapServers();
    }

    @AfterAll
    static void stop() throws Exception {
        processes.forEach(Process::destroyForcibly);
        if (kafka != null) kafka.close();
    }

    /** This test's own topics and groups on the class's broker (a prefix), so each test runs alone, in any order. */
    @BeforeEach
    void ownTopics() {
        prefix = "w" + (++tests) + ".";
        topics = Topics.withPrefix(prefix);
    }

    @Test
    void theDjlWorkerScoresJobsAndDeadLettersGarbage() {
        assertThat(Cli.run("submit", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--index", "1462,5", "--batch", "8", "--data", "random",
                "--scores", "JS,PJS", "--experiment", "djl").code()).isZero();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topics.jobs().name(), "junk", new byte[] {1, 2, 3}));
        }
        Cli.Result r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--device", "cpu", "--max-jobs", "3", "--worker-id", "djl-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("worker djl-1: group " + prefix + "nasscore-workers, scorer djl on cpu(); stops after 3 job(s); "
                        + "up to 1 job(s) per poll")
                .contains("worker djl-1: 3 job(s) done").contains("(2 scored, 0 reused, 1 dead-lettered, 0 transaction(s)")
                .contains("in 3 transaction(s)");
        List<ConsumerRecord<String, byte[]>> dlq = SubmitCommandTest.readAll(bootstrap, topics.jobsDlq().name());
        assertThat(dlq).hasSize(1);
        assertThat(DlqHeaders.get(dlq.get(0).headers(), DlqHeaders.REASON)).isEqualTo("not-single-object");
        var scores = SubmitCommandTest.readAll(bootstrap, topics.scores().name()).stream()
                .map(x -> topics.scores().valueSerde().deserializer().deserialize("s", x.value())).toList();
        assertThat(scores).hasSize(2).allSatisfy(s -> {
            assertThat(s.getDevice()).isEqualTo("cpu()");
            assertThat(s.getJS()).isBetween(0.0, 1.0);
            assertThat(s.getPJS()).isBetween(0.0, 1.0);
            assertThat(s.getJSC()).isNull();
        });
    }

    @Test
    void theNoopWorkerTakesBatchesAndStopsAfterExactlyMaxJobs() {
        assertThat(Cli.run("submit", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--sample", "50", "--batch", "8", "--data", "random",
                "--experiment", "noop-batch").code()).isZero();
        Cli.Result r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--scorer", "noop", "--max-jobs", "30",
                "--worker-id", "noop-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("scorer noop on noop; stops after 30 job(s); up to 2000 job(s) per poll")
                .contains("worker noop-1: 30 job(s) done").contains("(30 scored, 0 reused, 0 dead-lettered, 0 transaction(s)");
        r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--scorer", "noop", "--max-poll-records", "7",
                "--max-jobs", "20", "--idle-exit", "20s", "--worker-id", "noop-2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("up to 7 job(s) per poll").contains("worker noop-2: 20 job(s) done");
    }

    @Test
    void idleExitWithNothingToDo() {
        Cli.Result r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--scorer", "noop", "--idle-exit", "500ms");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("stops after 500ms idle").contains(": 0 job(s) done");
    }

    @Test
    void badOptionsAreClearMessages() {
        Cli.Result r = Cli.run("worker", "--scorer", "fast");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown scorer 'fast': expected djl or noop");
        r = Cli.run("worker", "--max-jobs", "0");
        assertThat(r.err()).contains("--max-jobs must be >= 1, got 0");
        r = Cli.run("worker", "--max-poll-records", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--max-poll-records must be >= 1, got 0");
        r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--device", "gpu:3", "--max-jobs", "1");
        assertThat(r.code()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).contains("nasscore worker: device 'gpu:3'").doesNotContain("\tat ");
    }

    /**
     * The worker as users run it, in its own process: SIGTERM in the middle of the work finishes (or abandons) the
     * job being scored and exits after committing what is done; SIGKILL loses nothing either (its uncommitted job
     * is redelivered to its successor). Every job ends on nas.scores exactly once.
     */
    @Test
    void sigtermAndSigkillLoseNoJobAndScoreNoneTwice(@TempDir Path tmp) throws Exception {
        int jobs = 40; // enough that the first worker is still busy when SIGTERM comes, even on a fast machine
        assertThat(Cli.run("submit", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--sample", Integer.toString(jobs), "--seed", "11",
                "--batch", "8", "--data", "random", "--scores", "JS,PJS", "--experiment", "sigterm").code()).isZero();

        // SIGTERM after its second committed job
        Process a = workerProcess("sig-a", tmp.resolve("a.log"));
        awaitScores(a, 2);
        a.destroy(); // SIGTERM
        assertThat(a.waitFor(2, TimeUnit.MINUTES)).as("exits after SIGTERM").isTrue();
        String logA = Files.readString(tmp.resolve("a.log"));
        Matcher m = Pattern.compile("worker sig-a: (\\d+) job\\(s\\) done").matcher(logA);
        assertThat(m.find()).as("the summary of a worker stopped by SIGTERM:%n%s", logA).isTrue();
        int doneA = Integer.parseInt(m.group(1));
        assertThat(doneA).isBetween(2, jobs - 1);
        assertThat(sigtermScores()).as("what sig-a says it committed is on nas.scores").hasSize(doneA);

        // SIGKILL in the middle of a job: nothing is committed for it
        Process b = workerProcess("sig-b", tmp.resolve("b.log"));
        awaitScores(b, doneA + 2);
        b.destroyForcibly(); // SIGKILL
        assertThat(b.waitFor(1, TimeUnit.MINUTES)).isTrue();

        // the successor in sig-b's slot fences its producer (aborting a transaction it may have left open) and scores
        // the rest, the killed job included, once the group has dropped the dead member (session.timeout.ms, 45 s)
        int left = jobs - sigtermScores().size();
        Cli.Result r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--device", "cpu", "--worker-id", "sig-b",
                "--max-jobs", Integer.toString(left), "--idle-exit", "120s");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> ids = sigtermScores().stream().map(s -> s.getJobId()).toList();
        assertThat(ids).as("every job once").hasSize(jobs).doesNotHaveDuplicates();
    }

    private static Process workerProcess(String id, Path log) throws Exception {
        // surefire's class path (a manifest jar) is the project's: the process runs the same Main as users do
        Process p = new ProcessBuilder(ChildJvm.nasscore("1g", List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1"),
                "worker", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--device", "cpu", "--worker-id", id))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private static void awaitScores(Process p, int n) {
        Poll.until(Duration.ofMinutes(3), n + " scores", () -> {
            assertThat(p.isAlive()).as("the worker process is running").isTrue();
            return sigtermScores().size() >= n;
        });
    }

    private static List<ScoreRecord> sigtermScores() {
        return SubmitCommandTest.readAll(bootstrap, topics.scores().name()).stream()
                .map(x -> topics.scores().valueSerde().deserializer().deserialize("s", x.value()))
                .filter(s -> s.getExperiment().equals("sigterm")).toList();
    }
}
