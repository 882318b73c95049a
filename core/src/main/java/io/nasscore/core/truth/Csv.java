package io.nasscore.core.truth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A small, strict CSV reader: comma-separated, UTF-8 (a leading BOM is ignored), one header line, RFC 4180
 * quoting (a quoted field may hold commas, doubled quotes {@code ""} and line breaks), {@code \n} or
 * {@code \r\n} line ends, blank lines skipped. Every row must have as many fields as the header.
 *
 * <p>Every problem is a {@link CsvException} naming the source, the line and (when relevant) the column.
 * Numbers are parsed with {@link Row#getDouble}: empty, {@code nan} and {@code NaN} mean "no value"
 * (NaN); {@code inf}, {@code -inf}, {@code Infinity} are accepted; anything else that is not a decimal
 * number is an error.
 */
public final class Csv {
    private Csv() {}

    /**
     * Reads a whole file; a name ending in {@code .gz} is read through gzip (several concatenated members too, so a
     * file grown by appending compressed rows reads as one). A missing or unreadable file is a {@link CsvException}
     * naming it.
     */
    public static Table read(Path file) {
        String source = file.toString();
        try (InputStream raw = Files.newInputStream(file);
             BufferedReader r = new BufferedReader(new InputStreamReader(
                     source.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw,
                     StandardCharsets.UTF_8.newDecoder()))) {
            return read(r, source);
        } catch (NoSuchFileException e) {
            throw new CsvException(source, 0, null, "file not found", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CsvException(source, 0, null, "not valid UTF-8 text", e);
        } catch (IOException e) {
            throw new CsvException(source, 0, null, "cannot be read: " + e, e);
        }
    }

    /** Reads a stream (UTF-8) named {@code source} in messages; the stream is not closed. */
    public static Table read(InputStream in, String source) {
        try {
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), source);
        } catch (IOException e) {
            throw new CsvException(source, 0, null, "cannot be read: " + e, e);
        }
    }

    /** Parses CSV text named {@code source} in messages. */
    public static Table parse(String text, String source) {
        try {
            return read(new BufferedReader(new StringReader(text)), source);
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen with a StringReader
        }
    }

    private static Table read(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        LineSource lines = new LineSource(in);
        List<String> headerFields = nextRecord(lines, source);
        if (headerFields == null) throw new CsvException(source, 0, null, "empty file: no header line");
        int headerLine = lines.recordStart;
        if (!headerFields.isEmpty() && headerFields.get(0).startsWith("\uFEFF")) {
            headerFields.set(0, headerFields.get(0).substring(1));
        }
        List<String> header = new ArrayList<>(headerFields.size());
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < headerFields.size(); c++) {
            String name = headerFields.get(c).trim();
            if (name.isEmpty()) {
                throw new CsvException(source, headerLine, null, "header field " + (c + 1) + " is empty");
            }
            Integer previous = index.putIfAbsent(name, c);
            if (previous != null) {
                throw new CsvException(source, headerLine, name, "duplicate header name (fields "
                        + (previous + 1) + " and " + (c + 1) + ")");
            }
            header.add(name);
        }
        Table table = new Table(source, Collections.unmodifiableList(header), index);
        List<String> fields;
        while ((fields = nextRecord(lines, source)) != null) {
            int line = lines.recordStart;
            if (fields.size() != header.size()) {
                throw new CsvException(source, line, null, "expected " + header.size()
                        + " fields (as in the header), found " + fields.size());
            }
            table.rows.add(new Row(table, line, fields.toArray(new String[0])));
        }
        return table;
    }

    /** Physical lines with their 1-based numbers. */
    private static final class LineSource {
        final BufferedReader in;
        int lineNo;
        int recordStart;

        LineSource(BufferedReader in) { this.in = in; }

        String next() throws IOException {
            String l = in.readLine();
            if (l != null) lineNo++;
            return l;
        }
    }

    /** The next non-blank record (joining the lines of a quoted field with line breaks), or null at the end. */
    private static List<String> nextRecord(LineSource lines, String source) throws IOException {
        String line;
        do {
            line = lines.next();
            if (line == null) return null;
        } while (line.isEmpty());
        lines.recordStart = lines.lineNo;
        StringBuilder record = new StringBuilder(line);
        List<String> fields = new ArrayList<>();
        while (!split(record, fields, source, lines.recordStart)) {
            String more = lines.next();
            if (more == null) {
                throw new CsvException(source, lines.recordStart, null,
                        "unterminated quoted field (no closing '\"' before the end of the file)");
            }
            record.append('\n').append(more);
        }
        return fields;
    }

    /**
     * Splits one record into {@code fields}; false when a quoted field is still open at the end (the record
     * continues on the next line).
     */
    private static boolean split(CharSequence s, List<String> fields, String source, int line) {
        fields.clear();
        int n = s.length();
        int i = 0;
        StringBuilder f = new StringBuilder();
        while (true) {
            f.setLength(0);
            if (i < n && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '"') {
                        if (i < n && s.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        f.append(c);
                    }
                }
                if (!closed) return false;
                if (i < n && s.charAt(i) != ',') {
                    throw new CsvException(source, line, null, "field " + (fields.size() + 1)
                            + ": unexpected text after the closing quote of \"" + f + "\"");
                }
            } else {
                while (i < n && s.charAt(i) != ',') f.append(s.charAt(i++));
            }
            fields.add(f.toString());
            if (i >= n) return true;
            i++; // the comma
            if (i == n) {
                fields.add("");
                return true;
            }
        }
    }

    /**
     * One CSV line of {@code fields} (no line end), RFC 4180 quoted: a field holding a comma, a quote, a line break
     * or surrounding spaces is enclosed in quotes with its quotes doubled; {@link #parse} reads it back unchanged.
     */
    public static String line(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) b.append(',');
            b.append(quote(fields.get(i)));
        }
        return b.toString();
    }

    /** One field, RFC 4180 quoted when it needs it (see {@link #line}). */
    public static String quote(String field) {
        boolean needs = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0 || (!field.isEmpty() && (field.charAt(0) == ' ' || field.charAt(field.length() - 1) == ' '));
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    /** Parses a number the way {@link Row#getDouble} does; null when it is not one. */
    static Double parseNumber(String raw) {
        String t = raw.trim();
        if (t.isEmpty()) return Double.NaN;
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "nan", "+nan", "-nan": return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        char last = lower.charAt(lower.length() - 1);
        if (!(Character.isDigit(last) || last == '.')) return null; // rejects Java's "1d", "1f", "0x1p3"
        if (lower.contains("x")) return null;
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A parsed CSV: header and rows, in file order. */
    public static final class Table {
        private final String source;
        private final List<String> header;
        private final Map<String, Integer> index;
        private final List<Row> rows = new ArrayList<>();

        private Table(String source, List<String> header, Map<String, Integer> index) {
            this.source = source;
            this.header = header;
            this.index = index;
        }

        /** The file or resource name used in messages. */
        public String source() { return source; }

        /** The column names, trimmed, in file order. */
        public List<String> header() { return header; }

        public boolean hasColumn(String name) { return index.containsKey(name); }

        /** The 0-based position of a column; a {@link CsvException} listing the columns when absent. */
        public int column(String name) {
            Integer c = index.get(name);
            if (c == null) {
                throw new CsvException(source, 0, name, "no such column; the header has " + String.join(", ", header));
            }
            return c;
        }

        /** The 0-based position of a column, or -1 when absent. */
        public int columnOrMinusOne(String name) {
            Integer c = index.get(name);
            return c == null ? -1 : c;
        }

        /** Data rows (the header excluded). */
        public int size() { return rows.size(); }

        public Row row(int i) { return rows.get(i); }

        /** Unmodifiable view of the data rows. */
        public List<Row> rows() { return Collections.unmodifiableList(rows); }
    }

    /** One data row; every getter's error names the source, this row's line and the column. */
    public static final class Row {
        private final Table table;
        private final int line;
        private final String[] fields;

        private Row(Table table, int line, String[] fields) {
            this.table = table;
            this.line = line;
            this.fields = fields;
        }

        /** 1-based line number of the row's first line in the source. */
        public int line() { return line; }

        /** The raw field (unquoted, not trimmed). */
        public String get(int column) { return fields[column]; }

        public String get(String column) { return fields[table.column(column)]; }

        /** The field as a double: empty or nan = NaN; inf accepted; anything else not numeric is an error. */
        public double getDouble(int column) {
            Double d = parseNumber(fields[column]);
            if (d == null) throw error(column, "'" + fields[column] + "' is not a number");
            return d;
        }

        public double getDouble(String column) { return getDouble(table.column(column)); }

        /** The field as an int (surrounding spaces allowed); empty or non-integer is an error. */
        public int getInt(int column) {
            String t = fields[column].trim();
            if (t.isEmpty()) throw error(column, "empty value where an integer is expected");
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw error(column, "'" + fields[column] + "' is not an integer");
            }
        }

        public int getInt(String column) { return getInt(table.column(column)); }

        /** An exception for a problem in one field of this row, naming source, line and column. */
        public CsvException error(int column, String problem) {
            return new CsvException(table.source, line, table.header.get(column), problem);
        }
    }
}
