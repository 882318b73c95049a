package io.nasscore.systest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.stack.KafkaSecurity;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's secured mode as deployed: the 3-node cluster with SASL/SCRAM-SHA-512 and ACLs, every component its own
 * process with the {@code --client-config} of its principal ({@link Pipeline}, secured). While the scenario runs, the
 * team principal's write and a client without credentials are refused, and poison reaches the aggregator's DLQ through
 * its ACLs. Its own cluster, so tagged "slow" (only under {@code -Psystest}).
 */
@Tag("slow")
class SecuredPipelineSystemTest {
    @TempDir static Path dir;
    static Pipeline pipeline;

    @BeforeAll
    static void up() {
        pipeline = new Pipeline(dir, true);
        pipeline.startComponents();
    }

    @AfterAll
    static void down() {
        if (pipeline != null) pipeline.close();
    }

    @Test
    void eachComponentRunsAsItsPrincipalAndTheOthersAreRefused() throws Exception {
        Scenario s = new Scenario(pipeline, "secured: SASL/SCRAM + ACLs", "sys-secured", 201);
        s.jobs = 1000;
        s.poisonInputs = 2;
        String[] refusals = new String[2];
        s.faultText = "each component with its principal's --client-config; at 1/5 of the rows: the team principal writes "
                + "nas.scores, a client without credentials lists topics, 1 undecodable record each on nas.scores and nas.ground-truth";
        s.run(() -> {
            refusals[0] = teamWriteRefusal();
            refusals[1] = unauthenticatedRefusal();
            s.kafka.poison("nas.scores", 1, "secured-poison-score-");
            s.kafka.poison("nas.ground-truth", 1, "secured-poison-truth-");
        });
        String checks = s.check();
        for (Proc p : pipeline.components()) {
            assertThat(p.log()).as(p.name() + " log").doesNotContainIgnoringCase("not authorized")
                    .doesNotContain("AuthorizationException");
        }
        s.record(checks + "; team write refused (" + refusals[0] + "); unauthenticated client refused (" + refusals[1] + ")");
    }

    /** The team may read nas.scores, not write it: a plain (non-idempotent) producer gets the topic's refusal. */
    private static String teamWriteRefusal() {
        Map<String, Object> team = new HashMap<>(pipeline.clientAs(KafkaSecurity.TEAM));
        team.put("enable.idempotence", false);
        team.put("max.block.ms", 30_000);
        team.put("delivery.timeout.ms", 30_000);
        team.put("request.timeout.ms", 10_000);
        Throwable[] refused = new Throwable[1];
        assertThatThrownBy(() -> {
            try (KafkaProducer<String, String> p = new KafkaProducer<>(team, new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>("nas.scores", "team-key", "team-value")).get(60, TimeUnit.SECONDS);
            }
        }).satisfies(e -> refused[0] = e).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        String message = rootCause(refused[0]).getMessage();
        assertThat(message).contains("Not authorized to access topics: [nas.scores]");
        return message;
    }

    /** A client that speaks no SASL is disconnected during the handshake: its calls fail, it sees nothing. */
    private static String unauthenticatedRefusal() {
        Map<String, Object> plain = new HashMap<>(pipeline.clientAs(null));
        plain.put("default.api.timeout.ms", 10_000);
        plain.put("request.timeout.ms", 5_000);
        Throwable[] refused = new Throwable[1];
        try (Admin admin = Admin.create(plain)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).satisfies(e -> refused[0] = e)
                    .isInstanceOf(ExecutionException.class);
        }
        return rootCause(refused[0]).getClass().getSimpleName() + ": " + rootCause(refused[0]).getMessage();
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }
}
