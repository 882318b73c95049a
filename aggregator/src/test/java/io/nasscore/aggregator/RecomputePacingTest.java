package io.nasscore.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecomputePacingTest {
    private static final long MS = 1_000_000L;

    @Test void backsOffFiveTimesTheCpuOfThePass() {
        assertEquals(1_000 + 5 * 200, RecomputePacing.nextStart(1_000, 200 * MS, 200 * MS));
        assertEquals(6, RecomputePacing.nextStart(0, 1_100_000, 1_100_000), "rounded up to the next ms");
    }

    @Test void neverWaitsLongerThanTheCapWhenThePassWasShort() {
        assertEquals(RecomputePacing.MAX_WAIT_MS, RecomputePacing.nextStart(0, 900 * MS, 900 * MS));
    }

    @Test void leavesTheRecordsAtLeastHalfOfTheWallTime() {
        assertEquals(2 * 3_000, RecomputePacing.nextStart(0, 100 * MS, 3_000 * MS), "a pass of 3 s: the next 3 s after its end");
        assertEquals(2 * 60_000, RecomputePacing.nextStart(0, 60_000 * MS, 60_000 * MS));
    }

    /** The staleness bug: 0.2 s of CPU stretched to 30 s of wall by other processes' load held the tables 150 s. */
    @Test void wallTimeStretchedByLoadDelaysTheNextPassByTheWallTimeNotFiveTimesIt() {
        AtomicLong cpu = new AtomicLong(5_000 * MS);
        AtomicLong wall = new AtomicLong(9_000_000 * MS);
        RecomputePacing pacing = new RecomputePacing(cpu::get, wall::get);
        long start = 100_000;
        assertTrue(pacing.mayStart(start));
        pacing.started();
        cpu.addAndGet(200 * MS);
        wall.addAndGet(30_000 * MS);
        pacing.finished(start);
        assertFalse(pacing.mayStart(start + 59_999));
        assertTrue(pacing.mayStart(start + 60_000), "was 150 s: 5 x the wall time");
    }

    @Test void aShortPassOnAQuietMachineIsFollowedWithinFiveTimesItsCpu() {
        AtomicLong cpu = new AtomicLong(0);
        AtomicLong wall = new AtomicLong(0);
        RecomputePacing pacing = new RecomputePacing(cpu::get, wall::get);
        pacing.started();
        cpu.addAndGet(200 * MS);
        wall.addAndGet(210 * MS);
        pacing.finished(0);
        assertFalse(pacing.mayStart(999));
        assertTrue(pacing.mayStart(1_000));
    }

    @Test void wallTimeStandsInWhereThreadCpuIsNotMeasured() {
        AtomicLong wall = new AtomicLong(0);
        RecomputePacing pacing = new RecomputePacing(() -> -1, wall::get);
        pacing.started();
        wall.addAndGet(100 * MS);
        pacing.finished(0);
        assertFalse(pacing.mayStart(499));
        assertTrue(pacing.mayStart(500));
    }
}
