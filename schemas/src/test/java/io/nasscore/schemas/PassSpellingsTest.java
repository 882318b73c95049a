package io.nasscore.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.score.Pass;
import io.nasscore.core.table.ScoresCsv;
import io.nasscore.schemas.avro.ScoreRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Every pass has its four spellings from {@link Pass} alone, and each is the name the format really uses: the report
 * label, the scores CSV column (plus the old CSV spelling, read only), the SQL column of the {@code scores} table
 * (Flyway migrations in ../sql, never renamed in place) and the ScoreRecord Avro field (released, never renamed).
 */
class PassSpellingsTest {

    @Test
    void everyPassHasFourDistinctSpellingsThatRoundTrip() {
        Set<String> seen = new HashSet<>();
        for (Pass p : Pass.values()) {
            for (String s : List.of(p.label(), p.column(), p.avroField())) {
                assertThat(s).as(p.name()).isNotBlank();
                assertThat(seen.add(s)).as("%s: %s is used by another pass", p, s).isTrue();
            }
            assertThat(Pass.ofColumn(p.column())).contains(p);
            assertThat(Pass.ofColumn(p.legacyCsvColumn())).contains(p);
            assertThat(Convert.passField(p)).isEqualTo(p.avroField());
        }
        assertThat(Pass.NOISE_0_1.label()).isEqualTo("noise0.1");
        assertThat(Pass.NOISE_0_1.column()).isEqualTo("noise0_1_ms");
        assertThat(Pass.NOISE_0_1.legacyCsvColumn()).isEqualTo("noise0.1_ms");
        assertThat(Pass.NOISE_0_1.avroField()).isEqualTo("noise0_1Millis");
        assertThat(Pass.ofColumn("similarity_ms")).isEmpty();
    }

    @Test
    void theCsvHeaderTheAvroSchemaAndTheSqlTableUseThem() throws Exception {
        Schema record = ScoreRecord.getClassSchema();
        String sql;
        try (Stream<Path> files = Files.list(Path.of("../sink/src/main/resources/db/migration"))) {
            StringBuilder b = new StringBuilder();
            for (Path f : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) b.append(Files.readString(f));
            sql = b.toString();
        }
        for (Pass p : Pass.values()) {
            assertThat(ScoresCsv.HEADER).as("CSV").contains(p.column());
            if (!p.legacyCsvColumn().equals(p.column())) assertThat(ScoresCsv.HEADER).as("CSV").doesNotContain(p.legacyCsvColumn());
            assertThat(record.getField(p.avroField())).as("Avro field %s", p.avroField()).isNotNull();
            assertThat(Pattern.compile("(?m)^\\s*(ADD COLUMN\\s+)?" + Pattern.quote(p.column()) + "\\s+double precision").matcher(sql).find())
                    .as("SQL column %s", p.column()).isTrue();
        }
    }
}
