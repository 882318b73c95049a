package io.nasscore.report;

import java.util.List;

/** The paper's figures 2 to 5 of a {@link ReportModel} and our figure 6, in page order: one class per chart. */
final class Figures {
    private Figures() {}

    static List<Figure> all(ReportModel m) {
        return List.of(ScatterFigure.of(m), BestAccuracyFigure.of(m), MonotonicityFigure.of(m), SlopeFigure.of(m),
                RetrievalFigure.of(m));
    }
}
