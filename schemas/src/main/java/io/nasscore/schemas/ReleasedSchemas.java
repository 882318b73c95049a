package io.nasscore.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every released version of every record, read from the jar ({@code nasscore/avro/<Name>/v<N>.avsc}, copied
 * from {@code schemas/src/main/avro/<Name>/v<N>.avsc}). Versions are numbered from 1 without gaps; the highest
 * one is the version the generated class was compiled from. Each file is self-contained (no references to
 * other files), so a subscriber can parse it alone.
 */
public final class ReleasedSchemas {

    /** Class-path folder of the released files. */
    public static final String RESOURCE_ROOT = "nasscore/avro/";

    /** The records of the contract, in topic order. */
    public static final List<String> RECORDS = List.of("ScoringJob", "ScoreRecord", "GroundTruth", "ScoreQuality");

    private static final Map<String, List<Schema>> VERSIONS = new LinkedHashMap<>();
    private static final Map<Long, String> BY_FINGERPRINT = new LinkedHashMap<>();

    static {
        for (String record : RECORDS) {
            List<Schema> versions = load(record);
            VERSIONS.put(record, versions);
            for (int v = 0; v < versions.size(); v++) {
                BY_FINGERPRINT.putIfAbsent(fingerprint(versions.get(v)), record + " v" + (v + 1));
            }
        }
    }

    private ReleasedSchemas() {}

    /** v1..vN of a record (index 0 = v1); throws when the record is unknown. */
    public static List<Schema> versions(String record) {
        List<Schema> v = VERSIONS.get(record);
        if (v == null) {
            throw new IllegalArgumentException("unknown record '" + record + "': expected one of " + RECORDS);
        }
        return v;
    }

    /** The newest released version of a record. */
    public static Schema latest(String record) {
        List<Schema> v = versions(record);
        return v.get(v.size() - 1);
    }

    /** The class-path resource of one released version, e.g. {@code nasscore/avro/ScoringJob/v1.avsc}. */
    public static String resource(String record, int version) {
        return RESOURCE_ROOT + record + "/v" + version + ".avsc";
    }

    /** The CRC-64-AVRO fingerprint of the schema's parsing canonical form: what single-object encoding writes. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** Which released record version has this fingerprint, e.g. "ScoreRecord v1". */
    public static Optional<String> describe(long fingerprint) {
        return Optional.ofNullable(BY_FINGERPRINT.get(fingerprint));
    }

    private static List<Schema> load(String record) {
        List<Schema> out = new ArrayList<>();
        ClassLoader cl = ReleasedSchemas.class.getClassLoader();
        for (int v = 1; ; v++) {
            String path = resource(record, v);
            try (InputStream in = cl.getResourceAsStream(path)) {
                if (in == null) break;
                out.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + path, e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no released schema for " + record + " on the class path (expected "
                    + resource(record, 1) + ")");
        }
        return Collections.unmodifiableList(out);
    }
}
