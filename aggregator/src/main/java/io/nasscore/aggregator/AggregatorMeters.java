package io.nasscore.aggregator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.nasscore.ops.Health;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The aggregator's meters and health checks (docs/operations.md): the Kafka Streams binder (the topology's own
 * counters among its metrics), the Streams state, and the checks: live while Streams has not failed, ready while it
 * is RUNNING. The sink, when there is one, binds its own ({@code SinkService.bindTo}: ready while it can write).
 */
final class AggregatorMeters implements AutoCloseable {
    static final String STATE = "nasscore.aggregator.streams.state";

    private final KafkaStreamsMetrics streamsMetrics;

    AggregatorMeters(Aggregator aggregator, MeterRegistry registry, Health health) {
        KafkaStreams streams = aggregator.streams();
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            Gauge.builder(STATE, streams, k -> k.state() == s ? 1 : 0).tag("state", s.name())
                    .description("1 for the Kafka Streams client's current state, 0 for the others").register(registry);
        }
        health.live("streams", () -> aggregator.failure().orElse(null));
        health.ready("streams", () -> {
            KafkaStreams.State s = streams.state();
            return s == KafkaStreams.State.RUNNING ? null : "Kafka Streams is " + s;
        });
    }

    @Override
    public void close() {
        streamsMetrics.close();
    }
}
