package io.nasscore.cli;

import io.nasscore.cli.stack.EmbeddedStack;
import io.nasscore.cli.stack.StackState;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "up",
        description = {"Run the embedded stack alone: a KRaft Kafka broker and PostgreSQL, their data kept in --data-dir.",
            "Prints the addresses for the other commands and stays in the foreground until Ctrl-C."})
final class UpCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConnectionOptions conn;

    @Mixin LogOptions logOptions;

    @Option(names = "--stop-after", hidden = true, paramLabel = "DURATION",
            description = "stop after this long, e.g. 10s, for scripts and tests")
    Duration stopAfter;

    @Override
    public Integer call() throws Exception {
        if (conn.bootstrapServers != null || conn.jdbcUrl != null || conn.clientConfig != null) {
            throw new IllegalArgumentException("up starts its own Kafka and PostgreSQL: --bootstrap-servers, --client-config "
                    + "and --jdbc-url are for the commands that connect to them");
        }
        ServiceOutput out = logOptions.output(spec.commandLine().getOut(), "up");
        Optional<StackState> running = conn.runningStack();
        if (running.isPresent()) {
            StackState s = running.get();
            throw new IllegalStateException("a nasscore stack already runs on " + conn.dataDir().toAbsolutePath().normalize()
                    + " (pid " + s.pid() + ", Kafka " + s.bootstrapServers() + ", " + s.jdbcUrl() + ")");
        }
        out.println("starting Kafka and PostgreSQL, data in " + conn.dataDir().toAbsolutePath().normalize() + " ...");
        out.flush();

        EmbeddedStack stack = conn.stackBuilder().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "nasscore-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        out.printf(Locale.ROOT, "nasscore stack up in %.1f s (Kafka %.1f s, PostgreSQL %.1f s)%n",
                secs(stack.startTime()), secs(stack.kafkaStartTime()), secs(stack.postgresStartTime()));
        out.println("  Kafka bootstrap servers   " + stack.bootstrapServers());
        out.println("  PostgreSQL JDBC URL       " + stack.jdbcUrl() + "   (user " + stack.dbUser()
                + ", password from $NASSCORE_DB_PASSWORD)");
        out.println("  state file                " + StackState.file(stack.dataDir()));
        out.println("Other nasscore commands run with the same --data-dir find this stack on their own. From elsewhere:");
        out.println("  --bootstrap-servers " + stack.bootstrapServers() + " --jdbc-url " + stack.jdbcUrl());
        out.println("Ctrl-C stops it (the data stays).");
        out.flush();

        boolean byHook = stopAfter == null ? awaitForever(stopped) : stopped.await(stopAfter.toMillis(), TimeUnit.MILLISECONDS);
        if (!byHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now
            }
            stack.close();
            out.println("nasscore stack stopped");
            out.flush();
        }
        return 0;
    }

    private static boolean awaitForever(CountDownLatch latch) throws InterruptedException {
        latch.await();
        return true;
    }

    private static double secs(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
