package io.nasscore.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each principal of {@link KafkaSecurity} may do, as {@code StandardAuthorizer} ACLs (everything else is
 * denied), and its SCRAM credentials:
 *
 * <table>
 *   <tr><th>principal</th><th>may</th></tr>
 *   <tr><td>{@value KafkaSecurity#PRODUCER} ({@code submit}, {@code truth load})</td><td>write nas.jobs and
 *       nas.ground-truth; read nas.scores and write it (submit re-publishes the records of already-scored jobs)</td></tr>
 *   <tr><td>{@value KafkaSecurity#WORKER}</td><td>read nas.jobs (group nasscore-workers) and nas.scores (reuse);
 *       write nas.scores and nas.jobs.dlq; transactional ids nasscore-worker-*</td></tr>
 *   <tr><td>{@value KafkaSecurity#AGGREGATOR} (Streams and the sink)</td><td>read every nas.* topic; write
 *       nas.score-quality and nas.aggregator.dlq; everything on its own topics, groups and transactional ids (prefix nasscore-aggregator),
 *       group nasscore-sink</td></tr>
 *   <tr><td>{@value KafkaSecurity#TEAM}</td><td>read nas.scores and nas.score-quality with groups team-*;
 *       nothing else</td></tr>
 * </table>
 *
 * Every component principal may also create the nas.* topics (each component makes sure they exist when it starts).
 */
public final class KafkaAcls {
    public static final String TEAM_GROUP_PREFIX = "team-";
    private static final String NAS_PREFIX = "nas.";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private KafkaAcls() {}

    /** The ACLs of secured mode. */
    public static List<AclBinding> bindings() {
        List<AclBinding> b = new ArrayList<>();
        for (String p : List.of(KafkaSecurity.PRODUCER, KafkaSecurity.WORKER, KafkaSecurity.AGGREGATOR)) {
            allow(b, p, topicPrefix(NAS_PREFIX), AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        }
        allow(b, KafkaSecurity.PRODUCER, topic("nas.jobs"), AclOperation.WRITE);
        allow(b, KafkaSecurity.PRODUCER, topic("nas.ground-truth"), AclOperation.WRITE);
        allow(b, KafkaSecurity.PRODUCER, topic("nas.scores"), AclOperation.READ, AclOperation.WRITE);

        allow(b, KafkaSecurity.WORKER, topic("nas.jobs"), AclOperation.READ);
        allow(b, KafkaSecurity.WORKER, topic("nas.scores"), AclOperation.READ, AclOperation.WRITE);
        allow(b, KafkaSecurity.WORKER, topic("nas.jobs.dlq"), AclOperation.WRITE);
        allow(b, KafkaSecurity.WORKER, new ResourcePattern(ResourceType.GROUP, "nasscore-workers", PatternType.LITERAL), AclOperation.READ);
        allow(b, KafkaSecurity.WORKER, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "nasscore-worker-", PatternType.PREFIXED),
                AclOperation.WRITE, AclOperation.DESCRIBE);

        allow(b, KafkaSecurity.AGGREGATOR, topicPrefix(NAS_PREFIX), AclOperation.READ);
        allow(b, KafkaSecurity.AGGREGATOR, topic("nas.score-quality"), AclOperation.WRITE);
        allow(b, KafkaSecurity.AGGREGATOR, topic("nas.aggregator.dlq"), AclOperation.WRITE);
        allow(b, KafkaSecurity.AGGREGATOR, topicPrefix("nasscore-aggregator"), AclOperation.ALL);
        allow(b, KafkaSecurity.AGGREGATOR, new ResourcePattern(ResourceType.GROUP, "nasscore-aggregator", PatternType.PREFIXED), AclOperation.ALL);
        allow(b, KafkaSecurity.AGGREGATOR, new ResourcePattern(ResourceType.GROUP, "nasscore-sink", PatternType.LITERAL), AclOperation.READ);
        allow(b, KafkaSecurity.AGGREGATOR, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "nasscore-aggregator", PatternType.PREFIXED),
                AclOperation.WRITE, AclOperation.DESCRIBE);

        allow(b, KafkaSecurity.TEAM, topic("nas.scores"), AclOperation.READ, AclOperation.DESCRIBE);
        allow(b, KafkaSecurity.TEAM, topic("nas.score-quality"), AclOperation.READ, AclOperation.DESCRIBE);
        allow(b, KafkaSecurity.TEAM, new ResourcePattern(ResourceType.GROUP, TEAM_GROUP_PREFIX, PatternType.PREFIXED), AclOperation.READ);
        return b;
    }

    /**
     * Stores every principal's SCRAM credential and the ACLs (both idempotent), as the super user, then waits until a
     * principal can log in on the client listener.
     */
    public static void provision(Map<String, Object> adminConfig, KafkaSecurity security, String clientBootstrap) {
        try (Admin admin = Admin.create(adminConfig)) {
            List<UserScramCredentialAlteration> creds = new ArrayList<>();
            for (String p : KafkaSecurity.PRINCIPALS) {
                creds.add(new UserScramCredentialUpsertion(p, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), security.password(p)));
            }
            admin.alterUserScramCredentials(creds).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            admin.createAcls(bindings()).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning Kafka credentials and ACLs");
        } catch (Exception e) {
            throw new IllegalStateException("cannot provision Kafka credentials and ACLs: " + e.getMessage(), e);
        }
        // the broker applies the new credentials from the metadata log a moment later
        Map<String, Object> team = new java.util.HashMap<>();
        security.clientProperties(KafkaSecurity.TEAM).forEach((k, v) -> team.put(k.toString(), v));
        team.put("bootstrap.servers", clientBootstrap);
        KafkaNode.awaitServing(team, TIMEOUT);
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern topicPrefix(String prefix) {
        return new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED);
    }

    private static void allow(List<AclBinding> out, String principal, ResourcePattern pattern, AclOperation... ops) {
        for (AclOperation op : ops) {
            out.add(new AclBinding(pattern, new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW)));
        }
    }
}
