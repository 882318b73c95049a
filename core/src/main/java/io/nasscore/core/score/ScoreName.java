package io.nasscore.core.score;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The twelve scores of the paper (scores.md section 4), in the paper's order, then the field's zero-cost proxies
 * (baselines.md: grad_norm, snip, plain, l2_norm, synflow, nwot, jacov, zico and AZ-NAS's four components).
 * Higher is better for all. {@code all} still means the twelve paper scores; {@code proxies} the proxies and
 * {@code everything} both.
 */
public enum ScoreName {
    JS(Space.INPUT, Similarity.EIGEN),
    JSC(Space.INPUT, Similarity.COSINE),
    SNS(Space.INPUT, Similarity.EIGEN, Pass.NOISE_0_1),
    SNSC(Space.INPUT, Similarity.COSINE, Pass.NOISE_0_1),
    LNS(Space.INPUT, Similarity.EIGEN, Pass.NOISE_10),
    LNSC(Space.INPUT, Similarity.COSINE, Pass.NOISE_10),
    MNJS(Space.INPUT, Similarity.EIGEN, Pass.NOISE_0_1, Pass.NOISE_10, Pass.NOISE_100),
    MNJSC(Space.INPUT, Similarity.COSINE, Pass.NOISE_0_1, Pass.NOISE_10, Pass.NOISE_100),
    PJS(Space.PARAMETER, Similarity.EIGEN),
    PJSC(Space.PARAMETER, Similarity.COSINE),
    WPJS(Space.PARAMETER, Similarity.EIGEN),
    WPJSI(Space.PARAMETER, Similarity.EIGEN),
    /** Σ_W ‖∂L/∂W‖_F over the conv and linear weights, clean-pass gradients in mean-CE units (baselines.md §3). */
    GRAD_NORM(Pass.CLEAN),
    /** Σ_W Σ_i |W_i ∂L/∂W_i| (baselines.md §3). */
    SNIP(Pass.CLEAN),
    /** Σ_W Σ_i W_i ∂L/∂W_i, signed (baselines.md §3). */
    PLAIN(Pass.CLEAN),
    /** Σ_W ‖W‖_F at initialisation: no data, no pass (baselines.md §3). */
    L2_NORM(),
    /** ln S of the BN-free |W| network in float64 on one all-ones image (baselines.md §4). */
    SYNFLOW(Pass.SYNFLOW),
    /** NASWOT: ln |det K| of the binary ReLU-code kernel of the clean forward (baselines.md §5). */
    NWOT(Pass.CLEAN),
    /** Raw JS of the output-sum input Jacobian (baselines.md §6): its own input-gradient pass unless the target is output-sum. */
    JACOV(Pass.JACOV),
    /** ZiCo: Σ_W ln Σ_j μ_j/σ_j of the weight gradients of two batches (baselines.md §8). */
    ZICO(Pass.CLEAN, Pass.ZICO),
    /** AZ-NAS expressivity E (baselines.md §9): its own Kaiming-normal network on Gaussian input. */
    AZ_EXPRESSIVITY(Pass.AZ),
    /** AZ-NAS progressivity P (baselines.md §9). */
    AZ_PROGRESSIVITY(Pass.AZ),
    /** AZ-NAS trainability T (baselines.md §9). */
    AZ_TRAINABILITY(Pass.AZ),
    /** AZ-NAS complexity: the official NB201 FLOPs in MFLOPs (baselines.md §9.2); no pass. */
    AZ_FLOPS();

    /** The twelve scores of the paper: what {@code all} means. */
    public static final Set<ScoreName> PAPER = EnumSet.range(JS, WPJSI);
    /** The field's zero-cost proxies (baselines.md): what {@code proxies} means. */
    public static final Set<ScoreName> PROXIES = EnumSet.range(GRAD_NORM, AZ_FLOPS);
    /** AZ-NAS's four per-architecture components. */
    public static final Set<ScoreName> AZ = EnumSet.range(AZ_EXPRESSIVITY, AZ_FLOPS);

    /**
     * Whether a score reads the input Jacobian or the parameter gradients (the paper's scores), or is one of the
     * field's proxies, each with its own passes.
     */
    public enum Space { INPUT, PARAMETER, PROXY }

    /** Which matrix similarity a score is built on. */
    public enum Similarity { EIGEN, COSINE }

    private final Space space;
    private final Similarity similarity;
    private final EnumSet<Pass> passes;

    ScoreName(Space space, Similarity similarity, Pass... noisePasses) {
        this.space = space;
        this.similarity = similarity;
        this.passes = EnumSet.of(Pass.CLEAN);
        this.passes.addAll(Arrays.asList(noisePasses));
    }

    /** A proxy and the passes it needs. */
    ScoreName(Pass... passes) {
        this.space = Space.PROXY;
        this.similarity = null;
        this.passes = passes.length == 0 ? EnumSet.noneOf(Pass.class) : EnumSet.copyOf(Arrays.asList(passes));
    }

    public Space space() { return space; }

    /** The similarity a paper score is built on; null for a proxy. */
    public Similarity similarity() { return similarity; }

    /** One of the twelve scores of the paper. */
    public boolean paper() { return space != Space.PROXY; }

    /**
     * The name of its column and record field: the paper's spelling (JS ... WPJSI) for the twelve, the references'
     * lower-case spelling (grad_norm, az_expressivity, ...) for the proxies.
     */
    public String column() { return paper() ? name() : name().toLowerCase(Locale.ROOT); }

    /**
     * The forward/backward passes this score needs: the clean one (and noise passes) for a paper score; for a
     * proxy its own passes (jacov's own pass is skipped when the run's target is output-sum, see the scorer).
     */
    public Set<Pass> passes() { return EnumSet.copyOf(passes); }

    /** The union of the passes a set of scores needs: all twelve need four. */
    public static Set<Pass> passes(Set<ScoreName> scores) {
        EnumSet<Pass> p = EnumSet.noneOf(Pass.class);
        for (ScoreName s : scores) p.addAll(s.passes);
        return p;
    }

    /** Whether the clean pass must also produce parameter gradients. */
    public static boolean needsParameterGradients(Set<ScoreName> scores) {
        return scores.stream().anyMatch(s -> s.space == Space.PARAMETER);
    }

    /**
     * Parses "all" (the twelve paper scores), "proxies", "everything" or a comma list such as "JS,PJS,nwot"
     * mixing names and groups (case-insensitive), naming any unknown name.
     */
    public static Set<ScoreName> parseList(String list) {
        if (list == null || list.isBlank()) return EnumSet.copyOf(PAPER);
        EnumSet<ScoreName> out = EnumSet.noneOf(ScoreName.class);
        for (String part : list.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) continue;
            switch (p) {
                case "ALL" -> out.addAll(PAPER);
                case "PROXIES" -> out.addAll(PROXIES);
                case "EVERYTHING" -> out.addAll(EnumSet.allOf(ScoreName.class));
                default -> {
                    try {
                        out.add(valueOf(p));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("unknown score '" + part.trim()
                                + "': expected 'all', 'proxies', 'everything' or some of "
                                + Arrays.stream(values()).map(ScoreName::column).collect(Collectors.joining(",")));
                    }
                }
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("empty score list '" + list + "'");
        return out;
    }
}
