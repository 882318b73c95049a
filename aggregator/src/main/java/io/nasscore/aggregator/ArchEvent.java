package io.nasscore.aggregator;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the join stage receives for one (dataset, arch index): either a scored point (accuracy unknown) or a
 * ground-truth accuracy (NaN = the truth was retracted by a tombstone). Internal to the aggregator: the value of
 * the {@code arch-events} repartition topic.
 */
record ArchEvent(Point point, double accuracy) {

    private static final byte POINT = 'P';
    private static final byte TRUTH = 'T';

    static final Serde<ArchEvent> SERDE = new EventSerde();

    static ArchEvent of(Point p) { return new ArchEvent(p, Double.NaN); }

    static ArchEvent truth(double accuracy) { return new ArchEvent(null, accuracy); }

    boolean isPoint() { return point != null; }

    private static final class EventSerde implements Serde<ArchEvent>, Serializer<ArchEvent>, Deserializer<ArchEvent> {
        @Override public byte[] serialize(String topic, ArchEvent e) {
            if (e == null) return null;
            if (e.isPoint()) {
                byte[] p = e.point.toBytes();
                byte[] out = new byte[p.length + 1];
                out[0] = POINT;
                System.arraycopy(p, 0, out, 1, p.length);
                return out;
            }
            return ByteBuffer.allocate(9).put(TRUTH).putDouble(e.accuracy).array();
        }

        @Override public ArchEvent deserialize(String topic, byte[] data) {
            if (data == null) return null;
            if (data.length > 1 && data[0] == POINT) return of(Point.fromBytes(Arrays.copyOfRange(data, 1, data.length)));
            if (data.length == 9 && data[0] == TRUTH) return truth(ByteBuffer.wrap(data, 1, 8).getDouble());
            throw new SerializationException("topic " + topic + ": not an aggregator arch event (" + data.length + " bytes)");
        }

        @Override public void close() {}

        @Override public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

        @Override public Serializer<ArchEvent> serializer() { return this; }

        @Override public Deserializer<ArchEvent> deserializer() { return this; }
    }
}
