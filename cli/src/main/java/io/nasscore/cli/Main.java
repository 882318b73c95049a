package io.nasscore.cli;

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
            InspectCommand.class,
            ScoreCommand.class,
            EvaluateCommand.class,
            ReportCommand.class,
            SubmitCommand.class,
            WorkerCommand.class,
            TruthCommand.class,
            UpCommand.class,
            SqlCommand.class,
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
        return cl;
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
