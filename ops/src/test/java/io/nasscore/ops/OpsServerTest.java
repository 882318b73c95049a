package io.nasscore.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OpsServerTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesPrometheusTextWithTheJvmMetricsAndTheHealthWithItsReason() throws Exception {
        AtomicReference<String> db = new AtomicReference<>("PostgreSQL unreachable: connection refused");
        try (Ops ops = Ops.start(new Endpoint(Endpoint.LOOPBACK, 0))) {
            OpsServer server = ops.server().orElseThrow();
            Counter c = Counter.builder("nasscore.test.things").register(ops.registry());
            c.increment(3);
            assertThat(get(server.uri(OpsServer.READY)).body()).as("until the service says it registered its checks")
                    .isEqualTo("starting\n");
            ops.health().ready("sink", db::get).live("loop", () -> null).started();

            HttpResponse<String> m = get(server.uri(OpsServer.METRICS));
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.headers().firstValue("Content-Type")).hasValue(OpsServer.PROMETHEUS_TEXT);
            assertThat(m.body()).contains("nasscore_test_things_total 3.0").contains("jvm_memory_used_bytes")
                    .contains("jvm_threads_live_threads").contains("process_cpu_usage");

            assertThat(get(server.uri(OpsServer.LIVE)).statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(server.uri(OpsServer.READY));
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("sink: PostgreSQL unreachable: connection refused\n");

            db.set(null);
            HttpResponse<String> ready = get(server.uri(OpsServer.READY));
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ok\n");

            ops.health().live("loop", () -> "no poll for 20 min\nsecond line");
            HttpResponse<String> dead = get(server.uri(OpsServer.READY));
            assertThat(dead.statusCode()).as("not live is not ready").isEqualTo(503);
            assertThat(dead.body()).isEqualTo("loop: no poll for 20 min\n");
            assertThat(get(server.uri(OpsServer.LIVE)).statusCode()).isEqualTo(503);
            assertThat(get(server.uri("/other")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void bindsTheLoopbackInterfaceByDefault() {
        try (Ops ops = Ops.start(Endpoint.parse("--metrics-port", "0"))) {
            assertThat(ops.server().orElseThrow().uri("/").getHost()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void badEndpointsAreOneLineErrorsNamingTheOption() {
        assertThat(Endpoint.parse("--metrics-port", "0.0.0.0:9404")).isEqualTo(new Endpoint("0.0.0.0", 9404));
        assertThat(Endpoint.parse("--metrics-port", "[::1]:9404")).isEqualTo(new Endpoint("::1", 9404));
        for (String bad : new String[] {"abc", "70000", "-1", "host:", ":x", ""}) {
            assertThatThrownBy(() -> Endpoint.parse("--metrics-port", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--metrics-port: bad value '" + bad + "'");
        }
    }

    @Test
    void aPortInUseIsAnErrorNamingTheEndpoint() {
        try (Ops first = Ops.start(new Endpoint(Endpoint.LOOPBACK, 0))) {
            int port = first.server().orElseThrow().port();
            assertThatThrownBy(() -> Ops.start(new Endpoint(Endpoint.LOOPBACK, port)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("metrics endpoint 127.0.0.1:" + port + ": cannot listen");
        }
    }

    @Test
    void disabledAcceptsMetersAndListensNowhere() {
        try (Ops ops = Ops.disabled()) {
            Counter.builder("nasscore.test.things").register(ops.registry()).increment();
            assertThat(ops.server()).isEmpty();
            assertThat(ops.enabled()).isFalse();
        }
    }
}
