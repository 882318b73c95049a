package io.nasscore.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nasscore.core.Dataset;
import io.nasscore.core.score.Pass;
import io.nasscore.core.score.ScoreConfig;
import io.nasscore.core.score.ScoreName;
import io.nasscore.core.score.ScoreResult;
import io.nasscore.core.space.SearchSpace;
import io.nasscore.core.truth.Csv;
import io.nasscore.core.truth.CsvException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoresCsvTest {

    @TempDir Path dir;

    private static final ScoreConfig CONFIG = ScoreConfig.defaults(Dataset.CIFAR10).withBatchSize(64);

    private static ScoreResult result(String device, ScoreConfig config) {
        return new ScoreResult(SearchSpace.arch(550), config, Map.of(ScoreName.JS, 0.25, ScoreName.PJS, 0.5), -65.1,
                23, 0, 0, false, 101_306, Map.of(Pass.CLEAN, 1.5, Pass.NOISE_0_1, 2.25), 3.0, 10.0, device);
    }

    /** The old writer replaced ',' by ';' in the device name; a quote would have broken the row. */
    @Test
    void aDeviceNameWithACommaAndAQuoteRoundTrips() {
        String device = "cuda:0, \"NVIDIA A100\", 80GB";
        String text = ScoresCsv.header() + "\n" + ScoresCsv.Layout.current().row(result(device, CONFIG)) + "\n";
        Csv.Table t = Csv.parse(text, "t");
        assertThat(t.header()).isEqualTo(ScoresCsv.HEADER);
        assertThat(t.row(0).get("device")).isEqualTo(device);
        assertThat(t.row(0).getDouble("JS")).isEqualTo(0.25);
        assertThat(t.row(0).get("SNS")).isEmpty();
        assertThat(t.row(0).getDouble(Pass.NOISE_0_1.column())).isEqualTo(2.25);
    }

    /** The file carries its configuration: no table of known hashes is needed, even for an uncommon one. */
    @Test
    void theConfigurationIsReadBackFromTheFile() {
        ScoreConfig odd = new ScoreConfig(Dataset.CIFAR100, 37, ScoreConfig.BatchPolicy.FRESH, ScoreConfig.JacobianTarget.MELLOR,
                ScoreConfig.BnMode.EVAL, 99_999, ScoreConfig.Normalisation.BOUNDS, "/data/my;images=new, \"x\"");
        String text = ScoresCsv.header() + "\n" + ScoresCsv.Layout.current().row(result("cpu()", odd)) + "\n";
        Csv.Table t = Csv.parse(text, "t");
        assertThat(ScoresCsv.config(t, odd.hash())).isEqualTo(odd);
        assertThat(ScoresCsv.config(t, "0000000000000000")).isNull();
    }

    @Test
    void aConfigurationThatDoesNotMatchItsHashIsAnErrorNamingTheLine() {
        String row = ScoresCsv.Layout.current().row(result("cpu()", CONFIG)).replace("batch=64", "batch=65");
        Csv.Table t = Csv.parse(ScoresCsv.header() + "\n" + row + "\n", "edited.csv");
        assertThatThrownBy(() -> ScoresCsv.config(t, CONFIG.hash())).isInstanceOf(CsvException.class)
                .hasMessageContaining("edited.csv").hasMessageContaining("line 2").hasMessageContaining("config_hash");
    }

    /** The shipped CSVs: old pass-time spelling, no config column; they still read, with their times. */
    @Test
    void theShippedFilesStillRead() {
        for (String f : List.of("cifar10-b64.csv", "cifar10-b64-rest.csv", "proxies-validation-b64.csv")) {
            Csv.Table csv = Csv.read(Path.of("../docs/results", f));
            assertThat(ScoresCsv.passColumn(csv, Pass.NOISE_0_1)).as(f).isEqualTo(csv.column("noise0.1_ms"));
            assertThat(ScoresCsv.config(csv, "fd2a6f1a8b31c513")).as(f + ": no config column").isNull();
            ScoreTable table = ScoreTable.read(csv, null, false);
            assertThat(table.indices()).as(f).hasSize(csv.size());
            assertThat(table.columns()).as(f).doesNotContainKeys("config", "config_hash", "device");
        }
    }

    @Test
    void anEarlierVersionsFileIsContinuedInItsOwnColumns() throws Exception {
        Path old = Files.writeString(dir.resolve("old.csv"), "index,arch,JS,js_raw,noise0.1_ms,device,config_hash\n");
        ScoresCsv.Layout layout = ScoresCsv.Layout.ofFile(old, EnumSet.of(ScoreName.JS));
        assertThat(layout.carriesConfig()).isFalse();
        Files.writeString(old, layout.row(result("gpu, 1", CONFIG)) + "\n", java.nio.file.StandardOpenOption.APPEND);
        Csv.Row r = Csv.read(old).row(0);
        assertThat(r.getDouble("noise0.1_ms")).isEqualTo(2.25);
        assertThat(r.get("device")).isEqualTo("gpu, 1");
        assertThat(r.get("config_hash")).isEqualTo(CONFIG.hash());

        assertThatThrownBy(() -> ScoresCsv.Layout.ofFile(old, EnumSet.of(ScoreName.PJS)))
                .hasMessageContaining("old.csv").hasMessageContaining("no column PJS");
        Path foreign = Files.writeString(dir.resolve("foreign.csv"), "index,JS,mystery,config_hash\n");
        assertThatThrownBy(() -> ScoresCsv.Layout.ofFile(foreign, EnumSet.of(ScoreName.JS)))
                .hasMessageContaining("foreign.csv").hasMessageContaining("'mystery'");
    }

    @Test
    void canonicalStringsRoundTrip() {
        for (Dataset d : Dataset.values()) {
            ScoreConfig c = ScoreConfig.defaults(d).withSeed(42).withTarget(ScoreConfig.JacobianTarget.OUTPUT_SUM);
            assertThat(ScoreConfig.fromCanonical(c.canonical())).isEqualTo(c);
        }
        assertThatThrownBy(() -> ScoreConfig.fromCanonical("dataset=cifar10;batch=x")).hasMessageContaining("dataset=cifar10;batch=x");
    }
}
