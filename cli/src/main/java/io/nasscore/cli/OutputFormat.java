package io.nasscore.cli;

import java.util.Locale;

/**
 * {@code --format} of every command that prints data: a table for people, CSV and JSON for programs. Tables round
 * numbers to what a reader compares; the machine formats keep every digit (a double printed there parses back to
 * the same double).
 */
enum OutputFormat {
    table, csv, json;

    static final String DESCRIPTION = "table (for people, numbers rounded), csv or json (for programs, full precision)";

    /** A number as this format writes it: rounded to {@code decimals} in a table, the round-trip form otherwise. */
    String number(double v, int decimals) {
        if (Double.isNaN(v)) return "NaN";
        if (this == table) return String.format(Locale.ROOT, "%." + decimals + "f", v);
        return Double.toString(v);
    }
}
