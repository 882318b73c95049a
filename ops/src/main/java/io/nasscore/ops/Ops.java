package io.nasscore.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * The metrics and health of one service process: a Prometheus registry with the JVM binders (memory, GC, threads,
 * class loading, CPU, file descriptors, uptime), the {@link Health} checks, and the {@link OpsServer} serving both.
 * Without an endpoint ({@link #disabled()}) the registry records nothing and nothing listens.
 *
 * <pre>
 * try (Ops ops = Ops.start(Endpoint.parse("--metrics-port", "9404"))) {
 *     service.bindMetrics(ops.registry(), ops.health());
 *     ...
 * }
 * </pre>
 */
public final class Ops implements AutoCloseable {
    private final MeterRegistry registry;
    private final Health health;
    private final OpsServer server;
    private final JvmGcMetrics gc;

    private Ops(MeterRegistry registry, Health health, OpsServer server, JvmGcMetrics gc) {
        this.registry = registry;
        this.health = health;
        this.server = server;
        this.gc = gc;
    }

    /** No endpoint: meters are accepted and discarded, health is kept but not served. */
    public static Ops disabled() {
        return new Ops(new CompositeMeterRegistry(), new Health(), null, null);
    }

    /** The endpoint on {@code endpoint}, or {@link #disabled()} when it is null. */
    public static Ops start(Endpoint endpoint) {
        if (endpoint == null) return disabled();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        Health health = new Health();
        try {
            return new Ops(registry, health, OpsServer.start(endpoint, registry, health), gc);
        } catch (RuntimeException e) {
            gc.close();
            registry.close();
            throw e;
        }
    }

    public MeterRegistry registry() { return registry; }

    public Health health() { return health; }

    /** Whether an endpoint serves the registry and the health (else binding meters is wasted work). */
    public boolean enabled() { return server != null; }

    /** The server, when enabled. */
    public Optional<OpsServer> server() { return Optional.ofNullable(server); }

    @Override
    public void close() {
        if (server != null) server.close();
        if (gc != null) gc.close();
        registry.close();
    }
}
