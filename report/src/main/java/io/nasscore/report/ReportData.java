package io.nasscore.report;

/**
 * Where a report's scores come from. Two implementations: {@link CsvReportData} (a scores CSV, offline) and
 * {@link PostgresReportData} (the {@code v_scores} view of one experiment). A source yields the scores of ONE
 * score configuration (two configurations are never mixed in a figure: scores.md, introduction).
 */
public interface ReportData {

    /** What the data is, for messages and the page header, e.g. the file path or "experiment X". */
    String describe();

    /**
     * Reads the scores. Bad input is an {@link IllegalArgumentException} (or a CsvException) whose message names
     * the input and what is wrong.
     */
    ReportInput load();
}
