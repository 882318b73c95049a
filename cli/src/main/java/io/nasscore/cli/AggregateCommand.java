package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.schemas.TopicCatalogue;
import io.nasscore.aggregator.Aggregator;
import io.nasscore.aggregator.AggregatorConfig;
import io.nasscore.schemas.TopicSetup;
import io.nasscore.sink.SinkConfig;
import io.nasscore.stack.EmbeddedStack;
import io.nasscore.ops.Endpoint;
import io.nasscore.ops.Ops;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "aggregate", description = {
        "Run the aggregator: the Kafka Streams application that keeps the rolling score-quality tables "
                + "(nas.score-quality), and the sink that persists scores, ground truth and tables to PostgreSQL "
                + "(the same as `nasscore sink`; --no-sink leaves it out).",
        "Runs until SIGTERM/Ctrl-C; exits 1 with the reason if Kafka Streams stops by itself (ERROR)."})
final class AggregateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConnectionOptions conn;
    @Mixin TopicOptions topicOptions;

    @Mixin LogOptions logOptions;

    @Mixin MetricsOption metrics;

    @Option(names = "--window", defaultValue = "1000", paramLabel = "W", description = "size of the last-<W> window, >= 1 (default: ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--recompute-every", defaultValue = "1s", paramLabel = "DURATION",
            description = "how often dirty tables are recomputed, e.g. 500ms, 2s (default: ${DEFAULT-VALUE})")
    Duration recomputeEvery;

    @Option(names = "--app-id", defaultValue = AggregatorConfig.DEFAULT_APPLICATION_ID, description = "Kafka Streams application id (default: ${DEFAULT-VALUE})")
    String appId;

    @Option(names = "--no-sink", description = "run the Streams application only, without PostgreSQL (run `nasscore sink` "
            + "beside it to persist the topics)")
    boolean noSink;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--window", window, 1);
        TopicCatalogue topics = topicOptions.catalogue(conn);
        AggregatorConfig cfg = AggregatorConfig.defaults()
                .withCatalogue(topics)
                .withApplicationId(topics.qualify(appId))
                .withWindowSize(window)
                .withRecomputeInterval(recomputeEvery)
                .withStateDir(conn.dataDir().resolve("streams"));
        Endpoint endpoint = metrics.endpoint();
        ServiceOutput out = logOptions.output(spec.commandLine().getOut(), "aggregate");
        try (StopSignal signal = new StopSignal("aggregate");
             Ops ops = metrics.start(endpoint, out);
             EmbeddedStack stack = conn.startMissing(true, !noSink);
             HikariDataSource ds = noSink ? null : conn.dataSource();
             Aggregator aggregator = new Aggregator(conn.bootstrapServers(), conn.kafkaConfig(), cfg, ds, SinkConfig.of(topics))) {
            TopicSetup.ensure(conn.kafkaConfig(), topics);
            if (ops.enabled()) {
                aggregator.bindTo(ops.registry(), ops.health());
                ops.health().started();
            }
            // a Streams client that died stays up doing nothing: exit, for the supervisor to restart the process
            aggregator.failed().thenAccept(signal::fail);
            aggregator.start();
            out.printf(Locale.ROOT, "aggregator %s: Kafka %s%s, window last-%d, recompute every %d ms; Ctrl-C to stop%n",
                    appId, conn.bootstrapServers(), noSink ? ", no sink" : ", PostgreSQL " + conn.jdbcUrl(), window,
                    cfg.recomputeInterval().toMillis());
            out.flush();
            String failure = signal.await();
            if (failure != null) {
                spec.commandLine().getErr().println("aggregate: " + failure);
                spec.commandLine().getErr().flush();
                return 1;
            }
            out.println("aggregator: stopping");
            out.flush();
        }
        return 0;
    }
}
