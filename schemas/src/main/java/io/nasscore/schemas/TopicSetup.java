package io.nasscore.schemas;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * What every component that talks to Kafka does first (submit, worker, aggregate, truth load, demo): create the
 * pipeline's topics of a {@link TopicCatalogue} when missing, sized to the cluster it reaches. Not a command's job, so that
 * commands do not call each other for it.
 */
public final class TopicSetup {
    private TopicSetup() {}

    /**
     * Creates the pipeline's topics when missing, with a replication factor of min(3, brokers): 1 on the embedded
     * single-node stack, 3 on a real cluster. Existing topics are left as they are.
     *
     * @param kafka the client configuration (bootstrap.servers and any security settings)
     * @throws IllegalStateException when the cluster cannot be reached, naming its address
     */
    public static void ensure(Map<String, Object> kafka) {
        ensure(kafka, Topics.DEFAULT);
    }

    /** {@link #ensure(Map)} for the topics of {@code topics} (a prefixed catalogue: {@code --topic-prefix}). */
    public static void ensure(Map<String, Object> kafka, TopicCatalogue topics) {
        try (Admin admin = Admin.create(kafka)) {
            int brokers;
            try {
                brokers = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting to Kafka at " + kafka.get("bootstrap.servers"));
            } catch (Exception e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                throw new IllegalStateException("cannot reach Kafka at " + kafka.get("bootstrap.servers") + ": "
                        + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()));
            }
            topics.createAll(admin, Topics.defaultReplicationFactor(brokers), Duration.ofSeconds(60));
        }
    }
}
