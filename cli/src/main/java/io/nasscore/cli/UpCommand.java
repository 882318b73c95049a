package io.nasscore.cli;

import io.nasscore.stack.EmbeddedStack;
import io.nasscore.stack.KafkaSecurity;
import io.nasscore.stack.StackState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "up",
        description = {"Run the embedded stack alone: a KRaft Kafka broker and PostgreSQL, their data kept in --data-dir.",
            "Prints the addresses and the database passwords for the other commands and stays in the foreground until Ctrl-C.",
            "Exits non-zero with the reason if Kafka or PostgreSQL dies, so that a supervisor can restart it."})
final class UpCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConnectionOptions conn;

    @Option(names = "--secure", description = {"Kafka with SASL/SCRAM-SHA-512 and ACLs: one principal per component and a read-only team principal;",
            "their client settings (for --client-config) are written to --data-dir, readable by the owner only"})
    boolean secure;

    @Option(names = "--stop-after", hidden = true, paramLabel = "DURATION",
            description = "stop after this long (ISO-8601, e.g. PT10S), for scripts and tests")
    Duration stopAfter;

    @Override
    public Integer call() throws Exception {
        if (conn.bootstrapServers != null || conn.jdbcUrl != null || conn.clientConfig != null) {
            throw new IllegalArgumentException("up starts its own Kafka and PostgreSQL: --bootstrap-servers, --client-config "
                    + "and --jdbc-url are for the commands that connect to them");
        }
        PrintWriter out = spec.commandLine().getOut();
        Optional<StackState> running = conn.runningStack();
        if (running.isPresent()) {
            StackState s = running.get();
            throw new IllegalStateException("a nasscore stack already runs on " + conn.dataDir().toAbsolutePath().normalize()
                    + " (pid " + s.pid() + ", Kafka " + s.bootstrapServers() + ", " + s.jdbcUrl() + ")");
        }
        out.println("starting Kafka and PostgreSQL, data in " + conn.dataDir().toAbsolutePath().normalize() + " ...");
        out.flush();

        EmbeddedStack stack = conn.stackBuilder().secure(secure).start();
        CompletableFuture<Void> closedByHook = new CompletableFuture<>();
        Thread hook = new Thread(() -> {
            stack.close();
            closedByHook.complete(null);
        }, "nasscore-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        out.printf(Locale.ROOT, "nasscore stack up in %.1f s (Kafka %.1f s, PostgreSQL %.1f s)%n",
                secs(stack.startTime()), secs(stack.kafkaStartTime()), secs(stack.postgresStartTime()));
        out.println("  Kafka bootstrap servers   " + stack.bootstrapServers());
        out.println("  PostgreSQL JDBC URL       " + stack.jdbcUrl() + "   (user " + stack.dbUser()
                + ", password " + stack.dbPassword() + ")");
        out.println("  read-only login           user " + EmbeddedStack.READER_ROLE + ", password "
                + stack.dbPassword(EmbeddedStack.READER_ROLE).orElse("?") + "   (SELECT on the reporting views)");
        out.println("  passwords kept in         " + stack.credentialsFile() + "   (owner-only)");
        out.println("  state file                " + StackState.file(stack.dataDir()));
        if (stack.kafkaSecurity().isPresent()) {
            out.println("Kafka is secured (SASL/SCRAM-SHA-512, ACLs); each component connects with its own --client-config:");
            for (String principal : KafkaSecurity.PRINCIPALS) out.printf(Locale.ROOT, "  %-22s %s%n", principal, stack.clientConfigFile(principal));
        }
        out.println("Other nasscore commands run with the same --data-dir find this stack on their own. From elsewhere:");
        out.println("  --bootstrap-servers " + stack.bootstrapServers() + " --jdbc-url " + stack.jdbcUrl());
        out.println("Ctrl-C stops it (the data stays).");
        out.flush();

        // whichever comes first: Ctrl-C (the hook stopped the stack), a part died, --stop-after elapsed
        CompletableFuture<String> died = stack.stopped();
        CompletableFuture<Object> first = CompletableFuture.anyOf(died, closedByHook);
        try {
            if (stopAfter == null) first.get(); else first.get(stopAfter.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException elapsed) {
            // --stop-after
        }
        if (closedByHook.isDone()) return 0; // Ctrl-C: the hook closed the stack
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return 0; // the hook runs now
        }
        stack.close();
        if (died.isDone()) {
            // a supervisor restarts a process that exits non-zero; one that stays up with a dead part helps no one
            throw new IllegalStateException(died.getNow("a part of the stack stopped") + "; the stack stopped");
        }
        out.println("nasscore stack stopped");
        out.flush();
        return 0;
    }

    private static double secs(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
