package io.nasscore.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP endpoint of a service, on the JDK's server (one daemon thread: scrapes and probes are rare and quick):
 * {@code GET /metrics} (Prometheus text format), {@code GET /health/live} and {@code GET /health/ready} (200 "ok",
 * or 503 with the one-line reason).
 */
public final class OpsServer implements AutoCloseable {
    public static final String METRICS = "/metrics";
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds and starts; a port in use or an unknown address is a one-line error naming the endpoint. */
    public static OpsServer start(Endpoint endpoint, PrometheusMeterRegistry registry, Health health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(endpoint.host(), endpoint.port()), 16);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("metrics endpoint " + endpoint + ": cannot listen: " + e.getMessage(), e);
        }
        if (server.getAddress().isUnresolved()) {
            server.stop(0);
            throw new IllegalArgumentException("metrics endpoint " + endpoint + ": unknown address");
        }
        server.createContext(METRICS, ex -> handle(ex, () -> new Reply(200, PROMETHEUS_TEXT, registry.scrape())));
        server.createContext(LIVE, ex -> handle(ex, () -> status(health.notLive())));
        server.createContext(READY, ex -> handle(ex, () -> status(health.notReady())));
        server.createContext("/", ex -> handle(ex, () -> new Reply(404, "text/plain; charset=utf-8",
                "not found: try " + METRICS + ", " + LIVE + " or " + READY + "\n")));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nasscore-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new OpsServer(server, executor);
    }

    /** The port it listens on (the one picked when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address it listens on, as a URI to a path (for logs and tests). */
    public URI uri(String path) {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getHostString();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + a.getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Reply(int status, String contentType, String body) {}

    private interface Responder {
        Reply reply();
    }

    private static Reply status(Optional<String> problem) {
        return problem.map(p -> new Reply(503, "text/plain; charset=utf-8", p + "\n"))
                .orElseGet(() -> new Reply(200, "text/plain; charset=utf-8", "ok\n"));
    }

    private static void handle(HttpExchange ex, Responder responder) {
        try (ex) {
            Reply r;
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                r = new Reply(405, "text/plain; charset=utf-8", "method not allowed: use GET\n");
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
            } else {
                try {
                    r = responder.reply();
                } catch (RuntimeException e) {
                    r = new Reply(500, "text/plain; charset=utf-8", Health.oneLine(String.valueOf(e)) + "\n");
                }
            }
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", r.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                ex.sendResponseHeaders(r.status(), -1);
            } else {
                ex.sendResponseHeaders(r.status(), body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        } catch (UncheckedIOException e) {
            // same
        }
    }
}
