package io.nasscore.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table processor on its own (MockProcessorContext, real RocksDB store): the back-off between recompute passes. */
class QualityTablesTest {
    @TempDir Path dir;

    @Test
    void aLargeTableRecomputedJustNowWaitsAndStaysDirty() {
        List<Point> points = BenchSupport.points(31, 3000, 2);
        try (BenchSupport.Table t = new BenchSupport.Table(Materialized.StoreType.ROCKS_DB, dir, 1000)) {
            points.forEach(t::add);
            assertThat(t.recompute(1_000_000)).isEqualTo(QualityTopologyTest.SCORES * 4);
            assertThat(t.recompute(1_000_000)).as("not dirty: nothing to do").isZero();
            t.add(points.get(0).withAccuracy(50.0));
            // 1 ms later: the pass over 3,000 points x 12 scores took well over 1/5 ms, so the next one is not due yet
            assertThat(t.recompute(1_000_001)).isZero();
            assertThat(t.recompute(2_000_000)).as("due later, still dirty").isEqualTo(QualityTopologyTest.SCORES * 4);
        }
    }
}
