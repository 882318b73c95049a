package io.nasscore.producer;

import io.nasscore.schemas.avro.ScoreRecord;
import java.util.Collection;
import java.util.Map;

/**
 * A store that holds the records of {@code nas.scores} up to known offsets (the PostgreSQL sink's {@code scores}
 * table and its {@code sink_offsets}), so that {@link JobPublisher} can look up exactly the keys it submits instead
 * of reading the whole topic: it reads the store, then only the topic's tail after the store's offsets.
 */
public interface PersistedScores {

    /**
     * What the store holds for some keys, and how far into nas.scores it is: both from one consistent snapshot.
     *
     * @param records     the latest record of each requested key the store holds (keys it does not hold are absent)
     * @param nextOffsets per partition of nas.scores, the next offset the store has NOT yet persisted; a partition
     *                    absent from the map has not been persisted at all (read from the beginning)
     */
    record Snapshot(Map<String, ScoreRecord> records, Map<Integer, Long> nextOffsets) {
        public Snapshot {
            records = Map.copyOf(records);
            nextOffsets = Map.copyOf(nextOffsets);
        }
    }

    /**
     * The store's records of {@code keys} and its nas.scores positions.
     *
     * @throws RuntimeException when the store cannot be read (the caller falls back to reading the whole topic)
     */
    Snapshot find(Collection<String> keys);
}
