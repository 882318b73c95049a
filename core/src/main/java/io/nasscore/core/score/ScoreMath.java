package io.nasscore.core.score;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The aggregate formulas of the twelve scores (scores.md sections 2 and 4), from per-matrix similarities.
 * Pure arithmetic: the scorer computes the {@link Similarity.Result}s and this class combines them.
 */
public final class ScoreMath {
    private ScoreMath() {}

    /** PJS / PJSC: (1/N) Σ S_i; 0 for N = 0. */
    public static double mean(double[] s) {
        if (s.length == 0) return 0.0;
        double sum = 0.0;
        for (double v : s) sum += v;
        return sum / s.length;
    }

    /** WPJS: (2 / (N(N+1))) Σ_i i S_i, i = 1 nearest the input (s[0]) and N nearest the output. */
    public static double weighted(double[] s) {
        int n = s.length;
        if (n == 0) return 0.0;
        double sum = 0.0;
        for (int i = 0; i < n; i++) sum += (i + 1) * s[i];
        return 2.0 * sum / ((double) n * (n + 1));
    }

    /** WPJSI: (2 / (N(N+1))) Σ_i (N + 1 - i) S_i, i = 1 nearest the input (s[0]). */
    public static double weightedInverse(double[] s) {
        int n = s.length;
        if (n == 0) return 0.0;
        double sum = 0.0;
        for (int i = 0; i < n; i++) sum += (n - i) * s[i];
        return 2.0 * sum / ((double) n * (n + 1));
    }

    /**
     * The noise helper NS_a (or NSC_a): 1 - |clean - noisy|, and 0 whenever either similarity is undefined
     * (a network that ignores its input is not robust to noise, it is useless).
     */
    public static double noise(double clean, boolean cleanDefined, double noisy, boolean noisyDefined) {
        if (!cleanDefined || !noisyDefined) return 0.0;
        return 1.0 - Math.abs(clean - noisy);
    }

    /**
     * The requested input-space scores (JS, JSC, SNS, SNSC, LNS, LNSC, MNJS, MNJSC) from the similarities of
     * the input Jacobian of each pass. {@code byPass} must hold every pass the requested scores need, each with
     * the similarity those scores read (eigen for JS-family, cosine for JSC-family). When the clean Jacobian
     * has fewer than 2 usable rows every input-space score is 0.
     *
     * @param scale the normalisation of the eigenvalue similarity (bounds or a minmax calibration)
     */
    public static Map<ScoreName, Double> inputScores(Set<ScoreName> requested, Map<Pass, Similarity.Result> byPass,
                                                     Similarity.Scale scale) {
        EnumMap<ScoreName, Double> out = new EnumMap<>(ScoreName.class);
        Similarity.Result clean = byPass.get(Pass.CLEAN);
        boolean anyInput = requested.stream().anyMatch(s -> s.space() == ScoreName.Space.INPUT);
        if (!anyInput) return out;
        if (clean == null) throw new IllegalArgumentException("input-space scores need the clean pass");
        boolean dead = inputDegenerate(clean);
        for (ScoreName s : requested) {
            if (s.space() != ScoreName.Space.INPUT) continue;
            if (dead) {
                out.put(s, 0.0);
                continue;
            }
            boolean eigen = s.similarity() == ScoreName.Similarity.EIGEN;
            double js = value(clean, eigen, scale);
            double v = switch (s) {
                case JS, JSC -> js;
                case SNS, SNSC -> noise(byPass, Pass.NOISE_0_1, clean, eigen, scale);
                case LNS, LNSC -> noise(byPass, Pass.NOISE_10, clean, eigen, scale);
                case MNJS, MNJSC -> js * noise(byPass, Pass.NOISE_0_1, clean, eigen, scale)
                        * noise(byPass, Pass.NOISE_10, clean, eigen, scale)
                        * noise(byPass, Pass.NOISE_100, clean, eigen, scale);
                default -> throw new IllegalStateException("not an input score: " + s);
            };
            out.put(s, v);
        }
        return out;
    }

    /** The rule of scores.md section 2: fewer than 2 usable rows in the clean input Jacobian. */
    public static boolean inputDegenerate(Similarity.Result clean) { return !clean.defined(); }

    /**
     * The requested parameter-space scores (PJS, PJSC, WPJS, WPJSI) from the similarities of the N weight
     * tensors' gradient matrices, in section 6 order (input to output). An undefined tensor scores 0 and still
     * counts in N. The eigenvalue similarity of a tensor always uses the bounds normalisation: the tensors
     * have different row counts, so a calibration of B-row raw values does not apply to them.
     */
    public static Map<ScoreName, Double> parameterScores(Set<ScoreName> requested, List<Similarity.Result> tensors) {
        EnumMap<ScoreName, Double> out = new EnumMap<>(ScoreName.class);
        int n = tensors.size();
        double[] eigen = new double[n];
        double[] cosine = new double[n];
        for (int i = 0; i < n; i++) {
            Similarity.Result r = tensors.get(i);
            eigen[i] = r.defined() ? r.eigen() : 0.0;
            cosine[i] = r.defined() ? r.cosine() : 0.0;
        }
        for (ScoreName s : requested) {
            switch (s) {
                case PJS -> out.put(s, mean(eigen));
                case PJSC -> out.put(s, mean(cosine));
                case WPJS -> out.put(s, weighted(eigen));
                case WPJSI -> out.put(s, weightedInverse(eigen));
                default -> { }
            }
        }
        return out;
    }

    /** Tensors whose similarity was undefined (fewer than 2 usable rows). */
    public static int degenerateTensors(List<Similarity.Result> tensors) {
        int d = 0;
        for (Similarity.Result r : tensors) if (!r.defined()) d++;
        return d;
    }

    private static double value(Similarity.Result r, boolean eigen, Similarity.Scale scale) {
        if (!r.defined()) return 0.0;
        double v = eigen ? r.eigen(scale) : r.cosine();
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("the " + (eigen ? "eigenvalue" : "cosine") + " similarity was not computed");
        }
        return v;
    }

    private static double noise(Map<Pass, Similarity.Result> byPass, Pass pass, Similarity.Result clean, boolean eigen,
                                Similarity.Scale scale) {
        Similarity.Result noisy = byPass.get(pass);
        if (noisy == null) throw new IllegalArgumentException("the score needs the " + pass.label() + " pass");
        if (!clean.defined() || !noisy.defined()) return 0.0;
        return noise(value(clean, eigen, scale), true, value(noisy, eigen, scale), true);
    }
}
