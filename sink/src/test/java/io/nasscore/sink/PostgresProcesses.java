package io.nasscore.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a running PostgreSQL server, found from its data directory ({@code postmaster.pid}'s first line
 * is the postmaster; the backends, WAL writer and checkpointer are its children), and signals to them: how the
 * fault tests crash or stall the real server.
 */
final class PostgresProcesses {
    private PostgresProcesses() {}

    /** The postmaster, then every process it started. */
    static List<ProcessHandle> of(Path dataDir) throws IOException {
        List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .orElseThrow(() -> new IllegalStateException("no postmaster running on " + dataDir));
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster);
        postmaster.descendants().forEach(all::add);
        return all;
    }

    /** kill -9 of the whole server (the postmaster and its children), waiting until every one is gone. */
    static int kill9(Path dataDir) throws Exception {
        List<ProcessHandle> all = of(dataDir);
        all.forEach(ProcessHandle::destroyForcibly); // SIGKILL
        for (ProcessHandle p : all) p.onExit().get(30, TimeUnit.SECONDS);
        return all.size();
    }

    /** kill -STOP (or -CONT) of the whole server: it keeps its sockets but answers nothing. */
    static void signal(List<ProcessHandle> processes, String signal) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> cmd.add(Long.toString(p.pid())));
        Process kill = new ProcessBuilder(cmd).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) throw new IllegalStateException(cmd + " failed");
    }
}
