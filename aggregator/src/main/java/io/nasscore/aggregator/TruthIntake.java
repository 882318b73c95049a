package io.nasscore.aggregator;

import io.nasscore.core.Dataset;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.aggregator.DeadLetters.Intake;
import io.nasscore.schemas.BadRecordException;
import io.nasscore.schemas.Keys;
import io.nasscore.schemas.Topics;
import io.nasscore.schemas.avro.GroundTruth;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * nas.ground-truth -> arch events keyed {@code dataset/archIndex} carrying the accuracy. A tombstone (key
 * {@code dataset/archIndex}, null value) retracts the accuracy: the points of that arch leave the tables. A record the
 * aggregator cannot use (undecodable, invalid, a tombstone with a bad key) is counted and forwarded as a dead letter
 * ({@link DeadLetters}).
 */
final class TruthIntake implements Processor<String, byte[], String, Intake> {
    private ProcessorContext<String, Intake> ctx;
    private Sensor skipped;

    @Override public void init(ProcessorContext<String, Intake> context) {
        ctx = context;
        skipped = AggregatorMetrics.counter(context, AggregatorMetrics.SKIPPED_TRUTH);
    }

    @Override public void process(Record<String, byte[]> r) {
        GroundTruth t;
        try {
            t = Topics.GROUND_TRUTH.valueSerde().deserializer().deserialize(Topics.GROUND_TRUTH.name(), r.value());
        } catch (RuntimeException e) {
            skipped.record();
            ctx.forward(DeadLetters.of(ctx, r, DeadLetters.decodeReason(e), "deserialize", e));
            return;
        }
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
            ctx.forward(DeadLetters.of(ctx, r, BadRecordException.Reason.INVALID_CONTENT.code(), "validate", e));
            return;
        }
        ctx.forward(r.withKey(key).withValue(Intake.of(ArchEvent.truth(accuracy))));
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
