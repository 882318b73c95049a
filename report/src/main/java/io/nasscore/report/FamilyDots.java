package io.nasscore.report;

import static io.nasscore.report.Labels.label;

import io.nasscore.core.metrics.MeanStd;
import io.nasscore.report.ReportModel.Column;
import io.nasscore.report.ReportModel.Family;
import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The best accuracy each column retrieves (mean ± std over the runs) as one dot per column, one series per family so
 * the dots take the family's colour and the legend names the families: figures 3 and 6.
 */
final class FamilyDots {
    private FamilyDots() {}

    /** The dots of {@code cols}, in their order; a column without a finite mean has none. */
    static DefaultStatisticalCategoryDataset dataset(List<Column> cols) {
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        Map<Family, Integer> series = series(cols);
        for (Column c : cols) {
            MeanStd b = c.all().bestAccuracy();
            for (Family f : series.keySet()) {
                boolean mine = f == c.family();
                ds.add(mine && b != null && Double.isFinite(b.mean()) ? b.mean() : null,
                        mine && b != null && Double.isFinite(b.std()) ? b.std() : null, f.label(), label(c));
            }
        }
        return ds;
    }

    /** Dots without lines, each series in its family's colour, error bars as thick as the dots' outline. */
    static StatisticalLineAndShapeRenderer renderer(List<Column> cols) {
        StatisticalLineAndShapeRenderer r = new StatisticalLineAndShapeRenderer(false, true);
        for (Map.Entry<Family, Integer> e : series(cols).entrySet()) {
            r.setSeriesPaint(e.getValue(), Style.familyColour(e.getKey()));
            r.setSeriesShape(e.getValue(), new Ellipse2D.Double(-6, -6, 12, 12));
        }
        r.setErrorIndicatorStroke(new BasicStroke(2f));
        return r;
    }

    /** The families present, in the enum's order, each with its series index. */
    private static Map<Family, Integer> series(List<Column> cols) {
        Map<Family, Integer> series = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            if (cols.stream().anyMatch(c -> c.family() == f)) series.put(f, series.size());
        }
        return series;
    }
}
