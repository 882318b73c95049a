package io.nasscore.cli;

import picocli.CommandLine.Option;

/** {@code --log-format} of the services ({@code worker}, {@code aggregate}, {@code up}); a command with it is a service. */
final class LogOptions {

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "text, or json: one JSON object per line (time, level, component, logger, message, worker_id, job_id, "
                    + "experiment, config_hash) for log shippers (env NASSCORE_LOG_FORMAT; default: text)")
    Logging.Format format;

    /** The format in force (flag, environment or config file), set by Main before the command runs. */
    Logging.Format resolved = Logging.Format.text;

    /** Where the service's status lines go: {@code out} as text, the log as JSON. */
    ServiceOutput output(java.io.PrintWriter out, String command) {
        return ServiceOutput.of(out, resolved, command);
    }
}
