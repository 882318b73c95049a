package io.nasscore.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a {@code nasscore} process started by a test ({@code java <options> -cp <the test class path>
 * io.nasscore.cli.Main <args>}): the command as users run it, in a JVM of its own.
 */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * @param heap    the {@code -Xmx} value, e.g. {@code 512m}
     * @param options further JVM options (system properties)
     * @param args    the nasscore command and its options
     */
    static List<String> nasscore(String heap, List<String> options, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        // C1 only: these processes live seconds to a minute on 2 shared cores, where C2's compilations cost more CPU
        // than they give back (the scoring is native code)
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
