package io.nasscore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sink while PostgreSQL is stalled (SIGSTOP) beyond the sink's socket timeout and resumed (SIGCONT), with score
 * records flowing ({@link SinkFaultFixture}): the sink waits for it and goes on, every row once.
 */
class SinkStallTest extends SinkFaultFixture {
    @Test
    void aPostgresStalledBeyondTheSocketTimeoutIsWaitedForAndResumed() throws Exception {
        List<Integer> jobs = archs(5000, 1500);
        try (SinkThread sink = new SinkThread(sinkConfig("stall-sink"))) {
            Thread producer = new Thread(() -> publish("stall", jobs), "test-producer");
            producer.start();
            await("the sink's first transactions", () -> sink.sink.counts().transactions() >= 5);
            List<ProcessHandle> server = PostgresProcesses.of(dir.resolve("pg"));
            PostgresProcesses.signal(server, "STOP");
            try {
                await("the sink to give up on the stalled database (socket timeout " + SOCKET_TIMEOUT + ")",
                        sink.sink::waitingForDatabase);
                Thread.sleep(3000); // the fault: the stall goes on a few seconds beyond the socket timeout
            } finally {
                PostgresProcesses.signal(server, "CONT");
            }
            producer.join(WAIT.toMillis());
            awaitCaughtUp(sink.sink);
            assertThat(sink.sink.waitingForDatabase()).isFalse();
        }
        assertThat(count("SELECT count(*) FROM experiment_scores WHERE experiment = 'stall'")).isEqualTo(1500);
    }
}
