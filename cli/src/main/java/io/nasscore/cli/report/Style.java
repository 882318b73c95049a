package io.nasscore.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;

/**
 * The look of every figure: white background, the Okabe-Ito colour-blind-safe palette, one sans-serif family at
 * sizes readable when the figure is shown at its natural size.
 */
final class Style {
    private Style() {}

    // Okabe & Ito (2008), "Color universal design": distinguishable under the common colour-vision deficiencies.
    static final Color BLACK = new Color(0x000000);
    static final Color ORANGE = new Color(0xE69F00);
    static final Color SKY_BLUE = new Color(0x56B4E9);
    static final Color GREEN = new Color(0x009E73);
    static final Color BLUE = new Color(0x0072B2);
    static final Color VERMILLION = new Color(0xD55E00);
    static final Color PURPLE = new Color(0xCC79A7);
    static final Color GREY = new Color(0x8C8C8C);

    /** "every architecture": light grey points, grey bars. */
    static final Color ALL_POINTS = new Color(0x8C, 0x8C, 0x8C, 80);
    static final Color ALL = GREY;
    /** "above the median score": vermillion points and bars. */
    static final Color ABOVE_POINTS = new Color(0xD5, 0x5E, 0x00, 150);
    static final Color ABOVE = VERMILLION;
    /** the OLS fit of the above-median points. */
    static final Color FIT = BLUE;

    static final Color GRID = new Color(0xDDDDDD);
    static final Color TEXT = new Color(0x222222);
    static final Color MUTED = new Color(0x555555);

    static final BasicStroke FIT_STROKE = new BasicStroke(2.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke GRID_STROKE = new BasicStroke(0.8f);
    static final BasicStroke MARKER_STROKE = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 5f}, 0f);

    static final String FAMILY = pickFamily();

    static Font font(int style, float size) { return new Font(FAMILY, style, 1).deriveFont(size); }

    static final Font FIGURE_TITLE = font(Font.BOLD, 24f);
    static final Font FIGURE_SUBTITLE = font(Font.PLAIN, 16f);
    static final Font PANEL_TITLE = font(Font.BOLD, 19f);
    static final Font PANEL_SUBTITLE = font(Font.PLAIN, 14f);
    static final Font AXIS_LABEL = font(Font.PLAIN, 16f);
    static final Font TICK = font(Font.PLAIN, 14f);
    static final Font LEGEND = font(Font.PLAIN, 16f);
    static final Font ITEM_LABEL = font(Font.PLAIN, 13f);
    static final Font NOTE = font(Font.ITALIC, 15f);

    private static String pickFamily() {
        String[] have = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
        for (String want : new String[] {"DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"}) {
            if (Arrays.asList(have).contains(want)) return want;
        }
        return Font.SANS_SERIF;
    }
}
