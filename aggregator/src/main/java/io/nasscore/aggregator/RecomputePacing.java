package io.nasscore.aggregator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * When the next recompute pass of {@link QualityTables} may start. A pass costs the stream thread CPU; the next one
 * starts no sooner than {@value #BACKOFF} times that CPU after the previous start, so recomputes take about a fifth
 * of the thread's CPU, but no later than {@value #MAX_WAIT_MS} ms after it, so a table is not left stale for long;
 * and never before the pass's own wall time has passed again after its end, so the records (the intake) keep at
 * least half of the thread's wall time however slow the machine.
 *
 * <p>The back-off is measured in the stream thread's CPU time, not wall time: on a loaded machine a pass that costs
 * 0.2 s of CPU can take 20-50 s of wall, and a back-off of 5 x the wall time kept the tables stale for minutes
 * (docs/benchmarks.md, "Aggregator staleness"). Where the JVM cannot measure thread CPU, wall time stands in.
 */
final class RecomputePacing {
    /** A pass starts at least this many times the previous pass's CPU time after the previous start... */
    static final int BACKOFF = 5;
    /** ...but never waits longer than this after it (ms). */
    static final long MAX_WAIT_MS = 2_000;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LongSupplier cpuClock;
    private final LongSupplier wallClock;
    private long notBefore = Long.MIN_VALUE;
    private long passStartCpu;
    private long passStartWall;

    RecomputePacing() {
        this(RecomputePacing::threadCpu, System::nanoTime);
    }

    /** @param cpuClock the running thread's CPU time (ns; -1 if unknown), @param wallClock a monotonic clock (ns) */
    RecomputePacing(LongSupplier cpuClock, LongSupplier wallClock) {
        this.cpuClock = cpuClock;
        this.wallClock = wallClock;
    }

    /** Whether a pass may start at {@code now} (epoch ms). */
    boolean mayStart(long now) {
        return now >= notBefore;
    }

    /** Marks the start of a pass (on the thread that runs it). */
    void started() {
        passStartWall = wallClock.getAsLong();
        passStartCpu = cpuClock.getAsLong();
    }

    /** Ends the pass that {@link #started()} at {@code startMillis}: sets when the next may start. */
    void finished(long startMillis) {
        long cpu = cpuClock.getAsLong();
        long wall = wallClock.getAsLong() - passStartWall;
        notBefore = nextStart(startMillis, cpu < 0 || passStartCpu < 0 ? wall : cpu - passStartCpu, wall);
    }

    /**
     * The earliest start of the next pass after one that started at {@code startMillis}, cost {@code cpuNanos} of
     * the thread's CPU and lasted {@code wallNanos}.
     */
    static long nextStart(long startMillis, long cpuNanos, long wallNanos) {
        long backoff = Math.min(MAX_WAIT_MS, (long) Math.ceil(BACKOFF * cpuNanos / 1e6));
        long intake = (long) Math.ceil(2 * wallNanos / 1e6); // the pass, then as long again for the records
        return startMillis + Math.max(backoff, intake);
    }

    /** The current thread's CPU time (ns), or -1 where the JVM does not measure it. */
    private static long threadCpu() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}
