package io.nasscore.cli;

import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.Topics;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The topic prefix of the commands that touch the pipeline's topics; a picocli mixin
 * ({@code @Mixin TopicOptions topicOptions;}) next to {@link ConnectionOptions}, whose {@link Settings} give its
 * precedence: {@code --topic-prefix}, else {@code $NASSCORE_TOPIC_PREFIX}, else {@code topic.prefix} in the config file.
 */
final class TopicOptions {

    @Option(names = "--topic-prefix", paramLabel = "PREFIX",
            description = "run in the namespace PREFIX on the cluster: topics PREFIXnas.jobs..., and the consumer groups, "
                    + "transactional ids and Streams application id prefixed the same, so that several pipelines (teams, "
                    + "environments) share one cluster (env NASSCORE_TOPIC_PREFIX; default: none)")
    String topicPrefix;

    /** The catalogue of the resolved prefix; a bad prefix is an error naming where it came from. */
    TopicCatalogue catalogue(ConnectionOptions conn) {
        Optional<Settings.Value> v = conn.settings().resolve(Settings.Key.TOPIC_PREFIX, topicPrefix);
        if (v.isEmpty()) return Topics.DEFAULT;
        try {
            return Topics.withPrefix(v.get().value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(v.get().source() + ": " + e.getMessage());
        }
    }
}
