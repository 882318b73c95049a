package io.nasscore.scorer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.schemas.DlqHeaders;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.scorer.JacobianScorer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The real path: the DJL Jacobian scorer (B = 8, random images, CPU) behind the worker loop, with bad jobs between. */
class RealScorerWorkerTest {

    @Test
    void theJacobianScorerScoresValidJobsAndItsRefusalsGoToTheDlq() throws Exception {
        ScoreConfig c = new ScoreConfig(Dataset.CIFAR10, 8, ScoreConfig.BatchPolicy.FIXED, ScoreConfig.JacobianTarget.LOSS,
                ScoreConfig.BnMode.TRAIN, 0L, ScoreConfig.Normalisation.BOUNDS, ScoreConfig.RANDOM);
        ScoringJob a = Broker.job(c, 1462, "real");
        ScoringJob b = Broker.job(c, 0, "real");
        ScoringJob missingImages = Broker.job(new ScoreConfig(Dataset.CIFAR10, 8, ScoreConfig.BatchPolicy.FIXED,
                ScoreConfig.JacobianTarget.LOSS, ScoreConfig.BnMode.TRAIN, 0L, ScoreConfig.Normalisation.BOUNDS,
                "/nonexistent/images"), 7, "real");
        ScoringJob badDataset = Broker.job(c, 9, "real");
        badDataset.getConfig().setDataset("imagenet-1k");
        try (Broker broker = new Broker(); JacobianScorer scorer = new JacobianScorer("cpu")) {
            broker.sendRaw(0, List.of(Map.entry(a.getJobId(), Broker.bytes(a)),
                    Map.entry(missingImages.getJobId(), Broker.bytes(missingImages)),
                    Map.entry(badDataset.getJobId(), Broker.bytes(badDataset)),
                    Map.entry(b.getJobId(), Broker.bytes(b))));
            try (ScorerWorker w = new ScorerWorker(broker.workerConfig("w-real"), scorer)) {
                Counters n = w.runUntil(x -> x.done() >= 4 || x.elapsed().toSeconds() > 300);
                assertThat(n.scored()).isEqualTo(2);
                assertThat(n.dlq()).isEqualTo(2);
            }
            Map<Integer, ScoreRecord> scores = broker.read(Topics.SCORES).stream()
                    .collect(Collectors.toMap(ScoreRecord::getArchIndex, r -> r));
            assertThat(scores).containsOnlyKeys(1462, 0);
            ScoreRecord r = scores.get(1462);
            assertThat(r.getDevice()).isEqualTo("cpu()");
            assertThat(r.getEngine()).startsWith("PyTorch ");
            assertThat(r.getWorkerId()).isEqualTo("w-real");
            assertThat(r.getJS()).isBetween(0.0, 1.0);
            assertThat(r.getWPJS()).isBetween(0.0, 1.0);
            assertThat(r.getMNJSC()).isNotNull();
            assertThat(r.getCleanMillis()).isPositive();
            assertThat(r.getScoreKey()).isEqualTo(c.hash() + "/cifar10/1462/0");

            List<ConsumerRecord<String, byte[]>> dlq = broker.readRaw(Topics.JOBS_DLQ.name());
            assertThat(dlq).extracting(ConsumerRecord::key).containsExactly(missingImages.getJobId(), badDataset.getJobId());
            assertThat(DlqHeaders.get(dlq.get(0).headers(), DlqHeaders.STAGE)).isEqualTo("score");
            assertThat(DlqHeaders.get(dlq.get(0).headers(), DlqHeaders.MESSAGE)).contains("/nonexistent/images");
            assertThat(DlqHeaders.get(dlq.get(1).headers(), DlqHeaders.REASON)).isEqualTo("invalid-content");
            assertThat(DlqHeaders.get(dlq.get(1).headers(), DlqHeaders.MESSAGE)).contains("unknown dataset 'imagenet-1k'");
        }
    }
}
