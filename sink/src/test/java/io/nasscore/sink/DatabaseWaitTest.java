package io.nasscore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DatabaseWaitTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final DatabaseWait wait = new DatabaseWait("s", Duration.ofSeconds(30), now::get);

    void advance(int seconds) { now.addAndGet(Duration.ofSeconds(seconds).toNanos()); }

    @Test
    void anOutageIsReportedOncePerIntervalThenOnceWhenItEnds() {
        assertThat(wait.succeeded()).as("no outage, nothing to say").isEmpty();
        assertThat(wait.failed("refused")).get().asString().contains("unavailable for 0 s").contains("refused");
        assertThat(wait.waiting()).isTrue();
        for (int i = 0; i < 29; i++) {
            advance(1);
            assertThat(wait.failed("refused")).as("retry %d", i).isEmpty();
        }
        advance(1);
        assertThat(wait.failed("refused")).get().asString().contains("unavailable for 30 s");
        advance(5);
        assertThat(wait.succeeded()).get().asString().contains("back after 35 s");
        assertThat(wait.waiting()).isFalse();
        assertThat(wait.succeeded()).isEmpty();
        assertThat(wait.failed("again")).as("a new outage is reported at once").get().asString().contains("for 0 s");
    }
}
