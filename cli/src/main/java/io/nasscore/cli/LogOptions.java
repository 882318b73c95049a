package io.nasscore.cli;

import picocli.CommandLine.Option;

/** {@code --log-format} of the services ({@code worker}, {@code aggregate}, {@code up}); a command with it is a service. */
final class LogOptions {

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "text, or json: one JSON object per line (time, level, component, logger, message, worker_id, job_id, "
                    + "experiment, config_hash) for log shippers (env NASSCORE_LOG_FORMAT; default: text)")
    Logging.Format format;
}
