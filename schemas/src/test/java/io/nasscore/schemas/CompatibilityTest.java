package io.nasscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.schemas.avro.ScoringJob;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pair of released versions of a record must be mutually compatible: backward (the newer reads the
 * older) and forward (the older reads the newer). The synthetic v2s below prove that the check bites.
 */
class CompatibilityTest {

    static Stream<String> records() { return ReleasedSchemas.RECORDS.stream(); }

    static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    @ParameterizedTest
    @MethodSource("records")
    void everyPairOfReleasedVersionsIsBackwardAndForwardCompatible(String record) {
        List<Schema> versions = ReleasedSchemas.versions(record);
        for (int i = 0; i < versions.size(); i++) {
            for (int j = 0; j < versions.size(); j++) {
                assertThat(canRead(versions.get(i), versions.get(j)))
                        .as("%s v%d must read data written with v%d: %s", record, i + 1, j + 1,
                                SchemaCompatibility.checkReaderWriterCompatibility(versions.get(i), versions.get(j)).getResult())
                        .isTrue();
            }
        }
    }

    @Test
    void v2AddingAFieldWithADefaultPassesBothWays() {
        Schema v2 = withField(new Schema.Field("priority", Schema.create(Schema.Type.INT), "Scheduling priority.", 0));
        for (Schema released : ReleasedSchemas.versions("ScoringJob")) {
            assertThat(canRead(v2, released)).as("backward").isTrue();
            assertThat(canRead(released, v2)).as("forward").isTrue();
        }
    }

    @Test
    void v2AddingAFieldWithoutADefaultFailsBackward() {
        Schema v2 = withField(new Schema.Field("priority", Schema.create(Schema.Type.INT), "Scheduling priority."));
        Schema v1 = ReleasedSchemas.versions("ScoringJob").get(0);
        assertThat(canRead(v2, v1)).as("backward: v2 cannot read v1 data, priority has no default").isFalse();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getResult().getIncompatibilities())
                .anySatisfy(i -> assertThat(i.getMessage()).contains("priority"));
        assertThat(canRead(v1, v2)).as("forward still holds: old readers skip the new field").isTrue();
    }

    @Test
    void v2ChangingAFieldTypeFails() {
        Schema v2 = mapFields(f -> f.name().equals("archIndex")
                ? new Schema.Field("archIndex", Schema.create(Schema.Type.STRING), f.doc()) : copy(f));
        Schema v1 = ReleasedSchemas.versions("ScoringJob").get(0);
        assertThat(canRead(v2, v1)).as("backward").isFalse();
        assertThat(canRead(v1, v2)).as("forward").isFalse();
    }

    @Test
    void v2RemovingAFieldWithoutADefaultFailsForward() {
        Schema v2 = mapFields(f -> f.name().equals("experiment") ? null : copy(f));
        Schema v1 = ReleasedSchemas.versions("ScoringJob").get(0);
        assertThat(canRead(v2, v1)).as("backward: the new reader ignores the old field").isTrue();
        assertThat(canRead(v1, v2)).as("forward: old readers need experiment").isFalse();
    }

    @Test
    void aReaderHoldingACompatibleV2ReadsItIntoTheCurrentClassAndTheReleasedOneRejectsIt() {
        Schema v2 = withField(new Schema.Field("priority", Schema.create(Schema.Type.INT), "Scheduling priority.", 0));
        org.apache.avro.generic.GenericData.Record rec = AvroSerdeTest.toGeneric(Samples.job(), v2);
        rec.put("priority", 5);
        byte[] bytes = AvroSerdeTest.encodeGeneric(rec, v2);

        List<Schema> known = new ArrayList<>(ReleasedSchemas.versions("ScoringJob"));
        known.add(v2);
        AvroSerde<ScoringJob> upgraded = new AvroSerde<>(ScoringJob.class, known);
        assertThat(upgraded.decode("nas.jobs", bytes)).isEqualTo(Samples.job());

        assertThatThrownBy(() -> AvroSerde.scoringJob().decode("nas.jobs", bytes))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("unknown schema fingerprint");
    }

    /**
     * ScoreRecord v2 (the proxies, their passes' times, proxyRaw) against v1 with real bytes: a v1 reader (an old
     * consumer) reads a v2 record with proxies and keeps every v1 field; v1 bytes decode into the current class
     * with every proxy, new time and proxyRaw null; the current serde reads both.
     */
    @Test
    void scoreRecordV2WithProxiesAndV1ReadEachOther() throws java.io.IOException {
        Schema v1 = ReleasedSchemas.versions("ScoreRecord").get(0);
        Schema v2 = ReleasedSchemas.versions("ScoreRecord").get(1);
        java.util.Map<io.nasscore.core.score.ScoreName, Double> scores = new java.util.EnumMap<>(Samples.result().scores());
        scores.put(io.nasscore.core.score.ScoreName.NWOT, 731.5);
        scores.put(io.nasscore.core.score.ScoreName.GRAD_NORM, Double.NEGATIVE_INFINITY);
        java.util.Map<io.nasscore.core.score.Pass, Double> passes = new java.util.EnumMap<>(Samples.result().passMillis());
        passes.put(io.nasscore.core.score.Pass.SYNFLOW, 12.5);
        io.nasscore.core.score.ScoreResult base = Samples.result();
        io.nasscore.core.score.ScoreResult withProxies = new io.nasscore.core.score.ScoreResult(base.arch(), base.config(),
                scores, base.jsRaw(), base.weightTensors(), base.degenerateRows(), base.degenerateTensors(),
                base.inputDegenerate(), base.params(), passes, base.similarityMillis(), base.totalMillis(), base.device(),
                java.util.Map.of(io.nasscore.core.score.ScoreName.GRAD_NORM, 0.0));
        io.nasscore.schemas.avro.ScoreRecord rec = Convert.scoreRecord(Samples.job(), withProxies, "w", "e", Samples.AT);

        // an old consumer: v1 reader schema resolving v2 bytes
        byte[] v2Body = body(AvroSerdeTest.toGeneric(rec, v2), v2);
        org.apache.avro.generic.GenericRecord old = new org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord>(v2, v1)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(v2Body, null));
        assertThat(old.getSchema().getField("nwot")).isNull();
        assertThat(old.get("JS")).isEqualTo(0.998);
        assertThat(old.get("cleanMillis")).isEqualTo(41.5);
        assertThat(old.get("archIndex")).isEqualTo(rec.getArchIndex());

        // a new consumer reading what an old worker wrote
        io.nasscore.schemas.avro.ScoreRecord v1Rec = Samples.scoreRecord();
        byte[] v1Bytes = AvroSerdeTest.encodeGeneric(AvroSerdeTest.toGeneric(v1Rec, v1), v1);
        io.nasscore.schemas.avro.ScoreRecord read = AvroSerde.scoreRecord().decode("nas.scores", v1Bytes);
        assertThat(read.getNwot()).isNull();
        assertThat(read.getSynflowMillis()).isNull();
        assertThat(read.getProxyRaw()).isNull();
        assertThat(Convert.scoreResult(read).scores()).isEqualTo(Samples.result().scores());

        // and the current serde round-trips the proxies, −∞ and the raw value kept
        io.nasscore.schemas.avro.ScoreRecord back = AvroSerde.scoreRecord().decode("nas.scores",
                AvroSerde.scoreRecord().encode("nas.scores", rec));
        io.nasscore.core.score.ScoreResult r = Convert.scoreResult(back);
        assertThat(r.scores()).isEqualTo(scores);
        assertThat(r.passMillis()).isEqualTo(passes);
        assertThat(r.proxyRaw()).containsExactly(java.util.Map.entry(io.nasscore.core.score.ScoreName.GRAD_NORM, 0.0));
        assertThat(back.getGradNorm()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    private static byte[] body(org.apache.avro.generic.GenericRecord rec, Schema writer) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder enc = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(writer).write(rec, enc);
        enc.flush();
        return out.toByteArray();
    }

    private static Schema withField(Schema.Field extra) {
        Schema v1 = ReleasedSchemas.latest("ScoringJob");
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : v1.getFields()) fields.add(copy(f));
        fields.add(extra);
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }

    private static Schema mapFields(UnaryOperator<Schema.Field> change) {
        Schema v1 = ReleasedSchemas.latest("ScoringJob");
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : v1.getFields()) {
            Schema.Field g = change.apply(f);
            if (g != null) fields.add(g);
        }
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }

    private static Schema.Field copy(Schema.Field f) { return new Schema.Field(f, f.schema()); }
}
