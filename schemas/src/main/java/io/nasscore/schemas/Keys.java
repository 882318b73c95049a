package io.nasscore.schemas;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.space.SearchSpace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Kafka keys of the pipeline: plain strings of '/'-separated parts (never Avro, so that a schema change
 * never moves a key to another partition). A part may not be empty or contain '/'.
 */
public final class Keys {

    public static final String SEPARATOR = "/";

    /** Score-quality subsets and windows (scores.md section 5, pipeline.md "The aggregator's tables"). */
    public static final String SUBSET_ALL = "all";
    public static final String SUBSET_ABOVE_MEDIAN = "above-median";
    public static final String WINDOW_CUMULATIVE = "cumulative";

    private Keys() {}

    /**
     * Key of nas.scores: {@code configHash/dataset/archIndex/seed}. The config hash already covers dataset and
     * seed; they are repeated so that a key is readable (and greppable) without the config table.
     */
    public static String score(String configHash, String dataset, int archIndex, long seed) {
        SearchSpace.checkIndex(archIndex);
        return join(part("config hash", configHash), part("dataset", dataset),
                Integer.toString(archIndex), Long.toString(seed));
    }

    public static String score(ScoreConfig config, int archIndex) {
        return score(config.hash(), config.dataset().id(), archIndex, config.seed());
    }

    /** Key of nas.ground-truth: {@code dataset/archIndex}. */
    public static String groundTruth(String dataset, int archIndex) {
        SearchSpace.checkIndex(archIndex);
        return join(part("dataset", dataset), Integer.toString(archIndex));
    }

    public static String groundTruth(Dataset dataset, int archIndex) { return groundTruth(dataset.id(), archIndex); }

    /** Key of nas.score-quality: {@code experiment/dataset/score/subset/window}. */
    public static String quality(String experiment, String dataset, String score, String subset, String window) {
        return join(part("experiment", experiment), part("dataset", dataset), part("score", score),
                part("subset", subset), part("window", window));
    }

    /** The sliding window name {@code last-<W>}. */
    public static String lastWindow(int w) {
        if (w < 1) throw new IllegalArgumentException("window size must be >= 1, got " + w);
        return "last-" + w;
    }

    /**
     * Job id, key of nas.jobs: {@code "j" + first 16 hex digits of SHA-256(configHash + "/" + archIndex)}.
     * Deliberately independent of the experiment: the config hash covers everything that changes a score
     * (dataset and seed included), so two jobs with the same id would compute the same numbers. A resubmission
     * (a retry, or another experiment asking for the same arch under the same config) gets the same id, hence
     * the same partition, and its result the same score key, so nothing downstream double counts.
     */
    public static String jobId(String configHash, int archIndex) {
        SearchSpace.checkIndex(archIndex);
        String in = part("config hash", configHash) + SEPARATOR + archIndex;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(in.getBytes(StandardCharsets.UTF_8));
            return "j" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String jobId(ScoreConfig config, int archIndex) { return jobId(config.hash(), archIndex); }

    /** Checks one key part: non-empty, no '/'. */
    static String part(String what, String value) {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException(what + " is required in a key");
        if (value.contains(SEPARATOR)) {
            throw new IllegalArgumentException(what + " '" + value + "' must not contain '" + SEPARATOR + "' (key separator)");
        }
        return value;
    }

    private static String join(String... parts) { return String.join(SEPARATOR, parts); }
}
