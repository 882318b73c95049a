package io.nasscore.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a report into a directory: {@code index.html}, {@code figure2..6.png} and {@code .svg}, {@code table.csv}.
 * Headless: no display is needed.
 */
public final class Report {
    private Report() {}

    /** The figure file stems, in page order. */
    public static final List<String> FIGURES = List.of("figure2", "figure3", "figure4", "figure5", "figure6");

    /** Writes every file of the report of {@code model} into {@code dir} (created if missing); returns them. */
    public static List<Path> write(ReportModel model, Path dir) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
            List<Path> written = new ArrayList<>();
            List<Figure> figures = Figures.all(model);
            for (Figure f : figures) {
                written.add(f.writePng(dir));
                written.add(f.writeSvg(dir));
            }
            Path table = dir.resolve("table.csv");
            Files.writeString(table, MetricsTable.csv(model), StandardCharsets.UTF_8);
            written.add(table);
            Path index = dir.resolve("index.html");
            Files.writeString(index, HtmlPage.render(model, figures), StandardCharsets.UTF_8);
            written.add(index);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }
}
