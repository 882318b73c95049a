package io.nasscore.scorer.worker;

import io.nasscore.schemas.Convert;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import io.nasscore.core.score.ScoreRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The score records a worker computed, by score key (least recently used dropped first), to answer a repeated job
 * without scoring it again: same key, same numbers (scoring is deterministic for a configuration and an
 * architecture), with the new job's experiment and run ids. A record answers only a job whose every requested
 * score it holds ({@code Convert.holdsEvery}). Loop thread only.
 */
final class ReuseCache {
    private final int capacity;
    private final Map<String, ScoreRecord> records;

    /** A cache of at most {@code capacity} records; 0 keeps none. */
    ReuseCache(int capacity) {
        this.capacity = capacity;
        this.records = new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<String, ScoreRecord> e) { return size() > capacity; }
        };
    }

    /** Keeps {@code record}, the score of {@code scoreKey}. */
    void put(String scoreKey, ScoreRecord record) {
        if (capacity > 0) records.put(scoreKey, record);
    }

    /**
     * The answer to {@code job} from an earlier record of {@code scoreKey} holding every score of {@code request},
     * with the job's experiment, id and run ids; null when there is none or the job asks to be scored again.
     */
    ScoreRecord answer(ScoringJob job, ScoreRequest request, String scoreKey) {
        if (job.getRescore()) return null;
        ScoreRecord earlier = records.get(scoreKey);
        if (earlier == null || !Convert.holdsEvery(earlier, request.scores())) return null;
        return ScoreRecord.newBuilder(earlier).setExperiment(job.getExperiment()).setJobId(job.getJobId())
                .setRunIds(job.getRunIds()).build();
    }
}
