package io.nasscore.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real embedded stack: a KRaft broker with working transactions, a durable password-protected PostgreSQL, both
 * on loopback only, and data kept across a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedStackTest {

    private static final String TOPIC = "stack-test";

    @TempDir static Path dataDir;
    static EmbeddedStack stack;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.builder(dataDir).kafkaPort(0).postgresPort(0).start();
        System.out.printf("embedded stack first start: %d ms (Kafka %d ms, PostgreSQL %d ms incl. initdb)%n",
                stack.startTime().toMillis(), stack.kafkaStartTime().toMillis(), stack.postgresStartTime().toMillis());
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    @Test
    @Order(1)
    void transactionsWorkAndReadCommittedSeesOnlyCommittedRecords() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> p = producer("stack-test-tx")) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(TOPIC, "k1", "committed-1"));
            p.commitTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>(TOPIC, "k2", "aborted"));
            p.flush();
            p.abortTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>(TOPIC, "k3", "committed-2"));
            p.commitTransaction();
        }
        try (KafkaConsumer<String, String> c = consumer("group-a")) {
            assertThat(poll(c, 2)).containsExactly("committed-1", "committed-2");
            c.commitSync();
        }
    }

    @Test
    @Order(2)
    void postgresHasTheNasscoreDatabase() throws Exception {
        assertThat(stack.jdbcUrl()).startsWith("jdbc:postgresql://localhost:").endsWith("/nasscore");
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO kept VALUES (1, 'survives a restart')");
            try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("nasscore");
            }
        }
    }

    @Test
    @Order(3)
    void theStateFileTellsOtherCommandsAndASecondStackIsRefused() {
        StackState st = StackState.find(dataDir).orElseThrow();
        assertThat(st.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(st.bootstrapServers()).isEqualTo(stack.bootstrapServers());
        assertThat(st.jdbcUrl()).isEqualTo(stack.jdbcUrl());
        assertThatThrownBy(() -> EmbeddedStack.builder(dataDir).kafkaPort(0).postgresPort(0).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already runs on data dir");
    }

    @Test
    @Order(4)
    void aRestartOnTheSameDataDirKeepsPostgresRowsKafkaRecordsAndCommittedOffsets() throws Exception {
        Path meta = dataDir.resolve("kafka/data/meta.properties");
        String metaBefore = Files.readString(meta);
        stack.close();
        assertThat(StackState.file(dataDir)).doesNotExist();

        stack = EmbeddedStack.builder(dataDir).kafkaPort(0).postgresPort(0).start();
        System.out.printf("embedded stack restart: %d ms (Kafka %d ms, PostgreSQL %d ms)%n",
                stack.startTime().toMillis(), stack.kafkaStartTime().toMillis(), stack.postgresStartTime().toMillis());
        assertThat(Files.readString(meta)).isEqualTo(metaBefore);

        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT note FROM kept WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survives a restart");
        }

        // a new transaction after the restart (the transaction coordinator reloaded its state)
        try (KafkaProducer<String, String> p = producer("stack-test-tx")) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(TOPIC, "k4", "after-restart"));
            p.commitTransaction();
        }
        // the group's committed offsets survived: it reads only the new record
        try (KafkaConsumer<String, String> c = consumer("group-a")) {
            assertThat(poll(c, 1)).containsExactly("after-restart");
        }
        // the log survived: a new group reads everything committed
        try (KafkaConsumer<String, String> c = consumer("group-b")) {
            assertThat(poll(c, 3)).containsExactly("committed-1", "committed-2", "after-restart");
        }
    }

    @Test
    void everyListenerOfKafkaAndPostgresIsOnTheLoopbackInterface() throws Exception {
        Properties server = new Properties();
        try (Reader r = Files.newBufferedReader(dataDir.resolve("kafka").resolve(BrokerConfig.FILE_NAME))) {
            server.load(r);
        }
        List<Integer> ports = new ArrayList<>();
        Matcher m = Pattern.compile(":(\\d+)").matcher(server.getProperty("listeners"));
        while (m.find()) ports.add(Integer.parseInt(m.group(1)));
        assertThat(ports).as("client, broker and controller listeners").hasSize(3);
        ports.add(Integer.parseInt(stack.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1")));
        for (int port : ports) {
            List<ListeningSockets.Listener> listening = ListeningSockets.on(port);
            assertThat(listening).as("sockets listening on port " + port).isNotEmpty()
                    .allSatisfy(l -> assertThat(l.address().isLoopbackAddress()).as(l.toString()).isTrue());
        }
    }

    @Test
    void postgresIsDurableAndRequiresAPassword() throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
                Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
        assertThatThrownBy(() -> DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), "wrong").close())
                .hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), "").close())
                .isInstanceOf(java.sql.SQLException.class);
        assertThat(Files.getPosixFilePermissions(stack.credentialsFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    private static KafkaProducer<String, String> producer(String txId) {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("bootstrap.servers", stack.bootstrapServers());
        cfg.put("transactional.id", txId);
        cfg.put("enable.idempotence", true);
        return new KafkaProducer<>(cfg, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("bootstrap.servers", stack.bootstrapServers());
        cfg.put("group.id", group);
        cfg.put("auto.offset.reset", "earliest");
        cfg.put("enable.auto.commit", false);
        cfg.put("isolation.level", "read_committed");
        KafkaConsumer<String, String> c = new KafkaConsumer<>(cfg, new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(TOPIC));
        return c;
    }

    /** Polls until {@code n} values arrived (30 s at most), then a little longer to catch extra ones. */
    private static List<String> poll(KafkaConsumer<String, String> c, int n) {
        List<String> values = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.size() < n && System.nanoTime() < end) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) values.add(r.value());
        }
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(300))) values.add(r.value());
        return values;
    }
}
