package io.nasscore.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.nasscore.core.metrics.Combinations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The report of the shipped results ({@code docs/results/cifar10-b64.csv}, the defaults of {@code nasscore report
 * --input docs/results/cifar10-b64.csv}) is byte for byte the one the report wrote before it became its own module:
 * the table and the HTML page (every metric, label and caption) are compared with golden copies written by that
 * version. A change of any number, rounding or caption word fails here.
 */
class ShippedResultsReportTest {

    /** The path the golden page was written with (the page names its input). */
    static final String GOLDEN_SOURCE = "docs/results/cifar10-b64.csv";

    @Test
    void tableAndPageMatchTheGoldenCopies() throws IOException {
        Path csv = Path.of("..", GOLDEN_SOURCE);
        ReportInput in = new CsvReportData(csv, null, false, null).load();
        ReportModel model = new ReportRequest(null, null, null, 10, 1000, 0, Combinations.ALL).model(in);

        assertThat(MetricsTable.csv(model)).isEqualTo(golden("cifar10-b64-table.csv"));
        String page = HtmlPage.render(model, Figures.all(model)).replace(csv.toString(), GOLDEN_SOURCE);
        assertThat(page).isEqualTo(golden("cifar10-b64-index.html"));
    }

    private static String golden(String name) throws IOException {
        try (InputStream s = ShippedResultsReportTest.class.getResourceAsStream("golden/" + name)) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
