package io.nasscore.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.core.score.Pass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReportDataTest {

    @TempDir Path dir;

    @Test
    void readsScoresTimesAndConfiguration() throws Exception {
        Path f = SyntheticScores.write(dir.resolve("s.csv"), 30, SyntheticScores.DEFAULT_HASH);
        ReportInput in = new CsvReportData(f, null, false, null).load();
        assertThat(in.size()).isEqualTo(30);
        assertThat(in.scores().keySet()).containsExactly("JS", "JSC", "SNS", "SNSC", "LNS", "LNSC", "MNJS", "MNJSC",
                "PJS", "PJSC", "WPJS", "WPJSI"); // params is left to the baselines
        // a CSV without the proxies' pass columns (written before them) reads with the four paper passes
        assertThat(in.passMillis().keySet()).containsExactlyElementsOf(SyntheticScores.PAPER_PASSES);
        assertThat(in.passMillis().get(Pass.NOISE_10)[4]).isEqualTo(SyntheticScores.time(Pass.NOISE_10, 4));
        assertThat(in.similarityMillis()[5]).isEqualTo(SyntheticScores.similarityTime(5));
        assertThat(in.config().config()).isNotNull();
        assertThat(in.config().hash()).isEqualTo(SyntheticScores.DEFAULT_HASH);
        assertThat(in.accuracy()).isNull();
    }

    /**
     * A file of this version carries its configuration: an uncommon one (B = 37, seed 99999), which no table of known
     * hashes holds, is still described in full; the new pass-time spelling (noise0_1_ms) is read.
     */
    @Test
    void theConfigurationComesFromTheFileNotFromTheHash() throws Exception {
        io.nasscore.core.score.ScoreConfig odd = io.nasscore.core.score.ScoreConfig.defaults(io.nasscore.core.Dataset.CIFAR10)
                .withBatchSize(37).withSeed(99_999);
        StringBuilder b = new StringBuilder(io.nasscore.core.table.ScoresCsv.header()).append('\n');
        for (int i = 0; i < 5; i++) {
            b.append(io.nasscore.core.table.ScoresCsv.Layout.current().row(new io.nasscore.core.score.ScoreResult(
                    io.nasscore.core.space.SearchSpace.arch(i), odd, java.util.Map.of(io.nasscore.core.score.ScoreName.JS, 0.1 * i),
                    -65.0, 1, 0, 0, false, 1000, java.util.Map.of(Pass.NOISE_0_1, 1.0 + i), 1, 2, "cpu()"))).append('\n');
        }
        Path f = Files.writeString(dir.resolve("new.csv"), b);
        ReportInput in = new CsvReportData(f, null, false, null).load();
        assertThat(in.config().config()).isEqualTo(odd);
        assertThat(in.config().describe()).contains("B = 37").contains("init seed 99999");
        assertThat(in.passMillis().get(Pass.NOISE_0_1)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void timesStayAlignedWhenDegenerateRowsAreDropped() throws Exception {
        Path f = Files.writeString(dir.resolve("d.csv"), "index,JS,input_degenerate,clean_ms\n"
                + "5,0.1,1,100\n6,0.2,0,200\n7,0.3,1,300\n8,0.4,0,400\n");
        ReportInput in = new CsvReportData(f, List.of("JS"), true, null).load();
        assertThat(in.indices()).containsExactly(6, 8);
        assertThat(in.passMillis().get(Pass.CLEAN)).containsExactly(200, 400);
        assertThat(in.dropped()).isEqualTo(2);
        assertThat(in.config().hash()).isNull();
    }

    @Test
    void selectingOneConfigurationKeepsLineNumbersInMessages() throws Exception {
        Path f = Files.writeString(dir.resolve("c.csv"), "index,JS,config_hash\n1,0.5,aaaa\n2,0.5,bbbb\n3,oops,aaaa\n");
        ReportInput b = new CsvReportData(f, List.of("JS"), false, "bbbb").load();
        assertThat(b.indices()).containsExactly(2);
        assertThatThrownBy(() -> new CsvReportData(f, List.of("JS"), false, "aaaa").load())
                .hasMessageContaining("c.csv").hasMessageContaining("line 4").hasMessageContaining("'oops' is not a number");
        assertThatThrownBy(() -> new CsvReportData(f, null, false, "cccc").load())
                .hasMessageContaining("no row has config_hash 'cccc'").hasMessageContaining("aaaa (2 rows)");
        Path noHash = Files.writeString(dir.resolve("n.csv"), "index,JS\n1,0.5\n");
        assertThatThrownBy(() -> new CsvReportData(noHash, null, false, "aaaa").load())
                .hasMessageContaining("--config-hash needs a 'config_hash' column");
    }

    @Test
    void onlyBaselineColumnsIsAnError() throws Exception {
        Path f = Files.writeString(dir.resolve("p.csv"), "index,params,flops\n1,5,6\n2,6,7\n");
        assertThatThrownBy(() -> new CsvReportData(f, null, false, null).load())
                .hasMessageContaining("p.csv").hasMessageContaining("no numeric score column found besides params and flops");
    }
}
