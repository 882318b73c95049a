package io.nasscore.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where log lines go, set once the command line is parsed (Main). Interactive commands keep the terminal for
 * nasscore's own lines and the progress line: everything else (Kafka, DJL, Flyway, Hikari, zonky) goes to
 * {@code <data-dir>/logs/nasscore.log}, created only when something is written. Services ({@code worker},
 * {@code aggregate}, {@code up}) log everything to standard output, as text or as one JSON object per line
 * ({@link JsonLineLayout}) for log shippers. In both, {@link NoiseFilter} drops the warnings known to mean nothing.
 */
final class Logging {
    private Logging() {}

    enum Format { text, json }

    static final String LOG_FILE = "logs/nasscore.log";

    /**
     * An interactive command: nasscore's warnings and errors on stderr (its INFO lines, such as a worker's partition
     * assignments, would bury the progress line), everything at INFO for nasscore and WARN for the rest in the data
     * directory's log file.
     */
    static void interactive(Path dataDir) {
        LoggerContext ctx = reset();
        ConsoleAppender<ILoggingEvent> console = console(ctx, "System.err", pattern(ctx, "%level %logger{0}: %msg%n"));
        ThresholdFilter warn = new ThresholdFilter();
        warn.setLevel("WARN");
        warn.start();
        console.addFilter(warn);
        LazyFile file = new LazyFile(dataDir.resolve(LOG_FILE),
                pattern(ctx, "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger: %msg%n"));
        file.setContext(ctx);
        file.setName("file");
        file.start();
        root(ctx).addAppender(file);
        ctx.getLogger("io.nasscore").addAppender(console); // and, additively, to the file with the rest
    }

    /** A service: every line on stdout, as text or JSON; {@code component} names the service in each JSON line. */
    static void service(Format format, String component) {
        LoggerContext ctx = reset();
        Encoder<ILoggingEvent> encoder = format == Format.json
                ? wrap(ctx, new JsonLineLayout(component))
                : pattern(ctx, "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{36}%replace( [%mdc]){' \\[\\]', ''}: %msg%n%ex");
        root(ctx).addAppender(console(ctx, "System.out", encoder));
    }

    /** A file appender that creates its file (and the logs/ directory) at the first line only. */
    private static final class LazyFile extends AppenderBase<ILoggingEvent> {
        private final Path path;
        private final Encoder<ILoggingEvent> encoder;
        private FileAppender<ILoggingEvent> file;

        LazyFile(Path path, Encoder<ILoggingEvent> encoder) {
            this.path = path;
            this.encoder = encoder;
        }

        @Override
        protected void append(ILoggingEvent e) {
            if (file == null) {
                file = new FileAppender<>();
                file.setContext(getContext());
                file.setName("file-" + path);
                file.setFile(path.toString());
                file.setAppend(true);
                file.setEncoder(encoder);
                file.start();
            }
            file.doAppend(e);
        }

        @Override
        public void stop() {
            if (file != null) file.stop();
            super.stop();
        }
    }

    private static LoggerContext reset() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        ctx.addTurboFilter(new NoiseFilter());
        root(ctx).setLevel(Level.WARN);
        ctx.getLogger("io.nasscore").setLevel(Level.INFO);
        // on SIGTERM the embedded PostgreSQL stops in its own shutdown hook: the pool's warning about the connections
        // it closes (with a stack trace) says nothing the command does not say better
        ctx.getLogger("com.zaxxer.hikari.pool.ProxyConnection").setLevel(Level.ERROR);
        // Kafka Streams logs every record it skips with a stack trace; the aggregator's BadRecordLogger already says
        // it in one line with the reason (and counts it)
        ctx.getLogger("org.apache.kafka.streams.processor.internals.RecordDeserializer").setLevel(Level.ERROR);
        return ctx;
    }

    private static ch.qos.logback.classic.Logger root(LoggerContext ctx) {
        return ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext ctx, String target, Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> a = new ConsoleAppender<>();
        a.setContext(ctx);
        a.setName("console");
        a.setTarget(target);
        a.setEncoder(encoder);
        a.start();
        return a;
    }

    private static PatternLayoutEncoder pattern(LoggerContext ctx, String pattern) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        e.setPattern(pattern);
        e.start();
        return e;
    }

    private static Encoder<ILoggingEvent> wrap(LoggerContext ctx, Layout<ILoggingEvent> layout) {
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> e = new LayoutWrappingEncoder<>();
        e.setContext(ctx);
        e.setLayout(layout);
        e.start();
        return e;
    }
}
