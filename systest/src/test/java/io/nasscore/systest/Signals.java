package io.nasscore.systest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** POSIX signals to processes by pid ({@code kill -SIG pid}); the JDK only sends TERM and KILL. */
final class Signals {
    private Signals() {}

    static void send(String signal, long... pids) {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
        for (long pid : pids) cmd.add(Long.toString(pid));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + new String(p.getInputStream().readAllBytes()).trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending " + signal);
        }
    }

    /** The process and all its descendants' pids (PostgreSQL's postmaster and its backends). */
    static long[] tree(ProcessHandle root) {
        List<Long> pids = new ArrayList<>();
        pids.add(root.pid());
        root.descendants().forEach(h -> pids.add(h.pid()));
        return pids.stream().mapToLong(Long::longValue).toArray();
    }
}
