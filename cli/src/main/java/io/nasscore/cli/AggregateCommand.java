package io.nasscore.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.nasscore.aggregator.Aggregator;
import io.nasscore.aggregator.AggregatorConfig;
import io.nasscore.aggregator.sink.SinkConfig;
import io.nasscore.stack.EmbeddedStack;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "aggregate", description = {
        "Run the aggregator: the Kafka Streams application that keeps the rolling score-quality tables "
                + "(nas.score-quality), and the sink that persists scores, ground truth and tables to PostgreSQL.",
        "Runs until SIGTERM/Ctrl-C."})
final class AggregateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConnectionOptions conn;

    @Option(names = "--window", defaultValue = "1000", paramLabel = "W", description = "size of the last-<W> window (default: ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--recompute-every", defaultValue = "1s", paramLabel = "DURATION",
            description = "how often dirty tables are recomputed, e.g. 500ms, 2s (default: ${DEFAULT-VALUE})")
    String recomputeEvery;

    @Option(names = "--app-id", defaultValue = AggregatorConfig.DEFAULT_APPLICATION_ID, description = "Kafka Streams application id (default: ${DEFAULT-VALUE})")
    String appId;

    @Option(names = "--no-sink", description = "run the Streams application only, without PostgreSQL")
    boolean noSink;

    @Override
    public Integer call() throws Exception {
        if (window < 1) throw new IllegalArgumentException("--window must be >= 1, got " + window);
        AggregatorConfig cfg = AggregatorConfig.defaults()
                .withApplicationId(appId)
                .withWindowSize(window)
                .withRecomputeInterval(parseDuration(recomputeEvery))
                .withStateDir(conn.dataDir().resolve("streams"));
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nasscore-aggregate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedStack stack = conn.startMissing(true, !noSink);
             HikariDataSource ds = noSink ? null : conn.dataSource();
             Aggregator aggregator = new Aggregator(conn.bootstrapServers(), conn.kafkaConfig(), cfg, ds, SinkConfig.defaults())) {
            SubmitCommand.ensureTopics(conn.kafkaConfig());
            aggregator.start();
            out.printf(Locale.ROOT, "aggregator %s: Kafka %s%s, window last-%d, recompute every %d ms; Ctrl-C to stop%n",
                    appId, conn.bootstrapServers(), noSink ? ", no sink" : ", PostgreSQL " + conn.jdbcUrl(), window,
                    cfg.recomputeInterval().toMillis());
            out.flush();
            stop.await();
            out.println("aggregator: stopping");
            out.flush();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /** 500ms, 2s, 1m, or ISO-8601 (PT2S). */
    static Duration parseDuration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) return Duration.parse(v.toUpperCase(Locale.ROOT));
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            if (v.endsWith("m")) return Duration.ofSeconds(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60));
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("bad duration '" + s + "': expected e.g. 500ms, 2s, 1m or PT2S");
    }
}
