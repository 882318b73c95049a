package io.nasscore.scorer;

import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which proxies were asked for and what they need from the clean pass (baselines.md §2). Under {@code eval} BN
 * no proxy is computed: no reference defines them with running statistics (§1), so they stay absent (null).
 */
record ProxyPlan(Set<ScoreName> wanted) {

    ProxyPlan(Set<ScoreName> scores, ScoreConfig cfg) { this(select(scores, cfg)); }

    private static Set<ScoreName> select(Set<ScoreName> scores, ScoreConfig cfg) {
        EnumSet<ScoreName> out = EnumSet.noneOf(ScoreName.class);
        if (cfg.bnMode() == ScoreConfig.BnMode.EVAL) return out;
        for (ScoreName s : scores) if (!s.paper()) out.add(s);
        return out;
    }

    boolean isEmpty() { return wanted.isEmpty(); }

    boolean has(ScoreName s) { return wanted.contains(s); }

    /** grad_norm, snip, plain and ZiCo's first batch read the clean pass's weight gradients. */
    boolean cleanWeightGradients() {
        return has(ScoreName.GRAD_NORM) || has(ScoreName.SNIP) || has(ScoreName.PLAIN) || has(ScoreName.ZICO);
    }

    /** NASWOT hooks the clean forward. */
    boolean naswot() { return has(ScoreName.NWOT); }

    boolean az() {
        return has(ScoreName.AZ_EXPRESSIVITY) || has(ScoreName.AZ_PROGRESSIVITY) || has(ScoreName.AZ_TRAINABILITY);
    }
}
