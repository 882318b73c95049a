package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class InspectCommandTest {

    @Test
    void jsonHasTheDocumentedKeysAndExactCounts() throws Exception {
        Cli.Result r = Cli.run("inspect", "9930", "--json");
        assertThat(r.code()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("index").asInt()).isEqualTo(9930);
        assertThat(o.get("arch").asText()).startsWith("|nor_conv_3x3~0|");
        assertThat(o.get("params").asLong()).isEqualTo(1_288_506L);
        assertThat(o.get("tensors").asInt()).isEqualTo(246);
        assertThat(o.get("flops_m").asDouble()).isGreaterThan(0);
    }

    @Test
    void acceptsAnArchStringAndADataset() {
        Cli.Result r = Cli.run("inspect", "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
                "--dataset", "imagenet16-120");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("index          1").contains("809,576").contains("28.49548");
    }

    @Test
    void badInputIsAMessageNotAStackTrace() {
        Cli.Result r = Cli.run("inspect", "|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown op 'conv'").doesNotContain("Exception").doesNotContain("\tat ");
        Cli.Result d = Cli.run("inspect", "1", "--dataset", "mnist");
        assertThat(d.err()).contains("unknown dataset 'mnist'");
    }
}
