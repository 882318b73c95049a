package io.nasscore.cli;

import io.nasscore.ops.Endpoint;
import io.nasscore.ops.Ops;
import io.nasscore.ops.OpsServer;
import picocli.CommandLine.Option;

/**
 * The services' metrics and health endpoint (docs/operations.md); a picocli mixin ({@code @Mixin MetricsOption metrics;}).
 * Off unless given.
 */
final class MetricsOption {
    static final String NAME = "--metrics-port";

    @Option(names = NAME, paramLabel = "[ADDRESS:]PORT",
            description = "serve Prometheus metrics on /metrics and health on /health/live and /health/ready at this port "
                    + "(on 127.0.0.1 unless an ADDRESS is given: 0.0.0.0:9404 in a container; 0 picks a free port). Default: off")
    String metricsPort;

    /** Validates the option (exit 2 on a bad value), before the command touches anything. */
    Endpoint endpoint() {
        return metricsPort == null ? null : Endpoint.parse(NAME, metricsPort);
    }

    /** Starts the endpoint (or nothing, when the option is absent) and says where it listens. */
    Ops start(Endpoint endpoint, ServiceOutput out) {
        Ops ops = Ops.start(endpoint);
        ops.server().ifPresent(s -> {
            out.println("metrics: " + s.uri(OpsServer.METRICS) + ", health: " + s.uri(OpsServer.LIVE) + ", "
                    + s.uri(OpsServer.READY));
            out.flush();
        });
        return ops;
    }
}
