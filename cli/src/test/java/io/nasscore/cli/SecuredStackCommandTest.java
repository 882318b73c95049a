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

    private static Cli.Result submitAs(String principal, String experiment) {
        return Cli.run("submit", "--data-dir", dataDir.toString(), "--client-config", stack.clientConfigFile(principal).toString(),
                "--index", "1,2", "--experiment", experiment);
    }

    @Test
    void submitWorksAsTheProducerPrincipal() {
        Cli.Result r = submitAs(KafkaSecurity.PRODUCER, "secured");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out() + r.err()).contains("2 job");
    }

    @Test
    void submitAsTheTeamPrincipalIsRefusedWithOneLine() {
        Cli.Result r = submitAs(KafkaSecurity.TEAM, "not-allowed");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).startsWith("nasscore submit: ").containsIgnoringCase("authoriz").doesNotContain("\tat ");
        System.out.println("the team's submit: " + r.err().strip());
    }
}
