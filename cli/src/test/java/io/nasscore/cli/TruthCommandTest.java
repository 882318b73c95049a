package io.nasscore.cli;

import io.nasscore.testsupport.KafkaTestBroker;
import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.truth.GroundTruth;
import io.nasscore.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TruthCommandTest {
    static KafkaTestBroker kafka;
    static String bootstrap;

    @TempDir Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = SubmitCommandTest.startBroker();
        bootstrap = kafka.bootstrapServers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    static Map<String, Long> countByDataset() {
        return SubmitCommandTest.readAll(bootstrap, Topics.GROUND_TRUTH.name()).stream()
                .collect(Collectors.groupingBy(r -> r.key().substring(0, r.key().indexOf('/')), Collectors.counting()));
    }

    @Test
    void loadsTheShippedTableACsvAndAllDatasets() throws Exception {
        Cli.Result r = Cli.run("truth", "load", "--bootstrap-servers", bootstrap);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("published 15,625 accuracies of cifar10 (column cifar10_test of classpath:"
                + GroundTruth.SHIPPED_RESOURCE + ") to nas.ground-truth");
        assertThat(countByDataset()).containsExactlyEntriesOf(Map.of("cifar10", 15625L));

        Path csv = dir.resolve("trained.csv");
        Files.writeString(csv, "arch,top1\n" + io.nasscore.core.space.SearchSpace.arch(77) + ",93.25\n");
        r = Cli.run("truth", "load", "--bootstrap-servers", bootstrap, "--csv", csv.toString(), "--dataset", "cifar100", "--column", "top1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("published 1 accuracies of cifar100 (column top1 of " + csv + ")");
        List<ConsumerRecord<String, byte[]>> all = SubmitCommandTest.readAll(bootstrap, Topics.GROUND_TRUTH.name());
        var c100 = all.stream().filter(x -> x.key().equals("cifar100/77")).findFirst().orElseThrow();
        var g = Topics.GROUND_TRUTH.valueSerde().deserializer().deserialize("t", c100.value());
        assertThat(g.getAccuracy()).isEqualTo(93.25);
        assertThat(g.getMetric()).isEqualTo("top1");

        r = Cli.run("truth", "load", "--bootstrap-servers", bootstrap, "--all-datasets");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("of cifar10 (column cifar10_test").contains("of cifar100 (column cifar100_test")
                .contains("of imagenet16-120 (column imagenet16_test");
        assertThat(r.out().lines().count()).isEqualTo(3);
        assertThat(countByDataset()).containsEntry("imagenet16-120", (long) GroundTruth.shipped(Dataset.IMAGENET16_120).size());
    }

    @Test
    void aBadTablePublishesNothingAndSaysWhy() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "index,acc\n1,90\n2,ninety\n");
        Cli.Result r = Cli.run("truth", "load", "--bootstrap-servers", bootstrap, "--csv", csv.toString(), "--dataset", "imagenet16-120", "--column", "acc");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nasscore truth load: ").contains("bad.csv").contains("line 3").contains("'ninety' is not a number");
        Files.writeString(csv, "index,acc\n1,90\n2,NaN\n3,\n");
        r = Cli.run("truth", "load", "--bootstrap-servers", bootstrap, "--csv", csv.toString(), "--column", "acc");
        assertThat(r.code()).as("NaN is refused as Infinity is").isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("bad.csv").contains("line 3").contains("'NaN' is not a number");
        r = Cli.run("truth", "load", "--bootstrap-servers", bootstrap, "--csv", csv.toString(), "--column", "nope");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope").contains("no such column");
        r = Cli.run("truth", "load", "--all-datasets", "--dataset", "cifar10");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--all-datasets loads the shipped table's test columns");
        r = Cli.run("truth");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("load");
    }
}
