package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.stack.EmbeddedStack;
import io.nasscore.stack.KafkaSecurity;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands against the secured stack (as `up --secure` runs it), each principal with its own --client-config. */
class SecuredStackCommandTest {

    @TempDir static Path dataDir;
    static EmbeddedStack stack;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.builder(dataDir).postgres(false).kafkaPort(0).secure(true).start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    private static Cli.Result submitAs(String principal, String experiment, String indices) {
        return Cli.run("submit", "--data-dir", dataDir.toString(), "--client-config", stack.clientConfigFile(principal).toString(),
                "--index", indices, "--experiment", experiment);
    }

    @Test
    void submitWorksAsTheProducerPrincipal() {
        Cli.Result r = submitAs(KafkaSecurity.PRODUCER, "secured", "1,2");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("experiment secured: 2 architecture(s)").contains("published 2 job(s) to nas.jobs");
    }

    @Test
    void aWorkerScoresAsTheWorkerPrincipal() {
        Cli.Result submitted = submitAs(KafkaSecurity.PRODUCER, "secured-worker", "3,4");
        assertThat(submitted.code()).as(submitted.err()).isZero();
        Cli.Result w = Cli.run("worker", "--data-dir", dataDir.toString(), "--client-config",
                stack.clientConfigFile(KafkaSecurity.WORKER).toString(), "--scorer", "noop", "--max-jobs", "2", "--idle-exit", "120");
        assertThat(w.code()).as(w.out() + w.err()).isZero();
        assertThat(w.err()).doesNotContain("Authorization");
    }

    @Test
    void submitAsTheTeamPrincipalIsRefusedWithOneLine() {
        Cli.Result r = submitAs(KafkaSecurity.TEAM, "not-allowed", "5,6");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).startsWith("nasscore submit: ").containsIgnoringCase("authoriz").doesNotContain("\tat ");
        System.out.println("the team's submit: " + r.err().strip());
    }
}
