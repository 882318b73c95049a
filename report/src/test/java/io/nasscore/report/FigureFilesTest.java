package io.nasscore.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A figure's files depend on the model only: the same report written twice is the same bytes (no churn in git). */
class FigureFilesTest {

    @Test
    void theSameFigureWrittenTwiceIsTheSameSvgAndPng(@TempDir Path dir) throws Exception {
        Figure f = RetrievalFigure.of(RetrievalFigureTest.model());
        Path a = f.writeSvg(dir.resolve("a"));
        Thread.sleep(5); // the clock moves between the two writes
        Path b = f.writeSvg(dir.resolve("b"));
        assertThat(Files.readString(a)).isEqualTo(Files.readString(b)).contains("clipPath id='figure6-");
        assertThat(Files.readAllBytes(f.writePng(dir.resolve("c")))).isEqualTo(Files.readAllBytes(f.writePng(dir.resolve("d"))));
    }
}
