package io.nasscore.systest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One {@code nasscore} command as its own OS process ({@code java -cp <cli class path> io.nasscore.cli.Main ...}), its
 * stdout and stderr appended to a log file, and the signals the scenarios send it.
 */
final class Proc {
    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    private Proc(String name, List<String> command, Map<String, String> env, Path log) {
        this.name = name;
        this.command = command;
        this.env = env;
        this.log = log;
    }

    /** Starts {@code nasscore <args>}; the log is {@code <logDir>/<name>.log}, appended to by every (re)start. */
    static Proc start(String name, Path logDir, Map<String, String> env, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:TieredStopAtLevel=1"); // short-lived JVMs on 2 shared cores: the C2 compiler costs more than it gives
        cmd.addAll(List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"));
        cmd.addAll(List.of("-cp", cliClasspath(), "io.nasscore.cli.Main"));
        cmd.addAll(args);
        Proc p = new Proc(name, List.copyOf(cmd), Map.copyOf(env), logDir.resolve(name + ".log"));
        p.launch();
        return p;
    }

    /**
     * The packaged CLI ({@code cli/target/nasscore-cli.jar} and {@code cli/target/lib/*}, what a release runs) with
     * {@code -Dsystest.useCliJar=true} (the -Psystest profile); else this JVM's class path, which holds the same
     * classes from the reactor (plain {@code mvn test} packages nothing).
     */
    static String cliClasspath() {
        if (Boolean.getBoolean("systest.useCliJar")) {
            Path jar = Path.of(System.getProperty("systest.cliJar", "../cli/target/nasscore-cli.jar")).toAbsolutePath().normalize();
            Path lib = jar.resolveSibling("lib");
            if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
                throw new IllegalStateException(jar + " or " + lib + " is missing: build with `mvn -q -B -DskipTests package` first");
            }
            return jar + java.io.File.pathSeparator + lib + "/*";
        }
        return System.getProperty("java.class.path");
    }

    /** Starts the same command again (what a supervisor does after the process died). */
    void restart() {
        if (alive()) throw new IllegalStateException(name + " still runs");
        launch();
    }

    private void launch() {
        try {
            Files.writeString(log, "=== start " + java.time.Instant.now() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The exit code once it exited. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s; log:\n" + tail(40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
        return process.exitValue();
    }

    void kill9() {
        signal("KILL");
        try {
            process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stopSignal() {
        signal("STOP");
    }

    void contSignal() {
        signal("CONT");
    }

    /** SIGTERM, without waiting (then {@link #terminate()} waits). */
    void requestStop() {
        if (alive()) process.destroy();
    }

    /** SIGTERM and wait: the orderly shutdown. */
    void terminate() {
        if (!alive()) return;
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void signal(String sig) {
        Signals.send(sig, process.pid());
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    Path logFile() {
        return log;
    }

    String tail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Polls until {@code condition} holds; fails with the process's log tail otherwise. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
