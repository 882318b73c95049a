package io.nasscore.core.score;

import io.nasscore.core.Dataset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything that changes a score's value (scores.md section 1). Two scores are comparable only when their
 * configurations are equal; {@link #hash()} names a configuration in keys and tables. Which scores are
 * requested is not part of it: asking for fewer scores does not change the ones computed.
 *
 * @param data the image source: "shipped" (the CIFAR-10 images in the jar), "random" (standard-normal
 *     images) or a directory path; part of the identity because other images give other scores
 */
public record ScoreConfig(
        Dataset dataset,
        int batchSize,
        BatchPolicy batchPolicy,
        JacobianTarget target,
        BnMode bnMode,
        long seed,
        Normalisation normalisation,
        String data) {

    public enum BatchPolicy { FIXED, FRESH }

    public enum JacobianTarget { LOSS, OUTPUT_SUM, MELLOR }

    public enum BnMode { TRAIN, EVAL }

    public enum Normalisation { BOUNDS, MINMAX }

    public static final String SHIPPED = "shipped";
    public static final String RANDOM = "random";

    public ScoreConfig {
        if (dataset == null) throw new IllegalArgumentException("dataset is required");
        if (batchSize < 2) throw new IllegalArgumentException("batch size must be >= 2, got " + batchSize);
        if (batchPolicy == null || target == null || bnMode == null || normalisation == null) {
            throw new IllegalArgumentException("batch policy, target, bn mode and normalisation are required");
        }
        if (data == null || data.isBlank()) throw new IllegalArgumentException("data source is required");
    }

    /** The paper's defaults: B = 256, fixed batch, loss target, train-mode BN, seed 0, bounds, shipped images. */
    public static ScoreConfig defaults(Dataset dataset) {
        return new ScoreConfig(dataset, 256, BatchPolicy.FIXED, JacobianTarget.LOSS, BnMode.TRAIN, 0L,
                Normalisation.BOUNDS, dataset == Dataset.CIFAR10 ? SHIPPED : RANDOM);
    }

    public ScoreConfig withBatchSize(int b) {
        return new ScoreConfig(dataset, b, batchPolicy, target, bnMode, seed, normalisation, data);
    }

    public ScoreConfig withSeed(long s) {
        return new ScoreConfig(dataset, batchSize, batchPolicy, target, bnMode, s, normalisation, data);
    }

    public ScoreConfig withTarget(JacobianTarget t) {
        return new ScoreConfig(dataset, batchSize, batchPolicy, t, bnMode, seed, normalisation, data);
    }

    /** A stable, human-readable canonical form; the hash is taken over it. */
    public String canonical() {
        return String.join(";",
                "dataset=" + dataset.id(),
                "batch=" + batchSize,
                "policy=" + lower(batchPolicy),
                "target=" + lower(target).replace('_', '-'),
                "bn=" + lower(bnMode),
                "seed=" + seed,
                "norm=" + lower(normalisation),
                "data=" + data);
    }

    /**
     * The configuration a {@link #canonical()} string names (the {@code config} column of a scores CSV). The data
     * source comes last and is taken whole, so a directory path holding ';' or '=' survives; anything else that is
     * not this shape is an IllegalArgumentException quoting the text.
     */
    public static ScoreConfig fromCanonical(String text) {
        String[] keys = {"dataset", "batch", "policy", "target", "bn", "seed", "norm", "data"};
        String[] parts = text == null ? new String[0] : text.strip().split(";", keys.length);
        String[] v = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            if (parts.length != keys.length || !parts[i].startsWith(keys[i] + "=")) {
                throw new IllegalArgumentException("'" + text + "' is not a score configuration (expected "
                        + String.join(";", java.util.Arrays.stream(keys).map(k -> k + "=...").toList()) + ")");
            }
            v[i] = parts[i].substring(keys[i].length() + 1);
        }
        try {
            return new ScoreConfig(Dataset.of(v[0]), Integer.parseInt(v[1]), parseOption(BatchPolicy.class, "batch policy", v[2]),
                    parseOption(JacobianTarget.class, "target", v[3]), parseOption(BnMode.class, "bn mode", v[4]),
                    Long.parseLong(v[5]), parseOption(Normalisation.class, "normalisation", v[6]), v[7]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a score configuration: " + e.getMessage());
        }
    }

    /**
     * Hashes already computed: hash() is called several times per job by the publisher and the worker (ids, keys,
     * validation), while a process sees only a handful of distinct configurations. Bounded, so configurations
     * arriving from outside cannot grow it without limit.
     */
    private static final Map<ScoreConfig, String> HASHES = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_HASHES = 256;

    /** First 16 hex digits of the SHA-256 of {@link #canonical()}. */
    public String hash() {
        String h = HASHES.get(this);
        if (h == null) {
            h = sha256Prefix();
            if (HASHES.size() >= MAX_CACHED_HASHES) HASHES.clear();
            HASHES.put(this, h);
        }
        return h;
    }

    private String sha256Prefix() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lower(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT); }

    /** Parses an option value such as "output-sum" or "TRAIN" into an enum constant, naming bad values. */
    public static <E extends Enum<E>> E parseOption(Class<E> type, String what, String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) return e;
        }
        StringBuilder ok = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (ok.length() > 0) ok.append(", ");
            ok.append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "': expected one of " + ok);
    }
}
