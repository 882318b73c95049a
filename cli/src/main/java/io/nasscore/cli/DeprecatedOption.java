package io.nasscore.cli;

import java.io.PrintWriter;

/** An old option name kept so that existing scripts work: it still works, and says once what replaces it. */
final class DeprecatedOption {
    private DeprecatedOption() {}

    /**
     * The value of an option that has a deprecated alias: the new one, else the old one with one line on stderr.
     *
     * @throws IllegalArgumentException when both are given
     */
    static <T> T resolve(PrintWriter err, String command, String newName, T newValue, String oldName, T oldValue) {
        if (oldValue == null) return newValue;
        if (newValue != null) throw new IllegalArgumentException("give " + newName + " only (" + oldName + " is its old name)");
        err.println("nasscore " + command + ": " + oldName + " is deprecated, use " + newName);
        err.flush();
        return oldValue;
    }
}
