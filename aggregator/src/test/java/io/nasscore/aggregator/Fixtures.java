package io.nasscore.aggregator;

import io.nasscore.core.Dataset;
import io.nasscore.core.metrics.Evaluation;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.schemas.Convert;
import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Synthetic but realistic experiments: distinct archs, twelve scores loosely correlated with the accuracy, runs. */
public final class Fixtures {
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {}

    /** One scored architecture with its ground truth. */
    public record Sample(Dataset dataset, int arch, double accuracy, double[] scores, List<Integer> runIds, double totalMillis) {
        public Sample withScores(double[] s) { return new Sample(dataset, arch, accuracy, s, runIds, totalMillis); }
    }

    public static ScoreConfig config(Dataset d) { return ScoreConfig.defaults(d); }

    /** {@code n} distinct archs of {@code d}; each belongs to some of {@code runs} runs (none when runs = 0). */
    public static List<Sample> samples(long seed, Dataset d, int n, int runs) {
        Random rnd = new Random(seed);
        int[] perm = new int[SearchSpace.SIZE];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(perm.length - i);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double acc = Math.round((10 + 84 * rnd.nextDouble()) * 100) / 100.0; // ties happen, as in NB201
            double[] s = new double[ScoreName.PAPER.size()];
            for (int k = 0; k < s.length; k++) {
                double q = acc / 100 + (0.3 + 0.05 * k) * rnd.nextGaussian();
                s[k] = 1 - Math.exp(-4 - 6 * q); // in (0, 1), close to 1, like the real scores
            }
            List<Integer> r = new ArrayList<>();
            for (int run = 0; run < runs; run++) if (rnd.nextInt(3) == 0) r.add(run);
            out.add(new Sample(d, perm[i], acc, s, r, 20 + 50 * rnd.nextDouble()));
        }
        return out;
    }

    public static ScoreRecord score(String experiment, Sample s, Instant at) {
        ScoreConfig c = config(s.dataset());
        Map<ScoreName, Double> scores = new EnumMap<>(ScoreName.class);
        for (ScoreName n : ScoreName.PAPER) scores.put(n, s.scores()[n.ordinal()]);
        Map<Pass, Double> passes = new EnumMap<>(Pass.class);
        passes.put(Pass.CLEAN, s.totalMillis() / 2);
        passes.put(Pass.NOISE_0_1, s.totalMillis() / 6);
        passes.put(Pass.NOISE_10, s.totalMillis() / 6);
        passes.put(Pass.NOISE_100, s.totalMillis() / 6);
        ScoreResult r = new ScoreResult(SearchSpace.arch(s.arch()), c, scores, -812.25, 16, 0, 0, false, 1_000_000L + s.arch(),
                passes, 1.5, s.totalMillis(), "cpu()");
        return Convert.scoreRecord(r, experiment, io.nasscore.schemas.Keys.jobId(c, s.arch()), s.runIds(), "test-worker",
                "PyTorch 2.5.1 / DJL 0.33.0", at);
    }

    public static GroundTruth truth(Sample s) {
        return Convert.groundTruth(s.dataset(), s.arch(), s.accuracy(), io.nasscore.core.truth.GroundTruth.defaultColumn(s.dataset()), "test");
    }

    /**
     * Evaluation.evaluate over the samples in arch-index order, every score column, runs by run id; then every
     * combined score whose members are there (the twelve and the parameter count), over the samples as its pool.
     */
    public static List<Evaluation.Row> evaluate(List<Sample> samples) {
        List<Sample> pts = new ArrayList<>(samples);
        pts.sort(Comparator.comparingInt(Sample::arch));
        int n = pts.size();
        int[] indices = new int[n];
        double[] acc = new double[n];
        Map<String, double[]> columns = Evaluation.columns();
        for (ScoreName s : ScoreName.PAPER) columns.put(s.name(), new double[n]);
        TreeMap<Integer, List<Integer>> runs = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Sample p = pts.get(i);
            indices[i] = p.arch();
            acc[i] = p.accuracy();
            for (ScoreName s : ScoreName.PAPER) columns.get(s.name())[i] = p.scores()[s.ordinal()];
            for (int r : p.runIds()) runs.computeIfAbsent(r, k -> new ArrayList<>()).add(i);
        }
        int[][] rp = runs.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        List<Evaluation.Row> rows = new ArrayList<>(Evaluation.evaluate(indices, columns, acc, rp.length == 0 ? null : rp));
        Map<String, double[]> members = Evaluation.columns();
        members.putAll(columns);
        if (n > 0) {
            int classes = pts.get(0).dataset().classes();
            members.put("params", java.util.Arrays.stream(indices)
                    .mapToDouble(i -> io.nasscore.core.space.Cost.params(SearchSpace.arch(i), classes)).toArray());
        }
        for (io.nasscore.core.metrics.Combination c
                : io.nasscore.core.metrics.Combinations.applicable(io.nasscore.core.metrics.Combinations.ALL, members).present()) {
            rows.addAll(Evaluation.evaluate(indices, c, members, acc, rp.length == 0 ? null : rp));
        }
        return rows;
    }
}
