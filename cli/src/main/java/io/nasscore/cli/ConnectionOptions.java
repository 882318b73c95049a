package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.sink.Database;
import io.nasscore.stack.DbCredentials;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.stack.StackState;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where a command finds Kafka and PostgreSQL; a picocli mixin ({@code @Mixin ConnectionOptions conn;}).
 *
 * <p>Resolution, for Kafka and for PostgreSQL separately:
 * <ol>
 *   <li>explicit settings, each from its flag, else its environment variable, else the {@code --config} file
 *       ({@link Settings}): {@code --bootstrap-servers} (else {@code bootstrap.servers} in the client config file),
 *       {@code --jdbc-url};</li>
 *   <li>else a running stack ({@code nasscore up}, or a {@code demo}) found through
 *       {@code <data-dir>/stack.properties};</li>
 *   <li>else an embedded stack the command starts in-process: {@link #needsEmbeddedKafka()} and
 *       {@link #needsEmbeddedPostgres()} say whether one is needed, {@link #startMissing(boolean, boolean)} starts
 *       the missing parts (on {@code --data-dir}, {@code --kafka-port}, {@code --pg-port}) and the resolved
 *       addresses then point at it.</li>
 * </ol>
 * The data directory, ports and database user resolve the same way; the password has no flag (it would show in
 * the process list): {@code $NASSCORE_DB_PASSWORD}, else {@code db.password} in the config file, else (embedded
 * database) the user's password kept in {@code <data-dir>/credentials.properties}, else postgres.
 *
 * <p>Typical use:
 * <pre>{@code
 * try (EmbeddedStack stack = conn.startMissing(true, true)) {   // null when nothing had to be started
 *     Map<String, Object> kafka = conn.kafkaConfig();
 *     try (HikariDataSource db = conn.dataSource()) { ... }
 * }
 * }</pre>
 */
public final class ConnectionOptions {

    // no picocli defaults below: a flag left out must be told apart from one given, for Settings' precedence

    @Option(names = "--config", paramLabel = "FILE",
            description = "a properties file of settings (keys in docs/configuration.md; default: $NASSCORE_CONFIG); "
                    + "flags, then NASSCORE_* environment variables, win over it")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka to connect to (env NASSCORE_BOOTSTRAP_SERVERS; default: the running `nasscore up` of the data dir, else an embedded broker)")
    String bootstrapServers;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Kafka client properties (SASL/TLS...) merged into every Kafka client's config (env NASSCORE_CLIENT_CONFIG)")
    Path clientConfig;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "PostgreSQL to connect to, e.g. jdbc:postgresql://db:5432/nasscore (env NASSCORE_JDBC_URL; default: the running stack, else the embedded one)")
    String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "USER",
            description = "database user (env NASSCORE_DB_USER; default: postgres); the password comes from $NASSCORE_DB_PASSWORD, the config file, else the data dir's credentials.properties")
    String dbUser;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where the embedded stack keeps its data, its stack.properties and the logs (env NASSCORE_DATA_DIR; default: "
                    + EmbeddedStack.DEFAULT_DATA_DIR + ")")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT",
            description = "client port of an embedded Kafka broker this command starts (env NASSCORE_KAFKA_PORT; default: "
                    + EmbeddedStack.DEFAULT_KAFKA_PORT + "; 0 = any free port)")
    Integer kafkaPort;

    @Option(names = "--pg-port", paramLabel = "PORT",
            description = "port of an embedded PostgreSQL this command starts (env NASSCORE_PG_PORT; default: "
                    + EmbeddedStack.DEFAULT_POSTGRES_PORT + "; 0 = any free port)")
    Integer pgPort;

    /** The environment; tests replace it. */
    Map<String, String> env = System.getenv();

    private Settings settings;
    private EmbeddedStack inProcess;
    private Optional<StackState> running;
    private Properties clientProps;

    // ---------------------------------------------------------------- where things are

    /** Flag, environment and config file, in that order ({@link Settings}). */
    Settings settings() {
        if (settings == null) settings = new Settings(env, configFile);
        return settings;
    }

    public Path dataDir() {
        return settings().resolve(Settings.Key.DATA_DIR, dataDir == null ? null : dataDir.toString())
                .map(v -> Path.of(v.value())).orElse(Path.of(EmbeddedStack.DEFAULT_DATA_DIR));
    }

    int kafkaPort() {
        int p = settings().resolveInt(Settings.Key.KAFKA_PORT, kafkaPort).orElse(EmbeddedStack.DEFAULT_KAFKA_PORT);
        OptionChecks.port("--kafka-port", p);
        return p;
    }

    int pgPort() {
        int p = settings().resolveInt(Settings.Key.PG_PORT, pgPort).orElse(EmbeddedStack.DEFAULT_POSTGRES_PORT);
        OptionChecks.port("--pg-port", p);
        return p;
    }

    /**
     * The connection flags given on this command line, to repeat in the hints a command prints (" --data-dir d
     * --jdbc-url u"); settings from the environment or the config file apply to the next command by themselves.
     */
    String hintFlags() {
        StringBuilder b = new StringBuilder();
        if (configFile != null) b.append(" --config ").append(shell(configFile.toString()));
        if (dataDir != null) b.append(" --data-dir ").append(shell(dataDir.toString()));
        if (jdbcUrl != null) b.append(" --jdbc-url ").append(shell(jdbcUrl));
        if (dbUser != null) b.append(" --db-user ").append(shell(dbUser));
        return b.toString();
    }

    private static String shell(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** The live stack found through {@code <data-dir>/stack.properties} (looked up once). */
    public Optional<StackState> runningStack() {
        if (running == null) running = StackState.find(dataDir());
        return running;
    }

    /** True when Kafka is neither given by flags nor running: the command must start an embedded broker. */
    public boolean needsEmbeddedKafka() {
        return explicitBootstrapServers() == null && runningStack().filter(StackState::hasKafka).isEmpty()
                && (inProcess == null || !inProcess.hasKafka());
    }

    /** True when PostgreSQL is neither given by flags nor running: the command must start an embedded server. */
    public boolean needsEmbeddedPostgres() {
        return explicitJdbcUrl().isEmpty() && runningStack().filter(StackState::hasPostgres).isEmpty()
                && (inProcess == null || !inProcess.hasPostgres());
    }

    /**
     * Starts, in this process, the embedded parts that are needed and missing (see the class comment); the
     * resolved addresses then point at them. The caller closes the returned stack.
     *
     * @param kafka    whether the command uses Kafka
     * @param postgres whether the command uses PostgreSQL
     * @return the started stack, or null when nothing had to be started (fine in try-with-resources)
     */
    public EmbeddedStack startMissing(boolean kafka, boolean postgres) {
        boolean k = kafka && needsEmbeddedKafka();
        boolean p = postgres && needsEmbeddedPostgres();
        if (!k && !p) return null;
        if (inProcess != null) throw new IllegalStateException("an embedded stack was already started by this command");
        try {
            inProcess = stackBuilder().kafka(k).postgres(p).start();
        } catch (NoClassDefFoundError e) {
            // a release's `worker` runs without lib/stack/ (bin/nasscore): it must be told where Kafka is
            throw new IllegalArgumentException("no " + (k ? "Kafka" : "PostgreSQL") + " to connect to, and this command's "
                    + "classpath has no embedded stack to start one (" + e.getMessage() + "): give "
                    + (k ? "--bootstrap-servers HOST:PORT" : "--jdbc-url URL") + " or NASSCORE_" + (k ? "BOOTSTRAP_SERVERS" : "JDBC_URL"));
        }
        return inProcess;
    }

    /** A builder for an embedded stack on these options' data directory, ports, user and password. */
    public EmbeddedStack.Builder stackBuilder() {
        return EmbeddedStack.builder(dataDir()).kafkaPort(kafkaPort()).postgresPort(pgPort()).dbUser(dbUser());
    }

    // ---------------------------------------------------------------- Kafka

    /**
     * The resolved bootstrap servers.
     *
     * @throws IllegalStateException when there is no Kafka to connect to (start one with {@link #startMissing})
     */
    public String bootstrapServers() {
        String explicit = explicitBootstrapServers();
        if (explicit != null) return explicit;
        if (inProcess != null && inProcess.hasKafka()) return inProcess.bootstrapServers();
        Optional<StackState> s = runningStack().filter(StackState::hasKafka);
        if (s.isPresent()) return s.get().bootstrapServers();
        throw new IllegalStateException("no Kafka to connect to: give --bootstrap-servers, or start the embedded stack with `nasscore up`"
                + " (looked for it in " + dataDir() + ")");
    }

    /** Config for any Kafka client: the {@code --client-config} file, then {@code bootstrap.servers}. */
    public Map<String, Object> kafkaConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        clientProperties().forEach((k, v) -> m.put(k.toString(), v));
        m.put("bootstrap.servers", bootstrapServers());
        return m;
    }

    /** {@link #kafkaConfig()} as Properties (Kafka Streams takes those). */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(kafkaConfig());
        return p;
    }

    private String explicitBootstrapServers() {
        Optional<Settings.Value> v = settings().resolve(Settings.Key.BOOTSTRAP_SERVERS, bootstrapServers);
        if (v.isPresent()) return v.get().value();
        String fromFile = clientProperties().getProperty("bootstrap.servers");
        return blank(fromFile) ? null : fromFile.trim();
    }

    private Properties clientProperties() {
        if (clientProps == null) {
            Properties p = new Properties();
            Optional<Settings.Value> file = settings().resolve(Settings.Key.CLIENT_CONFIG, clientConfig == null ? null : clientConfig.toString());
            if (file.isPresent()) {
                try (Reader r = Files.newBufferedReader(Path.of(file.get().value()), StandardCharsets.UTF_8)) {
                    p.load(r);
                } catch (IOException | IllegalArgumentException e) {
                    String why = e instanceof java.nio.file.NoSuchFileException ? "file not found"
                            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    String from = file.get().source().startsWith("--") ? "" : " (from " + file.get().source() + ")";
                    throw new IllegalArgumentException("cannot read --client-config " + file.get().value() + from + ": " + why);
                }
            }
            clientProps = p;
        }
        return clientProps;
    }

    // ---------------------------------------------------------------- PostgreSQL

    /**
     * The resolved JDBC URL.
     *
     * @throws IllegalStateException when there is no PostgreSQL to connect to (start one with {@link #startMissing})
     */
    public String jdbcUrl() {
        Optional<String> explicit = explicitJdbcUrl();
        if (explicit.isPresent()) return explicit.get();
        if (inProcess != null && inProcess.hasPostgres()) return inProcess.jdbcUrl();
        Optional<StackState> s = runningStack().filter(StackState::hasPostgres);
        if (s.isPresent()) return s.get().jdbcUrl();
        throw new IllegalStateException("no PostgreSQL to connect to: give --jdbc-url, or start the embedded stack with `nasscore up`"
                + " (looked for it in " + dataDir() + ")");
    }

    private Optional<String> explicitJdbcUrl() {
        return settings().resolve(Settings.Key.JDBC_URL, jdbcUrl).map(Settings.Value::value);
    }

    public String dbUser() {
        return settings().resolve(Settings.Key.DB_USER, dbUser).map(Settings.Value::value).orElse(EmbeddedStack.DEFAULT_DB_USER);
    }

    /**
     * {@code $NASSCORE_DB_PASSWORD}, else {@code db.password} in the config file (never a flag: it would show in the
     * process list); else, for the embedded database of the data directory (no --jdbc-url, or the one its running
     * stack advertises), the user's password kept in the data directory's credentials file; else postgres.
     */
    public String dbPassword() {
        Optional<String> given = settings().resolve(Settings.Key.DB_PASSWORD, null).map(Settings.Value::value);
        if (given.isPresent()) return given.get();
        Optional<String> url = explicitJdbcUrl();
        if (url.isEmpty() || runningStack().map(StackState::jdbcUrl).filter(url.get().trim()::equals).isPresent()) {
            Optional<String> kept = DbCredentials.read(dataDir()).flatMap(c -> c.password(dbUser()));
            if (kept.isPresent()) return kept.get();
        }
        return EmbeddedStack.DEFAULT_DB_PASSWORD;
    }

    /** A pooled data source on the resolved database; the caller closes it. */
    public HikariDataSource dataSource() {
        return Database.dataSource(jdbcUrl(), dbUser(), dbPassword());
    }

    /**
     * One plain connection on the resolved database; the caller closes it.
     *
     * @throws SQLException with the driver's message when the database cannot be reached or refuses the login
     */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", dbUser());
        p.setProperty("password", dbPassword());
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
