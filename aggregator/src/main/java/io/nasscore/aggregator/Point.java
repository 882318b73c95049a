package io.nasscore.aggregator;

import io.nasscore.core.score.ScoreName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One point of a score-quality table: what the aggregator keeps of a score record (arch index, the requested
 * scores, time, runs) plus the ground-truth accuracy once it is known and the arrival sequence in its table.
 * Immutable. Its binary form ({@link #SERDE}: about 200 bytes with the twelve scores, 300 with the proxies too) is
 * internal to the aggregator: repartition topics and store changelogs. A leading version byte tells the forms apart:
 * version 2 (written) carries every {@link ScoreName}; version 1 (the twelve paper scores, a 16-bit mask) is still
 * read, because the changelogs and repartition topics of an aggregator being upgraded hold version 1 records.
 *
 * @param experiment  experiment of the score record
 * @param dataset     canonical dataset id
 * @param archIndex   NB201 index
 * @param scoreKey    key of the score record on nas.scores
 * @param configHash  configuration hash of the score record
 * @param scores      every score in {@link ScoreName} order (the twelve, then the proxies); NaN = not computable
 *                    (−∞ is a legal proxy value); {@code present} says which were requested
 * @param present     bit i set = score {@code ScoreName.values()[i]} was requested
 * @param accuracy    ground-truth accuracy (percent); NaN = not known (yet)
 * @param totalMillis wall time of the whole scoring
 * @param scoredAt    when the scoring finished (epoch ms)
 * @param seq         arrival sequence in its (experiment, dataset) table; -1 until the table assigns one
 * @param runIds      runs of the experiment the architecture belongs to
 */
public record Point(String experiment, String dataset, int archIndex, String scoreKey, String configHash,
                    double[] scores, int present, double accuracy, double totalMillis, long scoredAt, long seq,
                    int[] runIds) {

    static final int SCORES = ScoreName.values().length;
    private static final byte VERSION = 2;
    /** The first form: the twelve paper scores (ordinals 0-11, the same bits as now) under a 16-bit mask. */
    private static final byte VERSION_1 = 1;
    private static final int VERSION_1_SCORES = ScoreName.PAPER.size();

    static {
        // the mask is an int: one bit per score name
        if (SCORES > Integer.SIZE) throw new ExceptionInInitializerError("a point's mask holds " + Integer.SIZE + " scores");
    }

    /** Serde of the internal binary form. */
    public static final Serde<Point> SERDE = new PointSerde();

    public Point {
        if (scores.length != SCORES) throw new IllegalArgumentException("a point holds " + SCORES + " score slots");
    }

    public boolean has(ScoreName s) { return (present & (1 << s.ordinal())) != 0; }

    public double score(ScoreName s) { return has(s) ? scores[s.ordinal()] : Double.NaN; }

    public boolean hasAccuracy() { return !Double.isNaN(accuracy); }

    public Point withAccuracy(double a) {
        return new Point(experiment, dataset, archIndex, scoreKey, configHash, scores, present, a, totalMillis, scoredAt, seq, runIds);
    }

    public Point withSeq(long s) {
        return new Point(experiment, dataset, archIndex, scoreKey, configHash, scores, present, accuracy, totalMillis, scoredAt, s, runIds);
    }

    /** Same scoring (same score record): a replacement with equal key and time is a redelivery, not a new arrival. */
    public boolean sameScoring(Point o) {
        return o != null && scoreKey.equals(o.scoreKey) && scoredAt == o.scoredAt;
    }

    /** Equal in everything but the arrival sequence (then storing it again changes nothing). */
    public boolean sameContent(Point o) {
        return o != null && archIndex == o.archIndex && present == o.present && scoredAt == o.scoredAt
                && Double.compare(accuracy, o.accuracy) == 0 && Double.compare(totalMillis, o.totalMillis) == 0
                && experiment.equals(o.experiment) && dataset.equals(o.dataset) && scoreKey.equals(o.scoreKey)
                && configHash.equals(o.configHash) && Arrays.equals(scores, o.scores) && Arrays.equals(runIds, o.runIds);
    }

    @Override public boolean equals(Object o) {
        return o instanceof Point p && sameContent(p) && seq == p.seq;
    }

    @Override public int hashCode() { return Objects.hash(experiment, dataset, archIndex, scoreKey, seq); }

    @Override public String toString() {
        return "Point[" + experiment + "/" + dataset + "/" + archIndex + " acc=" + accuracy + " seq=" + seq + "]";
    }

    byte[] toBytes() {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(64 + 8 * Integer.bitCount(present) + 4 * runIds.length);
            DataOutputStream out = new DataOutputStream(bos);
            out.writeByte(VERSION);
            out.writeUTF(experiment);
            out.writeUTF(dataset);
            out.writeInt(archIndex);
            out.writeUTF(scoreKey);
            out.writeUTF(configHash);
            out.writeInt(present);
            for (int i = 0; i < SCORES; i++) {
                if ((present & (1 << i)) != 0) out.writeDouble(scores[i]);
            }
            out.writeDouble(accuracy);
            out.writeDouble(totalMillis);
            out.writeLong(scoredAt);
            out.writeLong(seq);
            out.writeInt(runIds.length);
            for (int r : runIds) out.writeInt(r);
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Point fromBytes(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            byte v = in.readByte();
            if (v != VERSION && v != VERSION_1) throw new SerializationException("aggregator point: unknown format version " + v);
            String experiment = in.readUTF();
            String dataset = in.readUTF();
            int archIndex = in.readInt();
            String scoreKey = in.readUTF();
            String configHash = in.readUTF();
            int present = v == VERSION_1 ? in.readShort() & 0xFFFF : in.readInt();
            int slots = v == VERSION_1 ? VERSION_1_SCORES : SCORES;
            if ((present & ~((int) ((1L << slots) - 1))) != 0) {
                throw new SerializationException("aggregator point: version " + v + " mask " + Integer.toHexString(present)
                        + " names a score beyond the " + slots + " it holds");
            }
            double[] scores = new double[SCORES];
            Arrays.fill(scores, Double.NaN);
            for (int i = 0; i < slots; i++) {
                if ((present & (1 << i)) != 0) scores[i] = in.readDouble();
            }
            double accuracy = in.readDouble();
            double totalMillis = in.readDouble();
            long scoredAt = in.readLong();
            long seq = in.readLong();
            int[] runIds = new int[in.readInt()];
            for (int i = 0; i < runIds.length; i++) runIds[i] = in.readInt();
            return new Point(experiment, dataset, archIndex, scoreKey, configHash, scores, present, accuracy,
                    totalMillis, scoredAt, seq, runIds);
        } catch (IOException e) {
            throw new SerializationException("aggregator point: corrupt bytes (" + data.length + " bytes): " + e, e);
        }
    }

    private static final class PointSerde implements Serde<Point>, Serializer<Point>, Deserializer<Point> {
        @Override public byte[] serialize(String topic, Point p) { return p == null ? null : p.toBytes(); }

        @Override public Point deserialize(String topic, byte[] data) { return data == null ? null : fromBytes(data); }

        @Override public void close() {}

        @Override public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

        @Override public Serializer<Point> serializer() { return this; }

        @Override public Deserializer<Point> deserializer() { return this; }
    }
}
