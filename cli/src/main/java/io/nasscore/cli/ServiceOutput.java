package io.nasscore.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status lines of a service (its banner, its summary): printed as they are with {@code --log-format text}, and
 * as log lines (INFO, logger io.nasscore.cli.&lt;command&gt;) with {@code --log-format json}, so that standard output
 * holds nothing but JSON objects for the log shipper.
 */
final class ServiceOutput {
    private final PrintWriter out;
    private final Logger log;

    /** @param log null for text: print to {@code out} */
    ServiceOutput(PrintWriter out, Logger log) {
        this.out = out;
        this.log = log;
    }

    static ServiceOutput of(PrintWriter out, Logging.Format format, String command) {
        return new ServiceOutput(out, format == Logging.Format.json ? LoggerFactory.getLogger("io.nasscore.cli." + command) : null);
    }

    void println(String line) {
        if (log != null) log.info(line);
        else out.println(line);
    }

    void printf(Locale locale, String format, Object... args) {
        String s = String.format(locale, format, args);
        if (log != null) log.info(s.stripTrailing());
        else out.print(s);
    }

    void flush() {
        out.flush();
    }
}
