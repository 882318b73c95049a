package io.nasscore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Processes as the deployed pipeline runs them: started from this JVM's class path, measured through /proc. */
final class Procs {
    /** USER_HZ: /proc times are in ticks of 10 ms. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private Procs() {}

    /** {@code nasscore <args>} as its own JVM (the bench's class path holds the cli and every library). */
    /** The commands the launchers (./nasscore, bin/nasscore) run on C1 only: run here the same way. */
    static final Set<String> C1_ONLY = Set.of("submit", "truth", "sql", "export", "inspect", "evaluate", "aggregate");

    static Process nasscore(Path log, String heap, String... args) throws IOException {
        return nasscore(log, heap, List.of(), args);
    }

    /** As {@link #nasscore(Path, String, String...)}, with {@code jvmOptions} before the main class. */
    static Process nasscore(Path log, String heap, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        if (args.length > 0 && C1_ONLY.contains(args[0])) cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmOptions); // after the launchers' choice, so that a component's -XX:TieredStopAtLevel replaces it
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.nasscore.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putIfAbsent("GLIBC_TUNABLES",
                "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184:glibc.malloc.arena_max=1");
        return pb.start();
    }

    /** user + system CPU of one process, in ns (0 when it is gone). */
    static long cpuNanos(long pid) {
        String[] f = stat(pid);
        return f == null ? 0 : (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
    }

    /** CPU of the children this JVM has waited for (cutime + cstime): a finished {@code submit}, for instance. */
    static long reapedChildrenCpuNanos() {
        String[] f = stat(ProcessHandle.current().pid());
        return f == null ? 0 : (Long.parseLong(f[13]) + Long.parseLong(f[14])) * NANOS_PER_TICK;
    }

    /**
     * The CPU of a PostgreSQL server: its postmaster (the {@code postgres} process whose command line names
     * {@code dataDir}; pg_ctl leaves it re-parented, not under the JVM that started it) and every backend under it.
     */
    static long postgresCpuNanos(Path dataDir) {
        String dir = dataDir.toAbsolutePath().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) continue;
                try {
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (cmd.contains("postgres") && cmd.contains(" -D ") && cmd.contains(dir)) {
                        long pid = Long.parseLong(n);
                        return cpuNanos(pid) + descendantsCpuNanos(pid, "postgres");
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** The CPU of every descendant of {@code root} whose command name starts with {@code comm} (e.g. postgres). */
    static long descendantsCpuNanos(long root, String comm) {
        Map<Long, Long> parent = new HashMap<>();
        Map<Long, String> name = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) continue;
                try {
                    String s = Files.readString(p.resolve("stat"));
                    int close = s.lastIndexOf(')');
                    name.put(Long.parseLong(n), s.substring(s.indexOf('(') + 1, close));
                    parent.put(Long.parseLong(n), Long.parseLong(s.substring(close + 2).split(" ")[1]));
                } catch (IOException | RuntimeException gone) {
                    // ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        long sum = 0;
        for (Map.Entry<Long, String> e : name.entrySet()) {
            if (!e.getValue().startsWith(comm)) continue;
            for (Long p = parent.get(e.getKey()); p != null && p > 1; p = parent.get(p)) {
                if (p == root) {
                    sum += cpuNanos(e.getKey());
                    break;
                }
            }
        }
        return sum;
    }

    /** VmRSS of a process in kB (-1 when gone). */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Bytes of disk under a directory ({@code du -sk}: blocks really used; Kafka preallocates its index files, so
     * their apparent size would count 10 MB per partition that is not on disk). 0 when missing.
     */
    static long du(Path dir) {
        if (!Files.exists(dir)) return 0;
        try {
            // stderr (files that vanish during the walk) discarded: the total is the last line of stdout
            Process p = new ProcessBuilder("du", "-sk", dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            String[] lines = out.split("\n");
            return Long.parseLong(lines[lines.length - 1].split("\\s+")[0]) * 1024;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Stops a process with SIGTERM, then SIGKILL after 60 s. */
    static void stop(Process p) throws InterruptedException {
        if (p == null || !p.isAlive()) return;
        p.destroy();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /** The fields of /proc/PID/stat after the command name (f[0] = state, f[11] = utime...), or null. */
    private static String[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
