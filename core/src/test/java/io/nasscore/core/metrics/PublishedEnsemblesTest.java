package io.nasscore.core.metrics;

import io.nasscore.core.Dataset;
import io.nasscore.core.truth.Csv;
import io.nasscore.core.truth.GroundTruth;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * baselines.md §10's figures, from the Suite-Zero columns on the 9,444 valid nets (1651 excluded) against the
 * shipped CIFAR-10 test accuracy: vote pairwise accuracy 0.829, Copeland(vote) τ-b 0.675 (ρ 0.853), log-rank
 * sum of {synflow, jacov, snip} τ-b 0.664 (ρ 0.848), linear rank sum 0.668.
 */
class PublishedEnsemblesTest {
    private static final String RESOURCE = "/io/nasscore/data/nb201/published_proxies_cifar10.csv";

    @Test
    void reproducesTheSpecsEnsembleFigures() throws Exception {
        Csv.Table t;
        try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
            t = Csv.read(in, RESOURCE);
        }
        GroundTruth truth = GroundTruth.shipped(Dataset.CIFAR10);
        List<String> names = List.of("synflow", "jacov", "snip");
        int valid = t.column("suitezero_valid_net");
        int idx = t.column("index");
        List<Csv.Row> rows = t.rows().stream()
                .filter(r -> "1".equals(r.get(valid).trim()) && r.getInt(idx) != 1651).toList();
        assertThat(rows).hasSize(9_444);
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (String name : names) {
            int c = t.column(name);
            cols.put(name, rows.stream().mapToDouble(r -> r.getDouble(c)).toArray());
        }
        double[] acc = rows.stream().mapToDouble(r -> truth.accuracy(r.getInt(idx))).toArray();

        double[][] members = cols.values().toArray(new double[0][]);
        assertThat(CopelandVote.pairwiseAccuracy(members, acc)).isCloseTo(0.829, within(0.002));
        double[] vote = Combinations.VOTE.values(cols);
        assertThat(RankCorrelation.tauB(vote, acc)).isCloseTo(0.675, within(0.002));
        assertThat(RankCorrelation.spearman(vote, acc)).isCloseTo(0.853, within(0.002));
        double[] log = new Combination("l", Combination.Method.LOG_RANK_SUM, names).values(cols);
        assertThat(RankCorrelation.tauB(log, acc)).isCloseTo(0.664, within(0.002));
        assertThat(RankCorrelation.spearman(log, acc)).isCloseTo(0.848, within(0.002));
        double[] lin = new Combination("s", Combination.Method.LINEAR_RANK_SUM, names).values(cols);
        assertThat(RankCorrelation.tauB(lin, acc)).isCloseTo(0.668, within(0.002));
    }
}
