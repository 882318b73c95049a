package io.nasscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nasscore.core.Dataset;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.truth.GroundTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShortlistCommandTest {

    @TempDir Path dir;

    /** Five architectures: JS ties at the top, PJS in another order, nwot with a disconnected (−∞) one. */
    private Path scores() throws Exception {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "index,JS,PJS,nwot\n"
                + "40,0.5,0.1,-Infinity\n"
                + "7,0.9,0.4,3\n"
                + "12,0.9,0.3,2\n"
                + "3,0.2,0.5,1\n"
                + "99,NaN,0.2,4\n");
        return f;
    }

    @Test
    void aColumnHighestFirstWithTiesToTheLowerIndex() throws Exception {
        Cli.Result r = Cli.run("shortlist", "--input", scores().toString(), "--score", "js", "--top", "3", "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        // by hand: 0.9 at indices 7 and 12 (7 first), then 0.5 at 40; NaN (99) is not rankable
        assertThat(r.out().lines()).containsExactly("rank,index,arch,js",
                "1,7," + SearchSpace.arch(7) + ",0.9",
                "2,12," + SearchSpace.arch(12) + ",0.9",
                "3,40," + SearchSpace.arch(40) + ",0.5");
    }

    @Test
    void aCombinedScoreOverTheFileWithTheAccuracyToJudgeIt() throws Exception {
        // sum of ln(rank/5) of PJS and nwot over the five (nwot's −∞ ranked lowest): PJS ranks 40:1 99:2 12:3 7:4 3:5,
        // nwot 40:1 3:2 12:3 7:4 99:5 -> 7: ln(.8)+ln(.8) = -0.446 is the highest, then 3: ln(1)+ln(.4) and 99:
        // ln(.4)+ln(1), tied at -0.916: the lower index first
        Cli.Result r = Cli.run("shortlist", "--input", scores().toString(), "--score", "pn", "--combine", "pn=log:PJS,nwot",
                "--top", "3", "--with-accuracy", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("index").asInt()).isEqualTo(7);
        assertThat(rows.get(0).get("value").asDouble()).isCloseTo(2 * Math.log(0.8), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(rows.get(1).get("index").asInt()).isEqualTo(3);
        assertThat(rows.get(2).get("index").asInt()).isEqualTo(99);
        assertThat(rows.get(2).get("value").asDouble()).isEqualTo(rows.get(1).get("value").asDouble());
        double acc7 = GroundTruth.shipped(Dataset.CIFAR10).accuracies(new int[] {7})[0];
        assertThat(rows.get(0).get("accuracy").asDouble()).isEqualTo(acc7); // json keeps every digit
    }

    @Test
    void theDisconnectedArchitectureKeepsItsMinusInfinityAndComesLast() throws Exception {
        Cli.Result r = Cli.run("shortlist", "--input", scores().toString(), "--score", "nwot", "--top", "9", "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).hasSize(6).last().asString().startsWith("5,40,").endsWith(",-Infinity");
    }

    @Test
    void anUnknownScoreOrABadTopIsOneLineAndExitTwo() throws Exception {
        Cli.Result r = Cli.run("shortlist", "--input", scores().toString(), "--score", "zz");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1).first().asString().contains("no score 'zz'").contains("PJS");
        Cli.Result top = Cli.run("shortlist", "--input", scores().toString(), "--score", "JS", "--top", "0");
        assertThat(top.code()).isEqualTo(2);
        assertThat(top.err()).contains("--top");
        Cli.Result missing = Cli.run("shortlist", "--input", dir.resolve("none.csv").toString(), "--score", "JS");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip().lines()).hasSize(1);
    }
}
