package io.nasscore.ops;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A service's health as named checks, each answering {@code null} when fine or a one-line reason when not.
 * Live: the process's loop is alive (a failing liveness check asks the orchestrator to restart it). Ready: it can do
 * its work now (every liveness check and every readiness check passes). Checks run on every request: they must be
 * cheap and must not block (read flags and timestamps the service keeps, never call a broker or a database).
 */
public final class Health {
    /** One check: {@code null} when fine, else why not, on one line. */
    @FunctionalInterface
    public interface Check {
        String problem();
    }

    // sorted by name: the reason reported is stable when several checks fail
    private final Map<String, Check> live = new ConcurrentSkipListMap<>();
    private final Map<String, Check> ready = new ConcurrentSkipListMap<>();
    // not ready until the service has registered its checks: an endpoint that starts first must not answer "ok"
    private volatile boolean started;

    /** The service has registered its checks: from now on they alone decide readiness. */
    public Health started() {
        started = true;
        return this;
    }

    /** Adds (or replaces) a liveness check; it also counts for readiness. */
    public Health live(String name, Check check) {
        live.put(name, check);
        return this;
    }

    /** Adds (or replaces) a readiness check. */
    public Health ready(String name, Check check) {
        ready.put(name, check);
        return this;
    }

    /** Removes the checks of that name (a component that stopped). */
    public void remove(String name) {
        live.remove(name);
        ready.remove(name);
    }

    /** Why the process is not live, or empty when it is. */
    public Optional<String> notLive() {
        return first(live);
    }

    /** Why the process is not ready, or empty when it is. */
    public Optional<String> notReady() {
        Optional<String> l = first(live);
        if (l.isPresent()) return l;
        if (!started) return Optional.of("starting");
        return first(ready);
    }

    private static Optional<String> first(Map<String, Check> checks) {
        for (Map.Entry<String, Check> e : checks.entrySet()) {
            String p;
            try {
                p = e.getValue().problem();
            } catch (RuntimeException ex) {
                p = "check failed: " + ex;
            }
            if (p != null) return Optional.of(e.getKey() + ": " + oneLine(p));
        }
        return Optional.empty();
    }

    static String oneLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
