package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.aggregator.sink.Database;
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
 *   <li>explicit flags: {@code --bootstrap-servers} (or {@code bootstrap.servers} in the {@code --client-config}
 *       file), {@code --jdbc-url};</li>
 *   <li>else a running stack ({@code nasscore up}, or a {@code demo}) found through
 *       {@code <data-dir>/stack.properties};</li>
 *   <li>else an embedded stack the command starts in-process: {@link #needsEmbeddedKafka()} and
 *       {@link #needsEmbeddedPostgres()} say whether one is needed, {@link #startMissing(boolean, boolean)} starts
 *       the missing parts (on {@code --data-dir}, {@code --kafka-port}, {@code --pg-port}) and the resolved
 *       addresses then point at it.</li>
 * </ol>
 * The database user is {@code --db-user} (default {@code $NASSCORE_DB_USER}, else postgres); the password comes from
 * {@code $NASSCORE_DB_PASSWORD}, else (embedded database) from {@code <data-dir>/credentials.properties}.
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

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka to connect to (default: the running `nasscore up` stack of --data-dir, else an embedded broker)")
    String bootstrapServers;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Kafka client properties (SASL/TLS...) merged into every Kafka client's config")
    Path clientConfig;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "PostgreSQL to connect to, e.g. jdbc:postgresql://db:5432/nasscore (default: the running stack, else the embedded one)")
    String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:NASSCORE_DB_USER:-postgres}",
            description = "database user (default: $NASSCORE_DB_USER, else postgres); the password comes from $NASSCORE_DB_PASSWORD, else the data dir's credentials.properties")
    String dbUser;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = EmbeddedStack.DEFAULT_DATA_DIR,
            description = "where the embedded stack keeps its data and its stack.properties (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "" + EmbeddedStack.DEFAULT_KAFKA_PORT,
            description = "client port of an embedded Kafka broker this command starts (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int kafkaPort;

    @Option(names = "--pg-port", paramLabel = "PORT", defaultValue = "" + EmbeddedStack.DEFAULT_POSTGRES_PORT,
            description = "port of an embedded PostgreSQL this command starts (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int pgPort;

    private EmbeddedStack inProcess;
    private Optional<StackState> running;
    private Properties clientProps;

    // ---------------------------------------------------------------- where things are

    public Path dataDir() {
        return dataDir == null ? Path.of(EmbeddedStack.DEFAULT_DATA_DIR) : dataDir;
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
        return blank(jdbcUrl) && runningStack().filter(StackState::hasPostgres).isEmpty()
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
        inProcess = stackBuilder().kafka(k).postgres(p).start();
        return inProcess;
    }

    /** A builder for an embedded stack on these options' data directory, ports, user and password. */
    public EmbeddedStack.Builder stackBuilder() {
        return EmbeddedStack.builder(dataDir()).kafkaPort(kafkaPort).postgresPort(pgPort).dbUser(dbUser());
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
                + (dataDir == null ? "" : " (looked for it in " + dataDir() + ")"));
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
        if (!blank(bootstrapServers)) return bootstrapServers.trim();
        String fromFile = clientProperties().getProperty("bootstrap.servers");
        return blank(fromFile) ? null : fromFile.trim();
    }

    private Properties clientProperties() {
        if (clientProps == null) {
            Properties p = new Properties();
            if (clientConfig != null) {
                try (Reader r = Files.newBufferedReader(clientConfig, StandardCharsets.UTF_8)) {
                    p.load(r);
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("cannot read --client-config " + clientConfig + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
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
        if (!blank(jdbcUrl)) return jdbcUrl.trim();
        if (inProcess != null && inProcess.hasPostgres()) return inProcess.jdbcUrl();
        Optional<StackState> s = runningStack().filter(StackState::hasPostgres);
        if (s.isPresent()) return s.get().jdbcUrl();
        throw new IllegalStateException("no PostgreSQL to connect to: give --jdbc-url, or start the embedded stack with `nasscore up`"
                + (dataDir == null ? "" : " (looked for it in " + dataDir() + ")"));
    }

    public String dbUser() {
        return blank(dbUser) ? EmbeddedStack.DEFAULT_DB_USER : dbUser.trim();
    }

    /**
     * From {@code $NASSCORE_DB_PASSWORD} (never a flag: it would show in the process list); else, for the embedded
     * database of the data directory (no {@code --jdbc-url}, or the one its running stack advertises), the user's
     * password kept in the data directory's credentials file; else postgres.
     */
    public String dbPassword() {
        String p = System.getenv(EmbeddedStack.ENV_DB_PASSWORD);
        if (p != null) return p;
        if (blank(jdbcUrl) || runningStack().map(StackState::jdbcUrl).filter(jdbcUrl.trim()::equals).isPresent()) {
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
