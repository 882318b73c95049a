package io.nasscore.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The nasscore command: one executable, one subcommand per job. */
@Command(
        name = "nasscore",
        mixinStandardHelpOptions = true,
        // every subcommand (to any depth) inherits -h/--help and -V/--version
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "Zero-shot NAS scores (Jacobian and parameter scores) on NAS-Bench-201, as a Kafka pipeline.",
        subcommands = {
            DemoCommand.class,
            AggregateCommand.class,
            SinkCommand.class,
            InspectCommand.class,
            ScoreCommand.class,
            EvaluateCommand.class,
            ReportCommand.class,
            ShortlistCommand.class,
            SubmitCommand.class,
            WorkerCommand.class,
            TruthCommand.class,
            UpCommand.class,
            SqlCommand.class,
            ExportCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code; used by main and by the tests. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler(Main::badParameter);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        cl.setExecutionStrategy(Main::execute);
        return cl;
    }

    /** Sets up logging for the command about to run (Logging), then runs it. */
    private static int execute(CommandLine.ParseResult parsed) {
        List<CommandLine> chain = parsed.asCommandLineList();
        boolean helpOnly = chain.stream().anyMatch(c -> c.isUsageHelpRequested() || c.isVersionHelpRequested());
        CommandLine leaf = chain.get(chain.size() - 1);
        if (!helpOnly) {
            try {
                configureLogging(leaf);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ExecutionException(leaf, e.getMessage(), e);
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static void configureLogging(CommandLine leaf) {
        ConnectionOptions conn = null;
        LogOptions log = null;
        for (CommandLine.Model.CommandSpec mixin : leaf.getCommandSpec().mixins().values()) {
            if (mixin.userObject() instanceof ConnectionOptions c) conn = c;
            if (mixin.userObject() instanceof LogOptions l) log = l;
        }
        Settings settings = conn != null ? conn.settings() : new Settings(System.getenv(), null);
        if (log != null) {
            String format = settings.resolve(Settings.Key.LOG_FORMAT, log.format == null ? null : log.format.name())
                    .map(Settings.Value::value).orElse(Logging.Format.text.name());
            Logging.Format f;
            try {
                f = Logging.Format.valueOf(format.toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown log format '" + format + "': expected text or json");
            }
            log.resolved = f;
            Logging.service(f, leaf.getCommandName());
        } else {
            Logging.interactive(conn != null ? conn.dataDir()
                    : settings.resolve(Settings.Key.DATA_DIR, null).map(v -> Path.of(v.value()))
                            .orElse(Path.of(io.nasscore.stack.EmbeddedStack.DEFAULT_DATA_DIR)));
        }
    }

    /**
     * A bad option or value: one line naming it and where to read about the command (exit 2), not the whole usage
     * text, which buries the line that matters.
     */
    private static int badParameter(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
        cl.getErr().println(name + ": " + message + " (see `" + name + " --help`)");
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * Bad input is a message naming the input and what is wrong, never a stack trace; NASSCORE_DEBUG=1 shows
     * the trace for developers.
     */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        String name = cl.getCommandSpec().qualifiedName();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cl.getErr().println(name + ": " + message);
        if (System.getenv("NASSCORE_DEBUG") != null) e.printStackTrace(cl.getErr());
        return e instanceof IllegalArgumentException || e instanceof java.io.IOException ? 2 : 1;
    }
}
