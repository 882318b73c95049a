package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerCommandTest {
    static KafkaClusterTestKit kafka;
    static String bootstrap;

    @BeforeAll
    static void start() throws Exception {
        kafka = SubmitCommandTest.startBroker();
        bootstrap = kafka.bootstrapServers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    @Test
    @Order(1)
    void theDjlWorkerScoresJobsAndDeadLettersGarbage() {
        assertThat(Cli.run("submit", "--bootstrap-servers", bootstrap, "--index", "1462,5", "--batch", "8", "--data", "random",
                "--scores", "JS,PJS", "--experiment", "djl").code()).isZero();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.JOBS.name(), "junk", new byte[] {1, 2, 3}));
        }
        Cli.Result r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--device", "cpu", "--max-jobs", "3", "--worker-id", "djl-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("worker djl-1: group nasscore-workers, scorer djl on cpu(); stops after 3 job(s); "
                        + "up to 1 job(s) per poll")
                .contains("worker djl-1: 3 job(s) done").contains("(2 scored, 0 reused, 1 dead-lettered, 0 transaction(s)")
                .contains("in 3 transaction(s)");
        List<ConsumerRecord<String, byte[]>> dlq = SubmitCommandTest.readAll(bootstrap, Topics.JOBS_DLQ.name());
        assertThat(dlq).hasSize(1);
        assertThat(DlqHeaders.get(dlq.get(0).headers(), DlqHeaders.REASON)).isEqualTo("not-single-object");
        var scores = SubmitCommandTest.readAll(bootstrap, Topics.SCORES.name()).stream()
                .map(x -> Topics.SCORES.valueSerde().deserializer().deserialize("s", x.value())).toList();
        assertThat(scores).hasSize(2).allSatisfy(s -> {
            assertThat(s.getDevice()).isEqualTo("cpu()");
            assertThat(s.getJS()).isBetween(0.0, 1.0);
            assertThat(s.getPJS()).isBetween(0.0, 1.0);
            assertThat(s.getJSC()).isNull();
        });
    }

    @Test
    @Order(2)
    void theNoopWorkerTakesBatchesAndStopsAfterExactlyMaxJobs() {
        assertThat(Cli.run("submit", "--bootstrap-servers", bootstrap, "--sample", "50", "--batch", "8", "--data", "random",
                "--experiment", "noop-batch").code()).isZero();
        Cli.Result r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--scorer", "noop", "--max-jobs", "30",
                "--worker-id", "noop-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("scorer noop on noop; stops after 30 job(s); up to 2000 job(s) per poll")
                .contains("worker noop-1: 30 job(s) done").contains("(30 scored, 0 reused, 0 dead-lettered, 0 transaction(s)");
        r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--scorer", "noop", "--max-poll-records", "7",
                "--max-jobs", "20", "--idle-exit", "20", "--worker-id", "noop-2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("up to 7 job(s) per poll").contains("worker noop-2: 20 job(s) done");
    }

    @Test
    @Order(3)
    void idleExitWithNothingToDo() {
        Cli.Result r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--scorer", "noop", "--idle-exit", "0.5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("stops after 0.500 s idle").contains(": 0 job(s) done");
    }

    @Test
    @Order(4)
    void badOptionsAreClearMessages() {
        Cli.Result r = Cli.run("worker", "--scorer", "fast");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown scorer 'fast': expected djl or noop");
        r = Cli.run("worker", "--max-jobs", "0");
        assertThat(r.err()).contains("--max-jobs must be >= 1, got 0");
        r = Cli.run("worker", "--max-poll-records", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--max-poll-records must be >= 1, got 0");
        r = Cli.run("worker", "--bootstrap-servers", bootstrap, "--device", "gpu:3", "--max-jobs", "1");
        assertThat(r.code()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).contains("nasscore worker: device 'gpu:3'").doesNotContain("\tat ");
    }
}
