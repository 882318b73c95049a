package io.nasscore.scorer;

import io.nasscore.core.score.ScoreConfig;
import io.nasscore.scorer.images.Batch;
import io.nasscore.scorer.images.ImageSource;
import io.nasscore.scorer.images.ImageSources;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image batches of the scorings: a job's clean batch and ZiCo's second batch, drawn from the configuration's
 * image source. Keeps the last few sources and {@code fixed} batches (per configuration), the only state kept
 * between jobs. Not thread-safe.
 */
final class ImageBatches {
    private static final int SOURCE_CACHE = 2;
    private static final int BATCH_CACHE = 4;

    private final Map<String, ImageSource> sources = lru(SOURCE_CACHE);
    private final Map<String, Batch> fixedBatches = lru(BATCH_CACHE);

    /** The clean batch of job {@code job}: the configuration's fixed batch, or the job's fresh draw. */
    Batch batch(ScoreConfig cfg, long job) {
        String sourceKey = cfg.dataset().id() + "|" + cfg.data();
        ImageSource source = sources.get(sourceKey);
        if (source == null) {
            source = ImageSources.open(cfg.dataset(), cfg.data());
            sources.put(sourceKey, source);
        }
        if (cfg.batchPolicy() == ScoreConfig.BatchPolicy.FRESH) {
            return source.batch(cfg.batchSize(), Seeds.freshBatch(job));
        }
        String key = sourceKey + "|" + cfg.batchSize() + "|" + cfg.seed();
        Batch b = fixedBatches.get(key);
        if (b == null) {
            b = source.batch(cfg.batchSize(), Seeds.fixedBatch(cfg.seed()));
            fixedBatches.put(key, b);
        }
        return b;
    }

    /**
     * ZiCo's second batch (baselines.md §8): the B images after the clean batch in the same shuffle ({@code fixed})
     * or the same fresh draw ({@code fresh}); the shuffle is a prefix of the 2B-image one. After {@link #batch}.
     */
    Batch secondBatch(ScoreConfig cfg, long job) {
        String sourceKey = cfg.dataset().id() + "|" + cfg.data();
        ImageSource source = sources.get(sourceKey);
        long seed = cfg.batchPolicy() == ScoreConfig.BatchPolicy.FRESH ? Seeds.freshBatch(job) : Seeds.fixedBatch(cfg.seed());
        int b = cfg.batchSize();
        if (cfg.batchPolicy() == ScoreConfig.BatchPolicy.FIXED) {
            String key = sourceKey + "|" + b + "|" + cfg.seed() + "|second";
            Batch cached = fixedBatches.get(key);
            if (cached != null) return cached;
            Batch second = source.batch(2 * b, seed).slice(b, 2 * b);
            fixedBatches.put(key, second);
            return second;
        }
        return source.batch(2 * b, seed).slice(b, 2 * b);
    }

    void clear() {
        sources.clear();
        fixedBatches.clear();
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) { return size() > capacity; }
        };
    }
}
