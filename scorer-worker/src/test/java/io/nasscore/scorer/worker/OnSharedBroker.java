package io.nasscore.scorer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the worker tests that run against one real broker per class: started once (a KRaft node takes
 * seconds), emptied before each test, and a thread pool per test whose threads have all ended before the next test's
 * reset (a worker still in the group would keep the reset from deleting it).
 */
abstract class OnSharedBroker {
    static Broker broker;
    final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new Broker();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) broker.close();
        broker = null;
    }

    @BeforeEach
    void emptyTopics() throws Exception {
        broker.reset();
    }

    @AfterEach
    void stopThreads() throws Exception {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(2, TimeUnit.MINUTES)).as("this test's threads ended").isTrue();
    }
}
