package io.nasscore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sink while PostgreSQL is killed (kill -9 of every server process) and restarted on the same data directory, with
 * score records flowing ({@link SinkFaultFixture}): no row lost, none doubled.
 */
class SinkFaultTest extends SinkFaultFixture {
    @Test
    void aPostgresCrashAndRestartLosesNoRowAndDoublesNone() throws Exception {
        List<Integer> jobs = archs(0, 3000);
        try (SinkThread sink = new SinkThread(sinkConfig("crash-sink"))) {
            publish("crash", jobs.subList(0, 1500));
            awaitCaughtUp(sink.sink);
            // at once, while the sink's last commit may still sit in PostgreSQL's WAL buffers (synchronous_commit=off)
            int killed = PostgresProcesses.kill9(dir.resolve("pg"));
            assertThat(killed).as("postmaster and its children").isGreaterThan(1);
            List<Integer> rest = new ArrayList<>(jobs.subList(1500, 3000));
            rest.addAll(jobs.subList(0, 500)); // a re-delivery: same keys
            publish("crash", rest);
            await("the sink to see the crash", sink.sink::waitingForDatabase);
            pg.restart();
            System.out.printf("crash test: %d server processes killed; %d rows of the crash experiment after the restart%n",
                    killed, count("SELECT count(*) FROM experiment_scores WHERE experiment = 'crash'"));
            awaitCaughtUp(sink.sink);
        }
        assertThat(count("SELECT count(*) FROM experiment_scores WHERE experiment = 'crash'")).isEqualTo(3000);
        assertThat(count("SELECT count(*) FROM scores WHERE experiment = 'crash'")).isEqualTo(3000);
    }
}
