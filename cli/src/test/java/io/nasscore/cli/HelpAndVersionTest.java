package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers --help, -h and --version; the version is the one Maven built. */
class HelpAndVersionTest {

    /** The argument paths of every command, e.g. [], [demo], [truth, load]. */
    private static List<List<String>> paths(CommandLine cl, List<String> prefix, List<List<String>> acc) {
        acc.add(prefix);
        for (var e : cl.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandName().equals(e.getKey())) continue; // an alias
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            paths(e.getValue(), p, acc);
        }
        return acc;
    }

    private static String builtVersion() throws Exception {
        // the test reads the same filtered resource the jar carries: the pom's version, not a literal
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    @Test
    void everyCommandHasHelpAndVersion() throws Exception {
        String version = builtVersion();
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*");
        List<List<String>> all = paths(Main.commandLine(), List.of(), new ArrayList<>());
        assertThat(all).extracting(p -> String.join(" ", p))
                .contains("", "demo", "score", "submit", "worker", "aggregate", "sink", "evaluate", "report", "inspect", "sql",
                        "up", "truth", "truth load", "help");
        for (List<String> path : all) {
            String name = String.join(" ", path);
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Cli.Result r = Cli.run(args.toArray(String[]::new));
                assertThat(r.code()).as("%s %s exit code; err: %s", name, flag, r.err()).isZero();
                assertThat(r.out()).as("%s %s", name, flag).contains("Usage: nasscore" + (name.isEmpty() ? " " : " " + name + " "));
                assertThat(r.err()).as("%s %s", name, flag).isEmpty();
            }
            if (name.equals("help")) continue; // `help` is picocli's help command: it documents the others
            List<String> args = new ArrayList<>(path);
            args.add("--version");
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as("%s --version; err: %s", name, r.err()).isZero();
            assertThat(r.out()).as("%s --version", name).startsWith("nasscore " + version + "\n");
        }
    }

    @Test
    void aBadOptionIsOneLineWithExitCode2() {
        Cli.Result r = Cli.run("demo", "--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("nasscore demo: Unknown option: '--no-such-option'").contains("nasscore demo --help");
    }
}
