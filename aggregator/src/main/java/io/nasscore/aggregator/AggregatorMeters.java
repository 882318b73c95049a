package io.nasscore.aggregator;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.nasscore.sink.PostgresSink;
import io.nasscore.sink.SinkMetrics;
import io.nasscore.ops.Health;
import javax.sql.DataSource;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The aggregator's meters and health checks (docs/operations.md): the Kafka Streams binder (the topology's own
 * counters among its metrics), the Streams state, the sink's meters, the Hikari pool's, and the checks: live while
 * Streams has not failed, ready while it is RUNNING and the sink can write.
 */
final class AggregatorMeters implements AutoCloseable {
    static final String STATE = "nasscore.aggregator.streams.state";

    private final KafkaStreamsMetrics streamsMetrics;
    private final SinkMetrics sinkMetrics;

    AggregatorMeters(Aggregator aggregator, DataSource ds, MeterRegistry registry, Health health) {
        KafkaStreams streams = aggregator.streams();
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            Gauge.builder(STATE, streams, k -> k.state() == s ? 1 : 0).tag("state", s.name())
                    .description("1 for the Kafka Streams client's current state, 0 for the others").register(registry);
        }
        PostgresSink sink = aggregator.sink().orElse(null);
        this.sinkMetrics = sink == null ? null : SinkMetrics.bind(sink, registry);
        if (ds instanceof HikariDataSource h && h.getMetricsTrackerFactory() == null && h.getMetricRegistry() == null) {
            h.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        health.live("streams", () -> aggregator.failure().orElse(null));
        health.ready("streams", () -> {
            KafkaStreams.State s = streams.state();
            return s == KafkaStreams.State.RUNNING ? null : "Kafka Streams is " + s;
        });
        if (sink != null) health.ready("sink", sink::notReady);
    }

    @Override
    public void close() {
        streamsMetrics.close();
        if (sinkMetrics != null) sinkMetrics.close();
    }
}
