package io.nasscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreConfig.BatchPolicy;
import io.nasscore.core.score.ScoreConfig.BnMode;
import io.nasscore.core.score.ScoreConfig.JacobianTarget;
import io.nasscore.core.score.ScoreConfig.Normalisation;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringConfig;
import io.nasscore.schemas.avro.ScoringJob;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvertTest {

    @Test
    void everyConfigurationRoundTripsAndKeepsItsHash() {
        int n = 0;
        for (Dataset d : Dataset.values())
            for (BatchPolicy p : BatchPolicy.values())
                for (JacobianTarget t : JacobianTarget.values())
                    for (BnMode b : BnMode.values())
                        for (Normalisation z : Normalisation.values()) {
                            ScoreConfig c = new ScoreConfig(d, 64, p, t, b, -3L, z, "/data/imgs");
                            ScoreConfig back = Convert.fromAvro(Convert.toAvro(c));
                            assertThat(back).isEqualTo(c);
                            assertThat(back.hash()).isEqualTo(c.hash());
                            n++;
                        }
        assertThat(n).isEqualTo(3 * 2 * 3 * 2 * 2);
    }

    @Test
    void optionsAreSpelledAsInTheCanonicalForm() {
        ScoringConfig a = Convert.toAvro(Samples.CONFIG.withTarget(JacobianTarget.OUTPUT_SUM));
        assertThat(a.getTarget()).isEqualTo("output-sum");
        assertThat(a.getDataset()).isEqualTo("cifar10");
        assertThat(a.getBatchPolicy()).isEqualTo("fixed");
        assertThat(a.getBnMode()).isEqualTo("train");
        assertThat(a.getNormalisation()).isEqualTo("bounds");
        assertThat(a.getData()).isEqualTo("shipped");
        assertThat(Samples.CONFIG.withTarget(JacobianTarget.OUTPUT_SUM).canonical()).contains("target=output-sum");
    }

    @Test
    void badConfigValuesAreNamed() {
        ScoringConfig a = Convert.toAvro(Samples.CONFIG);
        a.setDataset("mnist");
        assertThatThrownBy(() -> Convert.fromAvro(a)).hasMessageContaining("unknown dataset 'mnist'");
        ScoringConfig b = Convert.toAvro(Samples.CONFIG);
        b.setTarget("hessian");
        assertThatThrownBy(() -> Convert.fromAvro(b)).hasMessageContaining("unknown jacobian target 'hessian'");
    }

    @Test
    void aJobCarriesItsRequestAndReadsBack() {
        ScoringJob job = Samples.job();
        assertThat(job.getJobId()).isEqualTo(Keys.jobId(Samples.CONFIG, Samples.INDEX));
        assertThat(job.getScores()).containsExactly("JS", "PJS", "WPJS");
        assertThat(job.getConfigHash()).isEqualTo(Samples.CONFIG.hash());
        assertThat(job.getRunIds()).containsExactly(0, 3);
        ScoreRequest back = Convert.request(job);
        assertThat(back.arch()).isEqualTo(Samples.request().arch());
        assertThat(back.config()).isEqualTo(Samples.CONFIG);
        assertThat(back.scores()).isEqualTo(Samples.request().scores());
    }

    @Test
    void invalidJobsAreNamed() {
        ScoringJob wrongIndex = Samples.job();
        wrongIndex.setArchIndex(1463);
        assertThatThrownBy(() -> Convert.request(wrongIndex))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("job " + wrongIndex.getJobId() + ": arch index 1463 does not match arch");
        ScoringJob badArch = Samples.job();
        badArch.setArch("|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        assertThatThrownBy(() -> Convert.request(badArch)).hasMessageContaining("unknown op 'conv'");
        ScoringJob badHash = Samples.job();
        badHash.setConfigHash("0000000000000000");
        assertThatThrownBy(() -> Convert.request(badHash)).hasMessageContaining("config hash '0000000000000000' does not match");
        ScoringJob badScore = Samples.job();
        badScore.setScores(List.of("JS", "FOO"));
        assertThatThrownBy(() -> Convert.request(badScore)).hasMessageContaining("unknown score 'FOO'");
        ScoringJob noScore = Samples.job();
        noScore.setScores(List.of());
        assertThatThrownBy(() -> Convert.request(noScore)).hasMessageContaining("no score requested");
    }

    @Test
    void aResultBecomesARecordAndBack() {
        ScoreResult r = Samples.result();
        ScoreRecord rec = Samples.scoreRecord();
        assertThat(rec.getJS()).isEqualTo(0.998);
        assertThat(rec.getPJS()).isEqualTo(0.61);
        assertThat(rec.getWPJS()).isNaN();
        assertThat(rec.getJSC()).isNull();
        assertThat(rec.getWPJSI()).isNull();
        assertThat(rec.getJsRaw()).isEqualTo(-812.25);
        assertThat(rec.getCleanMillis()).isEqualTo(41.5);
        assertThat(rec.getNoise01Millis()).isNull();
        assertThat(rec.getExperiment()).isEqualTo("exp-a");
        assertThat(rec.getJobId()).isEqualTo(Samples.job().getJobId());
        assertThat(rec.getEngine()).isEqualTo("PyTorch 2.5.1 / DJL 0.33.0");
        assertThat(rec.getScoredAt()).isEqualTo(Samples.AT);

        Map<ScoreName, Double> scores = Convert.scores(rec);
        assertThat(scores).containsOnlyKeys(ScoreName.JS, ScoreName.PJS, ScoreName.WPJS);
        assertThat(Convert.passMillis(rec)).containsExactly(Map.entry(Pass.CLEAN, 41.5));
        assertThat(Convert.scoreResult(rec)).isEqualTo(r);
    }

    @Test
    void jsRawIsNullOnlyWhenNoInputScoreWasAsked() {
        ScoreResult r = Samples.result();
        ScoreResult paramOnly = new ScoreResult(r.arch(), r.config(), Map.of(ScoreName.PJS, 0.5), Double.NaN, 16, 0, 0,
                false, r.params(), r.passMillis(), 1, 2, "cpu()");
        assertThat(Convert.scoreRecord(paramOnly, "e", "j", null, "w", "eng", Samples.AT).getJsRaw()).isNull();
        ScoreResult nanInput = new ScoreResult(r.arch(), r.config(), Map.of(ScoreName.JS, Double.NaN), Double.NaN, 0, 0, 0,
                false, r.params(), r.passMillis(), 1, 2, "cpu()");
        assertThat(Convert.scoreRecord(nanInput, "e", "j", null, "w", "eng", Samples.AT).getJsRaw()).isNaN();
    }

    @Test
    void passFieldsAreNamedAfterTheLabels() {
        assertThat(List.of(Pass.values())).extracting(Convert::passField)
                .containsExactly("cleanMillis", "noise0_1Millis", "noise10Millis", "noise100Millis", "jacovMillis",
                        "zicoMillis", "synflowMillis", "azMillis");
    }

    @Test
    void groundTruthDerivesTheArchStringAndChecksTheAccuracy() {
        assertThat(Samples.groundTruth().getArch()).isEqualTo(Samples.request().arch().toString());
        assertThatThrownBy(() -> Convert.groundTruth(Dataset.CIFAR10, 1, 101, "cifar10_test", "x"))
                .hasMessageContaining("percentage in [0, 100], got 101");
        assertThatThrownBy(() -> Convert.groundTruth(Dataset.CIFAR10, 1, Double.NaN, "cifar10_test", "x"))
                .hasMessageContaining("got NaN");
    }
}
