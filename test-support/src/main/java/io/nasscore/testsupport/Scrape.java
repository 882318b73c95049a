package io.nasscore.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/** Reads a service's metrics and health endpoint over HTTP, as Prometheus and a probe do. */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, String body) {}

    private Scrape() {}

    /** GET {@code base + path}. */
    public static Response get(URI base, String path) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + base.resolve(path) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The value of the first sample of {@code name} in a Prometheus text page whose labels contain every one of
     * {@code labels} (e.g. {@code reason="invalid-content"}); empty when there is none.
     */
    public static OptionalDouble value(String page, String name, String... labels) {
        for (String line : page.split("\n")) {
            if (line.startsWith("#")) continue;
            int sp = line.lastIndexOf(' ');
            if (sp < 0) continue;
            String series = line.substring(0, sp);
            int brace = series.indexOf('{');
            String metric = brace < 0 ? series : series.substring(0, brace);
            if (!metric.equals(name)) continue;
            boolean all = true;
            for (String l : labels) all &= series.contains(l);
            if (all) return OptionalDouble.of(Double.parseDouble(line.substring(sp + 1)));
        }
        return OptionalDouble.empty();
    }

    /** GETs {@code base + path} until {@code until} holds, or fails after {@code timeout} with the last answer. */
    public static Response await(URI base, String path, Duration timeout, Predicate<Response> until) {
        long end = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < end) {
            last = get(base, path);
            if (until.test(last)) return last;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("GET " + base.resolve(path) + " did not reach the expected answer in " + timeout
                + "; last: " + (last == null ? "none" : last.status() + " " + abbreviate(last.body())));
    }

    private static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
