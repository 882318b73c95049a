package io.nasscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreName;
import io.nasscore.schemas.avro.GroundTruth;
import io.nasscore.schemas.avro.ScoreQuality;
import io.nasscore.schemas.avro.ScoreRecord;
import io.nasscore.schemas.avro.ScoringJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The version-file scheme of schemas/README.md, and the contract's conventions. */
class ReleasedSchemasTest {
    static final Path AVRO = Path.of("src/main/avro");
    static final Map<String, Schema> GENERATED = Map.of(
            "ScoringJob", ScoringJob.getClassSchema(), "ScoreRecord", ScoreRecord.getClassSchema(),
            "GroundTruth", GroundTruth.getClassSchema(), "ScoreQuality", ScoreQuality.getClassSchema());

    static Stream<String> records() { return ReleasedSchemas.RECORDS.stream(); }

    @Test
    void sourceFoldersAreExactlyTheRecordsPlusCurrent() throws IOException {
        TreeSet<String> dirs = new TreeSet<>();
        try (Stream<Path> s = Files.list(AVRO)) { s.forEach(p -> dirs.add(p.getFileName().toString())); }
        TreeSet<String> expected = new TreeSet<>(ReleasedSchemas.RECORDS);
        expected.add("current");
        assertThat(dirs).isEqualTo(expected);
        TreeSet<String> current = new TreeSet<>();
        try (Stream<Path> s = Files.list(AVRO.resolve("current"))) { s.forEach(p -> current.add(p.getFileName().toString())); }
        assertThat(current).containsExactlyInAnyOrderElementsOf(ReleasedSchemas.RECORDS.stream().map(r -> r + ".avsc").toList());
    }

    @ParameterizedTest
    @MethodSource("records")
    void versionsAreNumberedWithoutGapsAndAllShipInTheJar(String record) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(AVRO.resolve(record))) { s.forEach(p -> files.add(p.getFileName().toString())); }
        int n = files.size();
        List<String> expected = new ArrayList<>();
        for (int v = 1; v <= n; v++) expected.add("v" + v + ".avsc");
        assertThat(files).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ReleasedSchemas.versions(record)).hasSize(n);
    }

    @ParameterizedTest
    @MethodSource("records")
    void currentIsAByteIdenticalCopyOfTheNewestVersion(String record) throws IOException {
        int n = ReleasedSchemas.versions(record).size();
        byte[] newest = Files.readAllBytes(AVRO.resolve(record).resolve("v" + n + ".avsc"));
        byte[] current = Files.readAllBytes(AVRO.resolve("current").resolve(record + ".avsc"));
        assertThat(current).as("current/%s.avsc must equal %s/v%d.avsc", record, record, n).isEqualTo(newest);
    }

    @ParameterizedTest
    @MethodSource("records")
    void generatedClassIsTheNewestVersion(String record) {
        Schema generated = GENERATED.get(record);
        Schema latest = ReleasedSchemas.latest(record);
        assertThat(ReleasedSchemas.fingerprint(generated)).isEqualTo(ReleasedSchemas.fingerprint(latest));
        assertThat(generated.getFullName()).isEqualTo("io.nasscore.schemas.avro." + record);
        assertThat(ReleasedSchemas.describe(ReleasedSchemas.fingerprint(latest)))
                .contains(record + " v" + ReleasedSchemas.versions(record).size());
    }

    @ParameterizedTest
    @MethodSource("records")
    void everyRecordAndFieldIsDocumented(String record) {
        for (Schema v : ReleasedSchemas.versions(record)) assertDocumented(v, record);
    }

    @Test
    void theSharedScoringConfigIsDefinedIdenticallyInJobAndScore() {
        Schema inJob = ReleasedSchemas.latest("ScoringJob").getField("config").schema();
        Schema inScore = ReleasedSchemas.latest("ScoreRecord").getField("config").schema();
        assertThat(inJob.getFullName()).isEqualTo("io.nasscore.schemas.avro.ScoringConfig");
        assertThat(inScore).isEqualTo(inJob);
        assertThat(inJob.toString()).isEqualTo(inScore.toString());
    }

    @Test
    void scoreRecordHasTheTwelveScoresAsNullableDoublesAndOneTimePerPass() {
        Schema s = ReleasedSchemas.latest("ScoreRecord");
        for (ScoreName n : ScoreName.values()) {
            Schema.Field f = s.getField(n.column());
            assertThat(f).as(n.column()).isNotNull();
            assertThat(f.schema().getType()).isEqualTo(Schema.Type.UNION);
            assertThat(f.schema().getTypes()).extracting(Schema::getType).containsExactly(Schema.Type.NULL, Schema.Type.DOUBLE);
            assertThat(f.hasDefaultValue()).isTrue();
        }
        for (Pass p : Pass.values()) assertThat(s.getField(Convert.passField(p))).as(p.label()).isNotNull();
    }

    private static void assertDocumented(Schema s, String where) {
        switch (s.getType()) {
            case RECORD -> {
                assertThat(s.getDoc()).as("doc of record %s", where).isNotBlank();
                for (Schema.Field f : s.getFields()) {
                    assertThat(f.doc()).as("doc of field %s.%s", where, f.name()).isNotBlank();
                    assertDocumented(f.schema(), where + "." + f.name());
                }
            }
            case UNION -> s.getTypes().forEach(t -> assertDocumented(t, where));
            case ARRAY -> assertDocumented(s.getElementType(), where);
            case MAP -> assertDocumented(s.getValueType(), where);
            default -> { }
        }
    }
}
