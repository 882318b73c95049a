package io.nasscore.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Where a setting comes from, in this order: the command-line flag, the environment variable, the configuration
 * file ({@code --config FILE}, else {@code $NASSCORE_CONFIG}). The one home of that precedence; what comes after
 * it for Kafka and PostgreSQL (a running {@code nasscore up} in the data directory, then an in-process stack) is
 * {@link ConnectionOptions}'. docs/configuration.md lists the keys.
 */
final class Settings {

    /** Every setting that is not only a flag: its flag, environment variable and configuration-file key. */
    enum Key {
        BOOTSTRAP_SERVERS("--bootstrap-servers", "bootstrap.servers"),
        CLIENT_CONFIG("--client-config", "client.config"),
        JDBC_URL("--jdbc-url", "jdbc.url"),
        DB_USER("--db-user", "db.user"),
        /** No flag on purpose: a password on the command line shows in the process list. */
        DB_PASSWORD(null, "db.password"),
        DATA_DIR("--data-dir", "data.dir"),
        KAFKA_PORT("--kafka-port", "kafka.port"),
        PG_PORT("--pg-port", "pg.port"),
        LOG_FORMAT("--log-format", "log.format"),
        TOPIC_PREFIX("--topic-prefix", "topic.prefix");

        final String flag;
        final String fileKey;

        Key(String flag, String fileKey) {
            this.flag = flag;
            this.fileKey = fileKey;
        }

        /** NASSCORE_ and the file key in capitals, dots as underscores: NASSCORE_BOOTSTRAP_SERVERS. */
        String env() {
            return "NASSCORE_" + fileKey.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
        }
    }

    static final String ENV_CONFIG = "NASSCORE_CONFIG";

    /** A resolved value and where it came from, for messages: "--jdbc-url", "$NASSCORE_JDBC_URL", "jdbc.url in FILE". */
    record Value(String value, String source) {}

    private final Map<String, String> env;
    private final Path file;
    private final String fileSource;
    private Properties fileProps;

    /**
     * @param env        the environment (System.getenv() outside tests)
     * @param configFlag {@code --config}, or null
     */
    Settings(Map<String, String> env, Path configFlag) {
        this.env = env;
        String fromEnv = env.get(ENV_CONFIG);
        if (configFlag != null) {
            file = configFlag;
            fileSource = "--config " + configFlag;
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            file = Path.of(fromEnv.trim());
            fileSource = "$" + ENV_CONFIG + " " + file;
        } else {
            file = null;
            fileSource = null;
        }
    }

    /** The value of {@code key}: {@code flag} when given, else the environment, else the configuration file. */
    Optional<Value> resolve(Key key, String flag) {
        if (!blank(flag)) return Optional.of(new Value(flag.trim(), key.flag));
        String e = env.get(key.env());
        if (!blank(e)) return Optional.of(new Value(e.trim(), "$" + key.env()));
        String f = fileProperties().getProperty(key.fileKey);
        if (!blank(f)) return Optional.of(new Value(f.trim(), key.fileKey + " in " + file));
        return Optional.empty();
    }

    /** An integer setting; a value that is not a number is an error naming where it came from. */
    Optional<Integer> resolveInt(Key key, Integer flag) {
        return resolve(key, flag == null ? null : flag.toString()).map(v -> {
            try {
                return Integer.valueOf(v.value());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(v.source() + ": '" + v.value() + "' is not a number");
            }
        });
    }

    /**
     * The configuration file's properties, read once; a missing or unreadable file, or a key this version does not
     * know (a typo would otherwise be ignored silently), is an error naming the file.
     */
    private Properties fileProperties() {
        if (fileProps != null) return fileProps;
        Properties p = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                String why = e instanceof java.nio.file.NoSuchFileException ? "file not found"
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new IllegalArgumentException("cannot read " + fileSource + ": " + why);
            }
            for (String k : p.stringPropertyNames()) {
                if (Arrays.stream(Key.values()).noneMatch(key -> key.fileKey.equals(k))) {
                    throw new IllegalArgumentException(fileSource + ": unknown key '" + k + "' (known: "
                            + Arrays.stream(Key.values()).map(key -> key.fileKey).collect(Collectors.joining(", ")) + ")");
                }
            }
        }
        fileProps = p;
        return p;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
