package io.nasscore.cli;

import java.util.List;

/** Aligned text tables for the terminal: numbers right-aligned, text left-aligned. */
final class Tables {
    private Tables() {}

    static String render(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) w[i] = header.get(i).length();
        for (List<String> r : rows) {
            for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r.get(i) == null ? 4 : r.get(i).length());
        }
        StringBuilder b = new StringBuilder();
        line(b, header, w, rows);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            if (i > 0) rule.append("  ");
            rule.append("-".repeat(w[i]));
        }
        b.append(rule).append('\n');
        for (List<String> r : rows) line(b, r, w, rows);
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] w, List<List<String>> rows) {
        for (int i = 0; i < w.length; i++) {
            if (i > 0) b.append("  ");
            String c = cells.get(i) == null ? "null" : cells.get(i);
            boolean right = numericColumn(rows, i);
            String pad = " ".repeat(w[i] - c.length());
            b.append(right ? pad + c : c + pad);
        }
        b.append('\n');
    }

    private static boolean numericColumn(List<List<String>> rows, int i) {
        for (List<String> r : rows) {
            String c = r.get(i);
            if (c == null || c.isEmpty() || c.equals("NaN")) continue;
            try {
                Double.parseDouble(c);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return !rows.isEmpty();
    }
}
