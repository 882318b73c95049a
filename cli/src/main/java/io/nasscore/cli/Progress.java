package io.nasscore.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of long work on the terminal: done / total, rate, ETA. On a terminal the line is redrawn in place;
 * in a log (CI, a file) a line is printed at most every {@code logEverySeconds}.
 */
public final class Progress {
    private final PrintWriter err;
    private final String what;
    private final long total;
    private final boolean tty;
    private final long startNanos = System.nanoTime();
    private final long logEveryNanos;
    private long lastPrint;
    private long done;
    private long failed;
    private int lastLength;

    public Progress(PrintWriter err, String what, long total, int logEverySeconds) {
        this(err, what, total, logEverySeconds, System.console() != null);
    }

    /** @param tty redraw the line in place (a terminal) rather than print a line at most every logEverySeconds */
    Progress(PrintWriter err, String what, long total, int logEverySeconds, boolean tty) {
        this.tty = tty;
        this.err = err;
        this.what = what;
        this.total = total;
        this.logEveryNanos = logEverySeconds * 1_000_000_000L;
        this.lastPrint = startNanos;
    }

    public synchronized void step(boolean ok) {
        if (ok) done++; else failed++;
        long now = System.nanoTime();
        if (tty || now - lastPrint >= logEveryNanos || done + failed == total) {
            lastPrint = now;
            String line = line(now);
            if (tty) {
                err.print(redraw(line, lastLength));
                lastLength = line.length();
            } else {
                err.print(line + "\n");
            }
            err.flush();
        }
    }

    public synchronized void finish() {
        if (tty) {
            err.println();
            err.flush();
        }
    }

    public synchronized long done() { return done; }

    public synchronized long failed() { return failed; }

    /**
     * The terminal update from a line of {@code lastLength} characters to {@code line}: a shorter line (the ETA went
     * from 1m05s to 59s) is padded so that it erases the end of the longer one before it.
     */
    static String redraw(String line, int lastLength) {
        return "\r" + line + " ".repeat(Math.max(0, lastLength - line.length()));
    }

    String line(long now) {
        double secs = Math.max(1e-9, (now - startNanos) / 1e9);
        long n = done + failed;
        double rate = n / secs;
        String eta = total > 0 && rate > 0 ? duration((total - n) / rate) : "?";
        return String.format(Locale.ROOT, "%s %d/%d (%.1f%%)%s  %.2f/s  elapsed %s  ETA %s", what, n, total,
                total > 0 ? 100.0 * n / total : 0.0, failed > 0 ? "  failed " + failed : "", rate, duration(secs), eta);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return s + "s";
    }
}
