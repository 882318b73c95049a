package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.producer.JobPublisher;
import io.nasscore.producer.JobSet;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import io.nasscore.testsupport.KafkaTestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `nasscore submit` (and `worker`, to score what it submitted) against a real broker given by --bootstrap-servers.
 * The workers consume every job on the broker: it is emptied before each test, so each runs alone.
 */
class SubmitCommandTest {
    static KafkaTestBroker kafka;
    static String bootstrap;
    static int tests;
    static String prefix;
    static TopicCatalogue topics;

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = startBroker();
        bootstrap = kafka.bootstrapServers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    /** This test's own topics and groups on the class's broker (a prefix), so each test runs alone, in any order. */
    @BeforeEach
    void ownTopics() {
        prefix = "s" + (++tests) + ".";
        topics = Topics.withPrefix(prefix);
    }

    /** A single-node KRaft broker (no topics: the commands create them). */
    static KafkaTestBroker startBroker() throws Exception {
        return KafkaTestBroker.start();
    }

    /** Every committed record of a topic (read_committed), raw, once its transactions are decided. */
    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic) {
        return KafkaTestBroker.readAll(bootstrapServers, topic, "read_committed");
    }

    @Test
    void submitScoreResubmitAndRescore() {
        String[] common = {"--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--sample", "20", "--runs", "2", "--seed", "3",
                "--batch", "8", "--data", "random", "--scores", "JS,PJS"};
        int n = JobSet.sample(20, 2, 3).size();
        ScoreConfig config = new ScoreConfig(Dataset.CIFAR10, 8, ScoreConfig.BatchPolicy.FIXED,
                ScoreConfig.JacobianTarget.LOSS, ScoreConfig.BnMode.TRAIN, 0, ScoreConfig.Normalisation.BOUNDS, "random");
        String experiment = JobPublisher.defaultExperiment(JobSet.sample(20, 2, 3), config);
        assertThat(experiment).startsWith("sample20x2-seed3-cifar10-");

        Cli.Result r = Cli.run(concat(new String[] {"submit"}, common));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("experiment " + experiment + ": " + n + " architecture(s), config " + config.hash())
                .contains("published " + n + " job(s) to " + prefix + "nas.jobs")
                .contains("0 already scored under this configuration");

        r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--scorer", "noop", "--max-jobs", "" + n, "--worker-id", "cli-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("worker cli-1: " + n + " job(s) done").contains("(" + n + " scored, 0 reused, 0 dead-lettered");

        r = Cli.run(concat(new String[] {"submit", "--experiment", "again"}, common));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("published 0 job(s)").contains(n + " already scored under this configuration: their scores "
                + "re-published to " + prefix + "nas.scores for this experiment, not scored again");

        r = Cli.run(concat(new String[] {"submit", "--experiment", "rescored", "--rescore"}, common));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("published " + n + " job(s)").contains("--rescore: every architecture is scored again");

        r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--scorer", "noop", "--idle-exit", "1.5s", "--worker-id", "cli-2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("worker cli-2: " + n + " job(s) done").contains("(" + n + " scored");

        List<ConsumerRecord<String, byte[]>> scores = readAll(bootstrap, topics.scores().name());
        assertThat(scores).hasSize(3 * n);
        assertThat(scores).allMatch(s -> s.key().startsWith(config.hash() + "/cifar10/") && s.key().endsWith("/0"));
        assertThat(scores.stream().map(s -> topics.scores().valueSerde().deserializer().deserialize("s", s.value()).getExperiment()))
                .containsOnly(experiment, "again", "rescored");
    }

    @Test
    void anArchitectureFileWithBadLinesIsSubmittedWithoutThemAndTheyAreReported() throws Exception {
        Path f = dir.resolve("archs.txt");
        Files.writeString(f, "1\n|nope~0|\n2\n\n3\n");
        Cli.Result r = Cli.run("submit", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--archs", f.toString(), "--score-seed", "9",
                "--batch", "4", "--experiment", "from-file");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("experiment from-file: 3 architecture(s)").contains("published 3 job(s)")
                .contains("skipped 1 bad line(s) of " + f);
        assertThat(r.err()).contains("nasscore submit: " + f + ", skipped line 2: arch '|nope~0|'");
    }

    @Test
    void badOptionsAreClearMessages() {
        assertError(Cli.run("submit"), "which architectures? give one of --sample N [--runs R --seed S], --index I[,I...], --archs FILE or --all");
        assertError(Cli.run("submit", "--all", "--index", "3"), "give only one of --sample, --index, --archs, --all (got --index, --all)");
        assertError(Cli.run("submit", "--index", "3", "--seed", "1"), "--runs and --seed go with --sample");
        assertError(Cli.run("submit", "--index", "3,99999"), "arch index 99999 is outside 0..15624");
        assertError(Cli.run("submit", "--all", "--dataset", "cifar100", "--data", "shipped"), "the shipped images are CIFAR-10 only");
        assertError(Cli.run("submit", "--all", "--dataset", "mnist"), "unknown dataset 'mnist'");
        assertError(Cli.run("submit", "--all", "--target", "logits"), "unknown jacobian target 'logits': expected one of loss, output-sum, mellor");
        assertError(Cli.run("submit", "--all", "--scores", "JS,XYZ"), "unknown score 'XYZ'");
        assertError(Cli.run("submit", "--all", "--batch", "1"), "--batch must be >= 2, got 1");
        assertError(Cli.run("submit", "--sample", "0"), "--sample must be in 1..15625, got 0");
        assertError(Cli.run("submit", "--archs", dir.resolve("none.txt").toString()), "none.txt: file not found");
        assertError(Cli.run("submit", "--bootstrap-servers", bootstrap, "--topic-prefix", prefix, "--index", "3", "--experiment", "a/b"),
                "experiment name 'a/b' must not contain '/'");
    }

    static void assertError(Cli.Result r, String message) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message).doesNotContain("\tat ");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
