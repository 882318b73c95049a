package io.nasscore.core.truth;

/**
 * A CSV that cannot be read as expected. The message names the source (file path or resource), the
 * 1-based line number when there is one, the column when there is one, and what is wrong, e.g.
 * {@code scores.csv: line 17, column 'JS': 'abc' is not a number}.
 */
public class CsvException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final String column;

    public CsvException(String source, int line, String column, String problem) {
        this(source, line, column, problem, null);
    }

    public CsvException(String source, int line, String column, String problem, Throwable cause) {
        super(format(source, line, column, problem), cause);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** The file or resource name. */
    public String source() { return source; }

    /** 1-based line number, or 0 when the problem is not tied to a line. */
    public int line() { return line; }

    /** The column name, or null. */
    public String column() { return column; }

    private static String format(String source, int line, String column, String problem) {
        StringBuilder sb = new StringBuilder(source == null ? "<csv>" : source).append(": ");
        if (line > 0) sb.append("line ").append(line);
        if (column != null) sb.append(line > 0 ? ", " : "").append("column '").append(column).append('\'');
        if (line > 0 || column != null) sb.append(": ");
        return sb.append(problem).toString();
    }
}
