package io.nasscore.systest;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.stack.BrokerConfig;
import io.nasscore.stack.KafkaProcessCluster;
import io.nasscore.stack.KafkaSecurity;
import io.nasscore.stack.ListeningSockets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three KRaft nodes as separate OS processes (the stack's {@link KafkaProcessCluster}), secured (SASL, ACLs):
 * replicated topics by default, on loopback only, and acknowledged writes that survive a broker killed with SIGKILL,
 * which then comes back.
 *
 * <p>Here among the process-level system tests rather than in the stack module: starting three broker JVMs and
 * killing one takes about 40 s, and in the stack module, which every other module's tests depend on (through
 * test-support), those 40 s delayed the whole build; here they run beside the other leaf modules.
 */
class KafkaProcessClusterTest {

    @TempDir static Path dir;
    static KafkaProcessCluster cluster;
    static KafkaSecurity security;

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        security = KafkaSecurity.ensure(dir);
        cluster = KafkaProcessCluster.start(dir, 3, security, Map.of(), System.getProperty("java.class.path"), KafkaProcessCluster.TEST_JVM_OPTIONS);
        System.out.printf("3-node process cluster up in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.nodeIds().forEach(cluster::kill); // the test is over: no controlled shutdown needed
    }

    @Test
    void everyNodeIsItsOwnProcessListeningOnLoopbackOnly() throws Exception {
        Set<Long> pids = new HashSet<>();
        for (int id : cluster.nodeIds()) {
            ProcessHandle p = cluster.process(id).orElseThrow();
            assertThat(p.pid()).isNotEqualTo(ProcessHandle.current().pid());
            // the broker's own entry point, as kafka-server-start.sh runs it (the JDK's ProcessHandle.Info may omit arguments)
            assertThat(Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"))).contains("kafka.Kafka");
            pids.add(p.pid());
            BrokerConfig.Node n = cluster.config(id).self();
            for (int port : List.of(n.clientPort(), n.brokerPort(), n.controllerPort())) {
                assertThat(ListeningSockets.on(port)).as("node %d port %d", id, port).isNotEmpty()
                        .allSatisfy(l -> assertThat(l.address().isLoopbackAddress()).as(l.toString()).isTrue());
            }
        }
        assertThat(pids).hasSize(3);
    }

    @Test
    void acknowledgedWritesSurviveABrokerKilledAndItComesBack() throws Exception {
        String topic = "nas.jobs"; // one the producer principal may write
        try (Admin admin = Admin.create(as(KafkaSecurity.PRODUCER))) {
            // no replication settings: the cluster's defaults apply
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(3), Optional.empty()))).all().get();
            TopicDescription d = describe(admin, topic);
            assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            String minIsr = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic))).all().get()
                    .values().iterator().next().get("min.insync.replicas").value();
            assertThat(minIsr).isEqualTo("2");

            produce(topic, 0, 100);
            int victim = d.partitions().get(0).leader().id();
            cluster.kill(victim);
            assertThat(cluster.process(victim)).isEmpty();
            produce(topic, 100, 200); // acks=all with 2 of 3 replicas in sync

            assertThat(consumeAll(topic, 200)).hasSize(200);

            cluster.restart(victim);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!describe(admin, topic).partitions().stream().allMatch(p -> p.isr().size() == 3)) {
                assertThat(System.nanoTime()).as("node " + victim + " back in every ISR").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /** The topic as the cluster describes it; a broker that has not yet learnt of a new topic is asked again. */
    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) throw e;
                Thread.sleep(200);
            }
        }
    }

    /** Client settings of a principal of the secured cluster. */
    private static Map<String, Object> as(String principal) {
        Map<String, Object> cfg = new HashMap<>();
        security.clientProperties(principal).forEach((k, v) -> cfg.put(k.toString(), v));
        cfg.put("bootstrap.servers", cluster.bootstrapServers());
        return cfg;
    }

    private static void produce(String topic, int from, int to) throws Exception {
        Map<String, Object> cfg = as(KafkaSecurity.PRODUCER);
        cfg.put("acks", "all");
        cfg.put("enable.idempotence", true);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(cfg, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = from; i < to; i++) sent.add(p.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            for (java.util.concurrent.Future<?> f : sent) f.get(60, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(String topic, int n) {
        Map<String, Object> cfg = as(KafkaSecurity.AGGREGATOR);
        cfg.put("group.id", "nasscore-aggregator-reader");
        cfg.put("auto.offset.reset", "earliest");
        cfg.put("enable.auto.commit", false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(cfg, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (values.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) values.add(r.value());
            }
        }
        return values;
    }
}
