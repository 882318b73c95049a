package io.nasscore.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secured mode: SASL/SCRAM on the client listener, ACLs per principal, and no way in without credentials. */
class SecuredStackTest {

    @TempDir static Path dataDir;
    static EmbeddedStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = EmbeddedStack.builder(dataDir).postgres(false).kafkaPort(0).secure(true).start();
        try (Admin admin = Admin.create(config(KafkaSecurity.PRODUCER))) {
            admin.createTopics(List.of(new NewTopic("nas.jobs", 1, (short) 1), new NewTopic("nas.scores", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    private static Map<String, Object> config(String principal) {
        Map<String, Object> m = new HashMap<>();
        stack.kafkaSecurity().orElseThrow().clientProperties(principal).forEach((k, v) -> m.put(k.toString(), v));
        m.put("bootstrap.servers", stack.bootstrapServers());
        return m;
    }

    private static void send(Map<String, Object> cfg, String topic) throws Exception {
        cfg.put("max.block.ms", 15_000);
        cfg.put("delivery.timeout.ms", 15_000);
        cfg.put("request.timeout.ms", 10_000);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(cfg, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void eachPrincipalHasAClientConfigFileReadableByItsOwnerOnly() throws Exception {
        for (String principal : KafkaSecurity.PRINCIPALS) {
            Path f = stack.clientConfigFile(principal);
            assertThat(Files.getPosixFilePermissions(f)).as(principal).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(f)).contains("SCRAM-SHA-512").contains("username\\=\"" + principal + "\"");
        }
    }

    @Test
    void theProducerWritesJobsAndTheTeamReadsScoresInItsOwnGroups() throws Exception {
        send(config(KafkaSecurity.PRODUCER), "nas.jobs");
        send(config(KafkaSecurity.WORKER), "nas.scores");
        Map<String, Object> team = config(KafkaSecurity.TEAM);
        team.put("group.id", KafkaAcls.TEAM_GROUP_PREFIX + "vision");
        team.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(team, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("nas.scores"));
            int n = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (n == 0 && System.nanoTime() < deadline) n += c.poll(Duration.ofMillis(200)).count();
            assertThat(n).isPositive();
        }
    }

    @Test
    void theTeamMayNotWriteNorReadOutsideItsGroupPrefix() {
        // a default (idempotent) producer needs a producer id, which a principal that may write nothing does not get
        assertThatThrownBy(() -> send(config(KafkaSecurity.TEAM), "nas.scores"))
                .hasRootCauseInstanceOf(ClusterAuthorizationException.class);
        Map<String, Object> plainProducer = config(KafkaSecurity.TEAM);
        plainProducer.put("enable.idempotence", false);
        assertThatThrownBy(() -> send(plainProducer, "nas.scores"))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class)
                .rootCause().hasMessageContaining("Not authorized to access topics: [nas.scores]");

        Map<String, Object> other = config(KafkaSecurity.TEAM);
        other.put("group.id", "nasscore-workers");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(other, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("nas.scores"));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 300; i++) c.poll(Duration.ofMillis(100));
            }).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aClientWithoutCredentialsOrWithAWrongPasswordIsRefused() {
        Map<String, Object> plain = new HashMap<>();
        plain.put("bootstrap.servers", stack.bootstrapServers());
        plain.put("default.api.timeout.ms", 5_000);
        plain.put("request.timeout.ms", 3_000);
        try (Admin admin = Admin.create(plain)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class);
        }

        Map<String, Object> wrong = config(KafkaSecurity.TEAM);
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"team\" password=\"wrong\";");
        wrong.put("default.api.timeout.ms", 10_000);
        wrong.put("request.timeout.ms", 5_000);
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("Authentication failed");
        }
    }
}
