package io.nasscore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nasscore.stack.EmbeddedStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sql",
        description = {"Run SQL on the nasscore database and print the result.",
            "Without --jdbc-url and without a running `nasscore up`, it starts the embedded PostgreSQL of --data-dir "
                    + "for the query and stops it after."})
final class SqlCommand implements Callable<Integer> {

    enum Format { table, csv, json }

    @Spec CommandSpec spec;

    @Mixin ConnectionOptions conn;

    @Parameters(index = "0", paramLabel = "QUERY",
            description = "one or more statements separated by ';' ('-' reads them from standard input)")
    String query;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = "table (aligned columns, NULL as empty, a row count line), csv (a header line, NULL as an empty field) "
                    + "or json (an array of row objects per result); default: ${DEFAULT-VALUE}")
    Format format;

    @Override
    public Integer call() throws Exception {
        String sql = "-".equals(query) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : query;
        if (sql.isBlank()) throw new IllegalArgumentException("empty query");
        PrintWriter out = spec.commandLine().getOut();
        try (EmbeddedStack stack = conn.startMissing(false, true)) {
            Connection c;
            try {
                c = conn.connect();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect to " + conn.jdbcUrl() + " as " + conn.dbUser() + ": " + oneLine(e.getMessage()));
            }
            try (c; Statement s = c.createStatement()) {
                boolean isResultSet;
                try {
                    isResultSet = s.execute(sql);
                } catch (SQLException e) {
                    throw failed(e);
                }
                while (true) {
                    if (isResultSet) {
                        try (ResultSet rs = s.getResultSet()) {
                            print(rs, out);
                        }
                    } else {
                        int n = s.getUpdateCount();
                        if (n == -1) break;
                        if (format == Format.table) out.println("(" + n + (n == 1 ? " row" : " rows") + " affected)");
                    }
                    try {
                        isResultSet = s.getMoreResults();
                    } catch (SQLException e) {
                        throw failed(e);
                    }
                }
            }
        }
        out.flush();
        return 0;
    }

    private void print(ResultSet rs, PrintWriter out) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] names = new String[n];
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            names[i] = md.getColumnLabel(i + 1);
            numeric[i] = isNumeric(md.getColumnType(i + 1));
        }
        switch (format) {
            case table -> printTable(rs, out, names, numeric);
            case csv -> printCsv(rs, out, names);
            case json -> printJson(rs, out, names, md);
        }
    }

    private static void printTable(ResultSet rs, PrintWriter out, String[] names, boolean[] numeric) throws SQLException {
        int n = names.length;
        List<String[]> rows = new ArrayList<>();
        int[] width = new int[n];
        for (int i = 0; i < n; i++) width[i] = names[i].length();
        while (rs.next()) {
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                String v = rs.getString(i + 1);
                row[i] = v == null ? "" : v.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
                width[i] = Math.max(width[i], row[i].length());
            }
            rows.add(row);
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) line.append(" | ");
            line.append(pad(names[i], width[i], numeric[i]));
        }
        out.println(line.toString().stripTrailing());
        line.setLength(0);
        for (int i = 0; i < n; i++) {
            if (i > 0) line.append("-+-");
            line.append("-".repeat(width[i]));
        }
        out.println(line);
        for (String[] row : rows) {
            line.setLength(0);
            for (int i = 0; i < n; i++) {
                if (i > 0) line.append(" | ");
                line.append(pad(row[i], width[i], numeric[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private static void printCsv(ResultSet rs, PrintWriter out, String[] names) throws SQLException {
        List<String> cells = new ArrayList<>();
        for (String name : names) cells.add(csv(name));
        out.println(String.join(",", cells));
        while (rs.next()) {
            cells.clear();
            for (int i = 0; i < names.length; i++) {
                String v = rs.getString(i + 1);
                cells.add(v == null ? "" : v.isEmpty() ? "\"\"" : csv(v));
            }
            out.println(String.join(",", cells));
        }
    }

    private static void printJson(ResultSet rs, PrintWriter out, String[] names, ResultSetMetaData md) throws SQLException, IOException {
        ObjectMapper om = new ObjectMapper();
        ArrayNode arr = om.createArrayNode();
        while (rs.next()) {
            ObjectNode o = arr.addObject();
            for (int i = 0; i < names.length; i++) {
                int type = md.getColumnType(i + 1);
                Object v = rs.getObject(i + 1);
                if (v == null) o.putNull(names[i]);
                else if (type == Types.BOOLEAN || type == Types.BIT) o.put(names[i], rs.getBoolean(i + 1));
                else if (v instanceof Integer || v instanceof Short || v instanceof Long) o.put(names[i], ((Number) v).longValue());
                else if (v instanceof BigDecimal bd) o.put(names[i], bd);
                else if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) o.put(names[i], d);
                else if (v instanceof Float f && !f.isNaN() && !f.isInfinite()) o.put(names[i], f);
                else o.put(names[i], rs.getString(i + 1));
            }
        }
        out.println(om.writeValueAsString(arr));
    }

    private static boolean isNumeric(int type) {
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                 Types.NUMERIC, Types.DECIMAL -> true;
            default -> false;
        };
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** A failed statement is bad input: the server's message on one line, exit code 2. */
    private static RuntimeException failed(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return new IllegalStateException("lost the database connection: " + oneLine(e.getMessage()));
        }
        return new IllegalArgumentException("query failed: " + oneLine(e.getMessage()));
    }

    static String oneLine(String s) {
        if (s == null) return "";
        String t = s.replaceAll("\\s*\\R\\s*", "; ").replaceAll("\\s+", " ").trim();
        return t.regionMatches(true, 0, "ERROR: ", 0, 7) ? t.substring(7) : t;
    }
}
