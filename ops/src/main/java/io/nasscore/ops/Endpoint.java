package io.nasscore.ops;

import java.util.Locale;

/**
 * Where the metrics and health endpoint listens: {@code PORT} (on the loopback interface) or {@code ADDRESS:PORT}
 * ({@code 0.0.0.0:9404} for a container whose port is scraped from outside). Port 0 picks a free port.
 */
public record Endpoint(String host, int port) {
    public static final String LOOPBACK = "127.0.0.1";

    public Endpoint {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        if (host == null || host.isBlank()) throw new IllegalArgumentException("empty address");
    }

    /**
     * Parses {@code PORT}, {@code ADDRESS:PORT} or {@code [IPv6]:PORT}.
     *
     * @param option the option name, for the message
     * @throws IllegalArgumentException naming the option and the value when it is not one of those
     */
    public static Endpoint parse(String option, String value) {
        String v = value == null ? "" : value.trim();
        String host = LOOPBACK;
        String port = v;
        int colon = v.lastIndexOf(':');
        if (colon >= 0) {
            host = v.substring(0, colon);
            port = v.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        }
        try {
            int p = Integer.parseInt(port);
            return new Endpoint(host, p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: bad value '%s': expected PORT or ADDRESS:PORT with a port in 0..65535 (e.g. 9404 or 0.0.0.0:9404)",
                    option, value));
        }
    }

    @Override public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
