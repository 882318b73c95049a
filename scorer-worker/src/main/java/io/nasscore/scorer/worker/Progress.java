package io.nasscore.scorer.worker;

import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's progress line, every {@link WorkerConfig#progressEvery()} while jobs get done and once when it stops:
 * jobs done of the known total, by outcome, the rate now and overall, and the time left at the recent rate.
 */
final class Progress {
    private static final Logger log = LoggerFactory.getLogger(ScorerWorker.class);

    private final WorkerConfig config;
    private long lastNanos = System.nanoTime();
    private long lastDone;

    Progress(WorkerConfig config) {
        this.config = config;
    }

    /** The rates count from now. */
    void started() {
        lastNanos = System.nanoTime();
    }

    /** Logs the line if it is due and jobs got done since the last, or if this is the {@code last} one. */
    void maybeLog(Counters c, boolean last) {
        long now = System.nanoTime();
        long done = c.done();
        boolean due = now - lastNanos >= config.progressEvery().toNanos();
        if (!(due || last) || (done == lastDone && !last)) return;
        if (last && done == lastDone && done == 0) return;
        log.info(line(c, (now - lastNanos) / 1e9, done - lastDone, last));
        lastNanos = now;
        lastDone = done;
    }

    /** The line for counters {@code c}, of which {@code recentDone} jobs were done in the last {@code windowSecs}. */
    String line(Counters c, double windowSecs, long recentDone, boolean last) {
        long done = c.done();
        double secs = c.elapsed().toNanos() / 1e9;
        double overall = secs > 0 ? done / secs : 0;
        double recent = windowSecs > 0 ? recentDone / windowSecs : 0;
        long waiting = c.lag();
        String total = waiting >= 0 ? Long.toString(done + waiting) : "?";
        double etaRate = recent > 0 ? recent : overall;
        String eta = waiting > 0 && etaRate > 0 ? ", ETA " + human(Duration.ofMillis((long) (waiting / etaRate * 1000))) : "";
        return String.format(Locale.ROOT, "worker %s: %d of %s job(s) done (%d scored, %d reused, %d dlq; "
                + "%d transactions, %d aborted), %.2f jobs/s now, %.2f jobs/s over %s%s%s", config.workerId(), done, total,
                c.scored(), c.reused(), c.dlq(), c.transactions(), c.failed(), recent, overall, human(c.elapsed()), eta,
                last ? ", stopping" : "");
    }

    /** 42s, 3m07s, 2h05m. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
