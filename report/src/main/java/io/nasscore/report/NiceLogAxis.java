package io.nasscore.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/** A base-10 log axis with ticks at round values: 1, 2, 5 x 10^k (only 1 x 10^k over more than 3 decades). */
final class NiceLogAxis extends LogAxis {
    NiceLogAxis(String label) {
        super(label);
        setSmallestValue(1e-300);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        double lo = getLowerBound();
        double hi = getUpperBound();
        List ticks = new ArrayList();
        if (!(lo > 0) || !(hi > lo)) return super.refreshTicks(g2, state, dataArea, edge);
        int k0 = (int) Math.floor(Math.log10(lo));
        int k1 = (int) Math.ceil(Math.log10(hi));
        double[] mantissas = k1 - k0 > 3 ? new double[] {1} : new double[] {1, 2, 5};
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        TextAnchor anchor = vertical ? (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT)
                : (edge == RectangleEdge.BOTTOM ? TextAnchor.TOP_CENTER : TextAnchor.BOTTOM_CENTER);
        for (int k = k0; k <= k1; k++) {
            for (double m : mantissas) {
                double v = m * Math.pow(10, k);
                if (v < lo || v > hi) continue;
                ticks.add(new NumberTick(TickType.MAJOR, v, label(v), anchor, anchor, 0.0));
            }
        }
        if (ticks.size() < 2) return super.refreshTicks(g2, state, dataArea, edge);
        return ticks;
    }

    private static String label(double v) {
        DecimalFormat f = new DecimalFormat(v >= 1 ? "#,##0" : "0.#########", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(v);
    }
}
