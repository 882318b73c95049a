package io.nasscore.schemas;

import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro record, in Avro single-object encoding: {@code 0xC3 0x01}, the 8-byte
 * little-endian CRC-64-AVRO fingerprint of the writer schema's parsing canonical form, then the Avro binary
 * body. It writes with the class's (newest) schema and reads bytes written with ANY released version of the
 * record (each is registered with {@link BinaryMessageDecoder#addSchema}), resolving them to the class.
 * Values that do not decode raise {@link BadRecordException}. Thread-safe; null maps to null (tombstones).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    /** The two marker bytes of single-object encoding. */
    public static final byte MAGIC_0 = (byte) 0xC3;
    public static final byte MAGIC_1 = (byte) 0x01;
    /** Marker plus fingerprint. */
    public static final int HEADER_LENGTH = 10;

    private final Class<T> type;
    private final String recordName;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    /** fingerprint -> "v<N>" of every writer schema the decoder knows. */
    private final Map<Long, String> known;
    private final Serializer<T> serializer = new AvroSerializer();
    private final Deserializer<T> deserializer = new AvroDeserializer();

    /**
     * A serde for {@code type} whose decoder knows {@code writerSchemas} (and the class's own schema). Use the
     * factories below; this constructor is for tests and for readers that hold extra writer schemas.
     */
    public AvroSerde(Class<T> type, List<Schema> writerSchemas) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.recordName = schema.getName();
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        Map<Long, String> k = new LinkedHashMap<>();
        for (int v = 0; v < writerSchemas.size(); v++) {
            Schema w = writerSchemas.get(v);
            decoder.addSchema(w);
            k.put(ReleasedSchemas.fingerprint(w), "v" + (v + 1));
        }
        k.putIfAbsent(ReleasedSchemas.fingerprint(schema), "current");
        this.known = Collections.unmodifiableMap(k);
    }

    /** A serde for a generated record class whose released versions are in {@link ReleasedSchemas}. */
    public static <T extends SpecificRecord> AvroSerde<T> forClass(Class<T> type) {
        String name = SpecificData.getForClass(type).getSchema(type).getName();
        return new AvroSerde<>(type, ReleasedSchemas.versions(name));
    }

    public static AvroSerde<ScoringJob> scoringJob() { return forClass(ScoringJob.class); }

    public static AvroSerde<ScoreRecord> scoreRecord() { return forClass(ScoreRecord.class); }

    public static AvroSerde<GroundTruth> groundTruth() { return forClass(GroundTruth.class); }

    public static AvroSerde<ScoreQuality> scoreQuality() { return forClass(ScoreQuality.class); }

    public Class<T> type() { return type; }

    /** The schema values are written with (the newest released version). */
    public Schema schema() { return schema; }

    /** Fingerprints of the writer schemas this serde reads, with their version label. */
    public Map<Long, String> knownFingerprints() { return known; }

    /** Single-object encoding of a record; a record that does not fit its schema raises SerializationException. */
    public byte[] encode(String topic, T value) {
        if (value == null) return null;
        try {
            ByteBuffer buf = encoder.encode(value);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("topic " + topic + ": cannot encode " + recordName + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a single-object-encoded value written with any known version; see {@link BadRecordException}. */
    public T decode(String topic, byte[] data) {
        if (data == null) return null;
        if (data.length < HEADER_LENGTH || data[0] != MAGIC_0 || data[1] != MAGIC_1) {
            throw new BadRecordException(topic, BadRecordException.Reason.NOT_SINGLE_OBJECT,
                    "value is not Avro single-object encoding (expected " + recordName
                            + ": header 0xC3 0x01 + 8-byte schema fingerprint, got " + data.length + " byte(s) starting "
                            + preview(data) + ")");
        }
        long fp = fingerprint(data);
        String version = known.get(fp);
        if (version == null) {
            String other = ReleasedSchemas.describe(fp).map(d -> " (that is " + d + ", not a " + recordName + ")")
                    .orElse(" (written with a schema version this reader does not hold: upgrade nasscore-schemas)");
            throw new BadRecordException(topic, BadRecordException.Reason.UNKNOWN_SCHEMA,
                    "unknown schema fingerprint " + hex(fp) + " for " + recordName + other + "; known: "
                            + known.entrySet().stream().map(e -> e.getValue() + "=" + hex(e.getKey()))
                                    .collect(Collectors.joining(", ")));
        }
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        T value;
        try {
            value = decoder.decode(in, null);
        } catch (IOException | RuntimeException e) {
            throw new BadRecordException(topic, BadRecordException.Reason.CORRUPT_BODY,
                    "corrupt " + recordName + " " + version + " body (" + data.length + " bytes): " + describe(e), e);
        }
        if (in.available() > 0) {
            throw new BadRecordException(topic, BadRecordException.Reason.CORRUPT_BODY,
                    "corrupt " + recordName + " " + version + " body: " + in.available()
                            + " trailing byte(s) after the record");
        }
        return value;
    }

    /** Whether bytes start like single-object encoding (marker bytes and room for a fingerprint). */
    public static boolean isSingleObject(byte[] data) {
        return data != null && data.length >= HEADER_LENGTH && data[0] == MAGIC_0 && data[1] == MAGIC_1;
    }

    /** The writer-schema fingerprint of single-object-encoded bytes (little-endian bytes 2..9). */
    public static long fingerprint(byte[] data) {
        long fp = 0;
        for (int i = 9; i >= 2; i--) fp = (fp << 8) | (data[i] & 0xFFL);
        return fp;
    }

    @Override public Serializer<T> serializer() { return serializer; }

    @Override public Deserializer<T> deserializer() { return deserializer; }

    @Override public String toString() { return "AvroSerde<" + recordName + ">" + known.values(); }

    private static String hex(long fp) { return String.format("0x%016x", fp); }

    private static String preview(byte[] data) {
        int n = Math.min(data.length, 8);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) parts.add("0x" + HexFormat.of().toHexDigits(data[i]));
        return parts.isEmpty() ? "(empty)" : String.join(" ", parts) + (data.length > n ? " ..." : "");
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private final class AvroSerializer implements Serializer<T> {
        @Override public byte[] serialize(String topic, T data) { return encode(topic, data); }
    }

    private final class AvroDeserializer implements Deserializer<T> {
        @Override public T deserialize(String topic, byte[] data) { return decode(topic, data); }
    }
}
