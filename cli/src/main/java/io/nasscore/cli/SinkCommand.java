package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.schemas.TopicSetup;
import io.nasscore.ops.Endpoint;
import io.nasscore.ops.Ops;
import io.nasscore.sink.SinkConfig;
import io.nasscore.sink.SinkService;
import io.nasscore.stack.EmbeddedStack;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sink", description = {
        "Run the PostgreSQL sink alone: persists nas.scores, nas.ground-truth, nas.score-quality, nas.jobs and nas.jobs.dlq to PostgreSQL, "
                + "exactly once (its positions are stored with the rows, in sink_offsets), migrating the schema first.",
        "For a deployment that runs the aggregator with `aggregate --no-sink`. Runs until SIGTERM/Ctrl-C; while "
                + "PostgreSQL is away it waits and resumes by itself (not ready on /health/ready meanwhile)."})
final class SinkCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConnectionOptions conn;

    @Mixin LogOptions logOptions;

    @Mixin MetricsOption metrics;

    @Mixin TopicOptions topicOptions;

    @Option(names = "--group", defaultValue = SinkConfig.DEFAULT_GROUP, paramLabel = "ID",
            description = "consumer group, also the key of the sink's rows in sink_offsets (default: ${DEFAULT-VALUE}); "
                    + "`submit` looks up the default group's positions")
    String group;

    @Override
    public Integer call() throws Exception {
        TopicCatalogue topics = topicOptions.catalogue(conn);
        SinkConfig config = SinkConfig.of(topics).withGroupId(topics.qualify(group));
        Endpoint endpoint = metrics.endpoint();
        ServiceOutput out = logOptions.output(spec.commandLine().getOut(), "sink");
        try (StopSignal signal = new StopSignal("sink");
             Ops ops = metrics.start(endpoint, out);
             EmbeddedStack stack = conn.startMissing(true, true);
             HikariDataSource ds = conn.dataSource();
             SinkService sink = new SinkService(conn.bootstrapServers(), conn.kafkaConfig(), ds, config)) {
            TopicSetup.ensure(conn.kafkaConfig(), topics);
            if (ops.enabled()) {
                sink.bindTo(ops.registry(), ops.health());
                ops.health().started();
            }
            sink.start();
            out.printf(Locale.ROOT, "sink %s: Kafka %s, PostgreSQL %s; Ctrl-C to stop%n", config.groupId(), conn.bootstrapServers(),
                    conn.jdbcUrl());
            out.flush();
            signal.await();
            out.println("sink: stopping");
            out.flush();
        }
        return 0;
    }
}
