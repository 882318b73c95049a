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
