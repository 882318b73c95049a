package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import io.nasscore.testsupport.KafkaTestBroker;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two pipelines with different {@code --topic-prefix} on one broker do not see each other's records. */
class TopicPrefixTest {
    static KafkaTestBroker broker;
    static String bootstrap;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaTestBroker.start();
        bootstrap = broker.bootstrapServers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) broker.close();
    }

    @Test
    void twoPrefixedPipelinesOnOneBrokerStayApart(@TempDir Path dir) throws Exception {
        TopicCatalogue a = Topics.withPrefix("team-a.");
        TopicCatalogue b = Topics.withPrefix("team-b.");
        submit("team-a.", "0,1,2", dir);
        submit("team-b.", "3,4", dir);
        // each worker stops after its own pipeline's jobs: one that read the other's jobs would score 5, or wait
        Cli.Result r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--data-dir", dir.toString(), "--topic-prefix",
                "team-a.", "--scorer", "noop", "--max-jobs", "3", "--worker-id", "w");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("worker w: group team-a.nasscore-workers");
        r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--data-dir", dir.toString(), "--topic-prefix",
                "team-b.", "--scorer", "noop", "--idle-exit", "1s", "--worker-id", "w");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("worker w: 2 job(s) done");

        assertThat(archIndices(a)).containsExactly(0, 1, 2);
        assertThat(archIndices(b)).containsExactly(3, 4);
        try (Admin admin = Admin.create(broker.clientConfig())) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).as("no unprefixed topic").doesNotContain(Topics.JOBS.name(), Topics.SCORES.name());
            Set<String> groups = new TreeSet<>();
            for (ConsumerGroupListing g : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) groups.add(g.groupId());
            assertThat(groups).contains("team-a.nasscore-workers", "team-b.nasscore-workers").doesNotContain("nasscore-workers");
        }
    }

    @Test
    void aBadPrefixIsAOneLineErrorNamingIt() {
        Cli.Result r = Cli.run("submit", "--topic-prefix", "team a", "--index", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--topic-prefix: topic prefix 'team a': only letters, digits, '.', '_' and '-' are allowed")
                .doesNotContain("\tat ");
    }

    private static void submit(String prefix, String indices, Path dir) {
        Cli.Result r = Cli.run("submit", "--bootstrap-servers", bootstrap, "--data-dir", dir.toString(), "--topic-prefix", prefix,
                "--index", indices, "--batch", "8", "--data", "random", "--scores", "JS", "--experiment", "e");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("to " + prefix + "nas.jobs");
    }

    private static Set<Integer> archIndices(TopicCatalogue topics) {
        Set<Integer> out = new TreeSet<>();
        for (var rec : KafkaTestBroker.readAll(bootstrap, topics.scores().name(), "read_committed")) {
            out.add(topics.scores().valueSerde().deserializer().deserialize("s", rec.value()).getArchIndex());
        }
        return out;
    }
}
