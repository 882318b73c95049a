package io.nasscore.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.Dataset;
import io.nasscore.core.proxy.ProxyValidation;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreRequest;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.truth.Csv;
import io.nasscore.core.truth.GroundTruth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The small version of the validation of docs/results.md ("The field's proxies, validated"): the first 20
 * architectures of docs/results/proxies-validation-archs.txt (a random sample of the 9,444 NAS-Bench-Suite-Zero
 * nets of shared/data/nb201/published/published_proxies_cifar10.csv, 1651 excluded), scored at B = 64 on the
 * shipped CIFAR-10 images, against their published values (copied into published-proxies-sample.csv). The
 * thresholds are those of baselines.md §11 relaxed for n = 20 by {@link ProxyValidation#relaxation}:
 * 2 (sd(20) − sd(500)) = 0.265, sd(n) = the null standard deviation of Kendall's τ.
 */
class PublishedProxiesAgreementTest {
    static final Set<ScoreName> PUBLISHED = EnumSet.of(ScoreName.GRAD_NORM, ScoreName.SNIP, ScoreName.PLAIN,
            ScoreName.L2_NORM, ScoreName.SYNFLOW, ScoreName.NWOT, ScoreName.JACOV);

    @Test
    void proxiesAgreeWithThePublishedValuesWithinTheRelaxedThresholds() {
        Csv.Table pub = Csv.read(getClass().getResourceAsStream("published-proxies-sample.csv"), "published-proxies-sample.csv");
        GroundTruth truth = GroundTruth.shipped(Dataset.CIFAR10);
        ScoreConfig cfg = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(64);
        List<ScoreResult> results = new ArrayList<>();
        try (JacobianScorer scorer = new JacobianScorer("cpu")) {
            for (Csv.Row r : pub.rows()) {
                results.add(scorer.score(new ScoreRequest(SearchSpace.arch(r.getInt("index")), cfg, PUBLISHED)));
            }
        }
        int n = pub.size();
        double[] acc = new double[n];
        for (int i = 0; i < n; i++) acc[i] = truth.accuracy(pub.row(i).getInt("index"));
        List<ProxyValidation.Row> rows = new ArrayList<>();
        for (ProxyValidation.Expectation e : ProxyValidation.SPEC) {
            double[] ours = new double[n];
            double[] theirs = new double[n];
            for (int i = 0; i < n; i++) {
                ours[i] = results.get(i).score(e.proxy());
                theirs[i] = pub.row(i).getDouble(e.column());
            }
            rows.add(ProxyValidation.validate(e, ours, theirs, acc));
        }
        System.out.print(ProxyValidation.markdown(rows));
        for (ProxyValidation.Row r : rows) {
            assertThat(r.n()).isEqualTo(20);
            assertThat(r.level1()).as("level 1 of %s: %s", r.spec().proxy().column(), r).isTrue();
            assertThat(r.level2()).as("level 2 of %s: %s", r.spec().proxy().column(), r).isTrue();
        }
    }
}
