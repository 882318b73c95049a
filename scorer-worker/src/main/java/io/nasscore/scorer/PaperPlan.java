package io.nasscore.scorer;

import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreName;
import java.util.EnumSet;
import java.util.Set;

/** Which passes and which similarities the requested paper scores (the twelve) need. */
final class PaperPlan {
    final boolean input;
    final boolean param;
    final boolean paramEigen;
    final boolean paramCosine;
    final EnumSet<Pass> noisePasses = EnumSet.noneOf(Pass.class);
    private final EnumSet<Pass> eigen = EnumSet.noneOf(Pass.class);
    private final EnumSet<Pass> cosine = EnumSet.noneOf(Pass.class);

    PaperPlan(Set<ScoreName> scores) {
        boolean in = false;
        boolean pe = false;
        boolean pc = false;
        for (ScoreName s : scores) {
            if (!s.paper()) continue;
            boolean e = s.similarity() == ScoreName.Similarity.EIGEN;
            if (s.space() == ScoreName.Space.INPUT) {
                in = true;
                for (Pass p : s.passes()) {
                    (e ? eigen : cosine).add(p);
                    if (p != Pass.CLEAN) noisePasses.add(p);
                }
            } else if (e) {
                pe = true;
            } else {
                pc = true;
            }
        }
        input = in;
        paramEigen = pe;
        paramCosine = pc;
        param = pe || pc;
    }

    boolean eigen(Pass p) { return eigen.contains(p); }

    boolean cosine(Pass p) { return cosine.contains(p); }
}
