package io.nasscore.core.metrics;

import io.nasscore.core.Dataset;
import io.nasscore.core.truth.Csv;
import io.nasscore.core.truth.GroundTruth;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Real-data oracles: published proxies against the shipped CIFAR-10 test accuracy, with the reference values
 * computed by scipy 1.17 ({@code kendalltau} = tau-b, {@code spearmanr}) and by an O(n²) numpy loop for
 * tau-a. 15,284 NASWOT v1 scores (many tied accuracies) and 9,445 Suite-Zero nwot scores.
 */
class PublishedAnchorsTest {
    private static final String RESOURCE = "/io/nasscore/data/nb201/published_proxies_cifar10.csv";

    @Test
    void naswotV1AndNwotMatchScipy() throws Exception {
        Csv.Table t;
        try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            t = Csv.read(in, RESOURCE);
        }
        GroundTruth truth = GroundTruth.shipped(Dataset.CIFAR10);

        double[][] naswot = column(t, "naswot_v1_jacob", truth);
        assertThat(naswot[0]).hasSize(15_284);
        assertThat(RankCorrelation.tauB(naswot[0], naswot[1])).isCloseTo(0.5300763673989376, within(1e-12));
        assertThat(RankCorrelation.tauA(naswot[0], naswot[1])).isCloseTo(0.5300032657866949, within(1e-12));
        assertThat(RankCorrelation.spearman(naswot[0], naswot[1])).isCloseTo(0.6937426056504312, within(1e-10));

        double[][] nwot = column(t, "nwot", truth);
        assertThat(nwot[0]).hasSize(9_445);
        assertThat(RankCorrelation.tauB(nwot[0], nwot[1])).isCloseTo(0.6243338848955308, within(1e-12));
        assertThat(RankCorrelation.spearman(nwot[0], nwot[1])).isCloseTo(0.8114182078076624, within(1e-10));
    }

    /** The non-empty values of a column and the matching accuracies. */
    private static double[][] column(Csv.Table t, String name, GroundTruth truth) {
        int c = t.column(name);
        int idx = t.column("index");
        double[] s = new double[t.size()];
        double[] a = new double[t.size()];
        int m = 0;
        for (Csv.Row r : t.rows()) {
            double v = r.getDouble(c);
            if (Double.isNaN(v)) continue;
            s[m] = v;
            a[m++] = truth.accuracy(r.getInt(idx));
        }
        return new double[][] {java.util.Arrays.copyOf(s, m), java.util.Arrays.copyOf(a, m)};
    }
}
