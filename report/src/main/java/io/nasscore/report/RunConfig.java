package io.nasscore.report;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The score configuration a report's scores were computed with (scores.md section 1), as far as it is known.
 *
 * @param hash   the configuration hash ({@link ScoreConfig#hash()}), or null when the source records none
 *               (e.g. published proxies)
 * @param config the configuration, or null when only the hash is known and it is not one of the common
 *               configurations {@link #fromHash} recognises
 */
public record RunConfig(String hash, ScoreConfig config) {

    /** No configuration recorded (e.g. published proxy scores). */
    public static RunConfig unknown() { return new RunConfig(null, null); }

    /** A known configuration. */
    public static RunConfig of(ScoreConfig config) { return new RunConfig(config.hash(), config); }

    private static final Map<String, ScoreConfig> COMMON = new HashMap<>();

    /**
     * The configuration behind a hash of a scores CSV's {@code config_hash} column. The hash is one-way: it is
     * matched against the common configurations (every dataset, target, BN mode, batch policy, normalisation
     * and image source; batch sizes 2..1024 in powers of two and 10/20/50/100/200/500/1000; seeds 0..9, 42, 1234).
     * A hash outside that grid keeps {@code config == null} and the report shows the hash alone. Only the fallback
     * for files written before the {@code config} column ({@link io.nasscore.core.table.ScoresCsv#config}).
     */
    public static RunConfig fromHash(String hash) {
        if (hash == null || hash.isBlank()) return unknown();
        String h = hash.trim().toLowerCase(Locale.ROOT);
        synchronized (COMMON) {
            if (COMMON.isEmpty()) fillCommon();
            return new RunConfig(h, COMMON.get(h));
        }
    }

    private static void fillCommon() {
        int[] batches = {2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 10, 20, 50, 100, 200, 500, 1000};
        long[] seeds = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 42, 1234};
        for (Dataset ds : Dataset.values()) {
            for (int b : batches) {
                for (ScoreConfig.BatchPolicy p : ScoreConfig.BatchPolicy.values()) {
                    for (ScoreConfig.JacobianTarget t : ScoreConfig.JacobianTarget.values()) {
                        for (ScoreConfig.BnMode bn : ScoreConfig.BnMode.values()) {
                            for (ScoreConfig.Normalisation nm : ScoreConfig.Normalisation.values()) {
                                for (String data : new String[] {ScoreConfig.SHIPPED, ScoreConfig.RANDOM}) {
                                    for (long s : seeds) {
                                        ScoreConfig c = new ScoreConfig(ds, b, p, t, bn, s, nm, data);
                                        COMMON.putIfAbsent(c.hash(), c);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The dataset of the configuration, or null when unknown. */
    public Dataset dataset() { return config == null ? null : config.dataset(); }

    /**
     * One line for figure subtitles and the page header, e.g. "B = 256 · fixed batch · target loss · BN train ·
     * init seed 0 · bounds normalisation · shipped images · config 1a2b3c4d5e6f7a8b".
     */
    public String describe() {
        if (config == null) {
            return hash == null ? "score configuration not recorded" : "config " + hash + " (not a common configuration)";
        }
        return String.join(" · ",
                "B = " + config.batchSize(),
                lower(config.batchPolicy()) + " batch",
                "target " + lower(config.target()),
                "BN " + lower(config.bnMode()),
                "init seed " + config.seed(),
                lower(config.normalisation()) + " normalisation",
                config.data() + " images",
                "config " + hash);
    }

    private static String lower(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT).replace('_', '-'); }
}
