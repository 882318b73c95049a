package io.nasscore.aggregator;

import io.nasscore.core.Dataset;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.avro.GroundTruth;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nas.ground-truth -> arch events keyed {@code dataset/archIndex} carrying the accuracy. A tombstone (key
 * {@code dataset/archIndex}, null value) retracts the accuracy: the points of that arch leave the tables.
 */
final class TruthIntake implements Processor<String, GroundTruth, String, ArchEvent> {
    private static final Logger log = LoggerFactory.getLogger(TruthIntake.class);

    private ProcessorContext<String, ArchEvent> ctx;
    private Sensor skipped;

    @Override public void init(ProcessorContext<String, ArchEvent> context) {
        ctx = context;
        skipped = AggregatorMetrics.counter(context, AggregatorMetrics.SKIPPED_TRUTH);
    }

    @Override public void process(Record<String, GroundTruth> r) {
        GroundTruth t = r.value();
        String key;
        double accuracy;
        try {
            if (t == null) {
                key = parseKey(r.key());
                accuracy = Double.NaN;
            } else {
                SearchSpace.checkIndex(t.getArchIndex());
                if (!Double.isFinite(t.getAccuracy())) {
                    throw new IllegalArgumentException("accuracy " + t.getAccuracy() + " is not a finite number");
                }
                key = Keys.groundTruth(Dataset.of(t.getDataset()).id(), t.getArchIndex());
                accuracy = t.getAccuracy();
            }
        } catch (RuntimeException e) {
            skipped.record();
            log.warn("nas.ground-truth: skipped record {}: {}", r.key(), e.getMessage());
            return;
        }
        ctx.forward(r.withKey(key).withValue(ArchEvent.truth(accuracy)));
    }

    @Override public void close() { ctx.metrics().removeSensor(skipped); }

    /** {@code dataset/archIndex} in canonical form; IllegalArgumentException when it is not one. */
    static String parseKey(String key) {
        if (key == null) throw new IllegalArgumentException("tombstone without a key");
        int slash = key.indexOf(Keys.SEPARATOR);
        if (slash < 0) throw new IllegalArgumentException("key '" + key + "' is not dataset/archIndex");
        int index;
        try {
            index = Integer.parseInt(key.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("key '" + key + "' is not dataset/archIndex");
        }
        return Keys.groundTruth(Dataset.of(key.substring(0, slash)).id(), index);
    }
}
