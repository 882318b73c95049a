package io.nasscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static <T> T roundTrip(Topic<T> topic, T value) {
        Serde<T> serde = topic.valueSerde();
        byte[] bytes = serde.serializer().serialize(topic.name(), value);
        return serde.deserializer().deserialize(topic.name(), bytes);
    }

    @Test
    void scoringJobRoundTrips() {
        ScoringJob job = Samples.job();
        assertThat(roundTrip(Topics.JOBS, job)).isEqualTo(job);
        assertThat(roundTrip(Topics.JOBS, job).getSubmittedAt()).isEqualTo(Samples.AT);
    }

    @Test
    void scoreRecordRoundTripsWithNullsAndNaN() {
        ScoreRecord r = Samples.scoreRecord();
        ScoreRecord back = roundTrip(Topics.SCORES, r);
        assertThat(back).isEqualTo(r);
        assertThat(back.getJS()).isEqualTo(0.998);
        assertThat(back.getWPJS()).isNaN();
        assertThat(back.getSNS()).isNull();
        assertThat(back.getNoise10Millis()).isNull();
        assertThat(back.getRunIds()).containsExactly(0, 3);
    }

    @Test
    void groundTruthRoundTrips() {
        assertThat(roundTrip(Topics.GROUND_TRUTH, Samples.groundTruth())).isEqualTo(Samples.groundTruth());
    }

    @Test
    void scoreQualityRoundTrips() {
        ScoreQuality q = Samples.quality();
        assertThat(roundTrip(Topics.SCORE_QUALITY, q)).isEqualTo(q);
        assertThat(roundTrip(Topics.SCORE_QUALITY, q).getMedianMillis()).isNull();
    }

    @Test
    void bytesAreSingleObjectEncodingWithTheNewestFingerprint() {
        byte[] bytes = AvroSerde.groundTruth().encode("nas.ground-truth", Samples.groundTruth());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fp = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fp).isEqualTo(ReleasedSchemas.fingerprint(ReleasedSchemas.latest("GroundTruth")));
        assertThat(AvroSerde.fingerprint(bytes)).isEqualTo(fp);
        assertThat(AvroSerde.isSingleObject(bytes)).isTrue();
        // the generated class's own encoder writes the same bytes
        assertThat(bytes).isEqualTo(toArray(encodeWithGeneratedEncoder(Samples.groundTruth())));
    }

    @Test
    void readsBytesWrittenWithReleasedV1ThroughAGenericRecord() {
        Schema v1 = ReleasedSchemas.versions("ScoringJob").get(0);
        ScoringJob expected = Samples.job();
        GenericRecord config = toGeneric(expected.getConfig(), v1.getField("config").schema());
        GenericRecord rec = new GenericRecordBuilder(v1)
                .set("jobId", expected.getJobId()).set("experiment", "exp-a").set("archIndex", Samples.INDEX)
                .set("arch", expected.getArch()).set("config", config).set("configHash", expected.getConfigHash())
                .set("scores", List.of("JS", "PJS", "WPJS")).set("rescore", false)
                .set("submittedAt", Samples.AT.toEpochMilli()).set("runIds", List.of(0, 3)).build();
        byte[] bytes = encodeGeneric(rec, v1);
        assertThat(AvroSerde.scoringJob().decode("nas.jobs", bytes)).isEqualTo(expected);
    }

    @Test
    void readsAnOlderWriterVersionFillingDefaults() {
        // a writer schema older than the current one: no rescore, no runIds (both have defaults in current)
        Schema current = ScoringJob.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : ReleasedSchemas.latest("ScoringJob").getFields()) {
            if (!f.name().equals("rescore") && !f.name().equals("runIds")) fields.add(new Schema.Field(f, f.schema()));
        }
        Schema older = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        GenericData.Record rec = toGeneric(Samples.job(), older);
        byte[] bytes = encodeGeneric(rec, older);

        AvroSerde<ScoringJob> serde = new AvroSerde<>(ScoringJob.class, List.of(older, ReleasedSchemas.latest("ScoringJob")));
        ScoringJob read = serde.decode("nas.jobs", bytes);
        assertThat(read.getRescore()).isFalse();
        assertThat(read.getRunIds()).isEmpty();
        assertThat(read.getJobId()).isEqualTo(Samples.job().getJobId());
        assertThat(read.getConfig()).isEqualTo(Samples.job().getConfig());
    }

    @Test
    void garbageIsABadRecordNamingTopicAndReason() {
        byte[] garbage = "{\"jobId\":\"x\"}".getBytes();
        assertThatThrownBy(() -> Topics.JOBS.valueSerde().deserializer().deserialize("nas.jobs", garbage))
                .isInstanceOf(BadRecordException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic nas.jobs: ")
                .hasMessageContaining("not Avro single-object encoding")
                .hasMessageContaining("0x7b")
                .satisfies(e -> {
                    BadRecordException b = (BadRecordException) e;
                    assertThat(b.topic()).isEqualTo("nas.jobs");
                    assertThat(b.reason()).isEqualTo(BadRecordException.Reason.NOT_SINGLE_OBJECT);
                    assertThat(b.reason().code()).isEqualTo("not-single-object");
                });
        assertThatThrownBy(() -> AvroSerde.scoringJob().decode("nas.jobs", new byte[0]))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("got 0 byte(s)");
        assertThatThrownBy(() -> AvroSerde.scoringJob().decode("nas.jobs", new byte[] {(byte) 0xC3, 0x01, 1, 2}))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("not Avro single-object encoding");
    }

    @Test
    void anUnknownFingerprintIsNamed() {
        byte[] bytes = AvroSerde.scoringJob().encode("nas.jobs", Samples.job());
        bytes[5] ^= 0x55;
        assertThatThrownBy(() -> AvroSerde.scoringJob().decode("nas.jobs", bytes))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("unknown schema fingerprint 0x")
                .hasMessageContaining("for ScoringJob")
                .hasMessageContaining("upgrade nasscore-schemas")
                .extracting(e -> ((BadRecordException) e).reason()).isEqualTo(BadRecordException.Reason.UNKNOWN_SCHEMA);
    }

    @Test
    void aRecordOfAnotherTypeOnTheWrongTopicIsNamed() {
        byte[] bytes = AvroSerde.scoreRecord().encode("nas.scores", Samples.scoreRecord());
        assertThatThrownBy(() -> AvroSerde.scoringJob().decode("nas.jobs", bytes))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("that is ScoreRecord v2, not a ScoringJob");
    }

    @Test
    void truncatedOrTrailingBodiesAreCorrupt() {
        byte[] bytes = AvroSerde.scoringJob().encode("nas.jobs", Samples.job());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 5);
        assertThatThrownBy(() -> AvroSerde.scoringJob().decode("nas.jobs", truncated))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("corrupt ScoringJob v1 body")
                .extracting(e -> ((BadRecordException) e).reason()).isEqualTo(BadRecordException.Reason.CORRUPT_BODY);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> AvroSerde.scoringJob().decode("nas.jobs", longer))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("3 trailing byte(s)");
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(AvroSerde.scoreRecord().serializer().serialize("nas.scores", null)).isNull();
        assertThat(AvroSerde.scoreRecord().deserializer().deserialize("nas.scores", null)).isNull();
    }

    @Test
    void theHeadersVariantOfTheDeserializerWorks() {
        byte[] bytes = AvroSerde.groundTruth().encode("nas.ground-truth", Samples.groundTruth());
        assertThat(AvroSerde.groundTruth().deserializer().deserialize("nas.ground-truth", new RecordHeaders(), bytes))
                .isEqualTo(Samples.groundTruth());
        assertThat(AvroSerde.groundTruth().deserializer()
                .deserialize("nas.ground-truth", new RecordHeaders(), ByteBuffer.wrap(bytes)))
                .isEqualTo(Samples.groundTruth());
    }

    @Test
    void anIncompleteRecordFailsToEncodeWithTheTopicInTheMessage() {
        GroundTruth broken = new GroundTruth();
        assertThatThrownBy(() -> AvroSerde.groundTruth().encode("nas.ground-truth", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic nas.ground-truth: cannot encode GroundTruth");
    }

    @Test
    void serdesKnowEveryReleasedVersion() {
        for (AvroSerde<?> s : List.of(AvroSerde.scoringJob(), AvroSerde.scoreRecord(), AvroSerde.groundTruth(),
                AvroSerde.scoreQuality())) {
            List<Schema> versions = ReleasedSchemas.versions(s.schema().getName());
            for (Schema v : versions) assertThat(s.knownFingerprints()).containsKey(ReleasedSchemas.fingerprint(v));
        }
    }

    // ------------------------------------------------------------------ helpers (also used by CompatibilityTest)

    /** A specific record re-read as a generic record of another (compatible) schema. */
    static GenericData.Record toGeneric(SpecificRecord value, Schema target) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            @SuppressWarnings("unchecked")
            SpecificDatumWriter<SpecificRecord> w = new SpecificDatumWriter<>((Class<SpecificRecord>) value.getClass());
            w.write(value, enc);
            enc.flush();
            GenericDatumReader<GenericData.Record> r = new GenericDatumReader<>(value.getSchema(), target, GenericData.get());
            return r.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Single-object encoding of a generic record with a given writer schema (what a non-Java team does). */
    static byte[] encodeGeneric(GenericRecord rec, Schema writer) {
        try {
            return toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(rec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer encodeWithGeneratedEncoder(GroundTruth g) {
        try {
            return GroundTruth.getEncoder().encode(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
