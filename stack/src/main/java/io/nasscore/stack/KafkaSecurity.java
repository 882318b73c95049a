package io.nasscore.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Secured mode of the embedded broker(s): every listener authenticates (SASL), and {@code StandardAuthorizer} lets
 * each principal do only what its component needs ({@link KafkaAcls}).
 *
 * <ul>
 *   <li>{@value BrokerConfig#CLIENT}: SASL/SCRAM-SHA-512, one principal per component ({@link #PRINCIPALS}); their
 *       SCRAM credentials are stored in the cluster metadata by {@link KafkaAcls#provision}.</li>
 *   <li>{@value BrokerConfig#BROKER} and {@value BrokerConfig#CONTROLLER}: SASL/PLAIN with one static principal,
 *       {@value #ADMIN}, the only super user (a controller cannot check SCRAM credentials it has not loaded yet).</li>
 * </ul>
 *
 * The passwords are generated once and kept in {@code <dir>/kafka-credentials.properties} (0600); each principal's
 * client configuration, for {@code --client-config}, is written to {@code <dir>/kafka-<principal>.properties} (0600).
 * No TLS: the listeners are on loopback, and the passwords cross only that.
 */
public final class KafkaSecurity {
    public static final String ADMIN = "admin";
    public static final String PRODUCER = "nasscore-producer";
    public static final String WORKER = "nasscore-worker";
    public static final String AGGREGATOR = "nasscore-aggregator";
    public static final String TEAM = "team";
    /** The principals that connect on the client listener. */
    public static final List<String> PRINCIPALS = List.of(PRODUCER, WORKER, AGGREGATOR, TEAM);
    public static final String MECHANISM = "SCRAM-SHA-512";
    static final String FILE_NAME = "kafka-credentials.properties";

    private final Map<String, String> passwords;

    private KafkaSecurity(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    /** The credentials kept in {@code dir}, the missing ones generated (and the file rewritten). */
    public static KafkaSecurity ensure(Path dir) throws IOException {
        Properties p = OwnerOnlyFile.read(dir.resolve(FILE_NAME)).orElseGet(Properties::new);
        Map<String, String> m = new TreeMap<>();
        boolean changed = false;
        for (String principal : allPrincipals()) {
            String pw = p.getProperty(principal + ".password");
            if (pw == null || pw.isBlank()) {
                pw = OwnerOnlyFile.newPassword();
                changed = true;
            }
            m.put(principal, pw);
        }
        KafkaSecurity s = new KafkaSecurity(m);
        if (changed) {
            Properties out = new Properties();
            m.forEach((k, v) -> out.setProperty(k + ".password", v));
            OwnerOnlyFile.write(dir.resolve(FILE_NAME), out, "passwords of the embedded Kafka's principals (nasscore); keep this file private");
        }
        return s;
    }

    private static List<String> allPrincipals() {
        List<String> all = new java.util.ArrayList<>(PRINCIPALS);
        all.add(0, ADMIN);
        return all;
    }

    public String password(String principal) {
        String pw = passwords.get(principal);
        if (pw == null) throw new IllegalArgumentException("no Kafka principal " + principal + " (known: " + passwords.keySet() + ")");
        return pw;
    }

    /** The broker settings of secured mode; they override BrokerConfig's PLAINTEXT listeners. */
    Map<String, String> brokerProperties() {
        String plainServer = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=\"" + password(ADMIN) + "\" user_" + ADMIN + "=\"" + password(ADMIN) + "\";";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("listener.security.protocol.map", BrokerConfig.CLIENT + ":SASL_PLAINTEXT," + BrokerConfig.BROKER + ":SASL_PLAINTEXT,"
                + BrokerConfig.CONTROLLER + ":SASL_PLAINTEXT");
        m.put("listener.name.client.sasl.enabled.mechanisms", MECHANISM);
        m.put("listener.name.client.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        m.put("listener.name.broker.sasl.enabled.mechanisms", "PLAIN");
        m.put("listener.name.broker.plain.sasl.jaas.config", plainServer);
        m.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        m.put("listener.name.controller.plain.sasl.jaas.config", plainServer);
        m.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        m.put("sasl.mechanism.controller.protocol", "PLAIN");
        m.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        m.put("super.users", "User:" + ADMIN);
        m.put("allow.everyone.if.no.acl.found", "false");
        return m;
    }

    /** Client settings of the super user, on a node's broker listener (to provision credentials and ACLs). */
    Map<String, Object> adminClientConfig(BrokerConfig.Node node) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bootstrap.servers", node.host() + ":" + node.brokerPort());
        m.put("security.protocol", "SASL_PLAINTEXT");
        m.put("sasl.mechanism", "PLAIN");
        m.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=\"" + password(ADMIN) + "\";");
        return m;
    }

    /** Client settings of a principal on the client listener, without bootstrap.servers (what {@code --client-config} takes). */
    public Properties clientProperties(String principal) {
        Properties p = new Properties();
        p.setProperty("security.protocol", "SASL_PLAINTEXT");
        p.setProperty("sasl.mechanism", MECHANISM);
        p.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + principal + "\" password=\"" + password(principal) + "\";");
        return p;
    }

    /** The file {@link #writeClientConfigs} writes for a principal. */
    public static Path clientConfigFile(Path dir, String principal) {
        return dir.resolve("kafka-" + principal + ".properties");
    }

    /** Writes each principal's {@code --client-config} file into {@code dir} (0600). */
    public void writeClientConfigs(Path dir) throws IOException {
        for (String principal : PRINCIPALS) {
            OwnerOnlyFile.write(clientConfigFile(dir, principal), clientProperties(principal),
                    "Kafka client settings of principal " + principal + " (nasscore --client-config); keep this file private");
        }
    }
}
