package io.nasscore.core.score;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The twelve scores of the paper (scores.md section 4), in the paper's order. Higher is better for all. */
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
    WPJSI(Space.PARAMETER, Similarity.EIGEN);

    /** Whether a score reads the input Jacobian or the parameter gradients. */
    public enum Space { INPUT, PARAMETER }

    /** Which matrix similarity a score is built on. */
    public enum Similarity { EIGEN, COSINE }

    private final Space space;
    private final Similarity similarity;
    private final Set<Pass> noisePasses;

    ScoreName(Space space, Similarity similarity, Pass... noisePasses) {
        this.space = space;
        this.similarity = similarity;
        this.noisePasses = noisePasses.length == 0 ? EnumSet.noneOf(Pass.class) : EnumSet.copyOf(Arrays.asList(noisePasses));
    }

    public Space space() { return space; }

    public Similarity similarity() { return similarity; }

    /** The forward/backward passes this score needs; every score needs the clean one. */
    public Set<Pass> passes() {
        EnumSet<Pass> p = EnumSet.of(Pass.CLEAN);
        p.addAll(noisePasses);
        return p;
    }

    /** The union of the passes a set of scores needs: all twelve need four. */
    public static Set<Pass> passes(Set<ScoreName> scores) {
        EnumSet<Pass> p = EnumSet.noneOf(Pass.class);
        for (ScoreName s : scores) p.addAll(s.passes());
        return p;
    }

    /** Whether the clean pass must also produce parameter gradients. */
    public static boolean needsParameterGradients(Set<ScoreName> scores) {
        return scores.stream().anyMatch(s -> s.space == Space.PARAMETER);
    }

    /** Parses "all" or a comma list such as "JS,PJS,WPJS" (case-insensitive), naming any unknown name. */
    public static Set<ScoreName> parseList(String list) {
        if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("all")) return EnumSet.allOf(ScoreName.class);
        EnumSet<ScoreName> out = EnumSet.noneOf(ScoreName.class);
        for (String part : list.split(",")) {
            String p = part.trim().toUpperCase();
            if (p.isEmpty()) continue;
            try {
                out.add(valueOf(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown score '" + part.trim() + "': expected 'all' or some of "
                        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(",")));
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("empty score list '" + list + "'");
        return out;
    }
}
