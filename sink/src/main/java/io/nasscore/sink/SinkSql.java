package io.nasscore.sink;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** What every part of the sink does with JDBC the same way: connections that time out, errors told apart and named. */
final class SinkSql {
    private SinkSql() {}

    /** A pooled connection whose every call fails after the socket timeout instead of waiting for ever. */
    static Connection connection(DataSource ds, Duration socketTimeout) throws SQLException {
        Connection c = ds.getConnection();
        try {
            c.setNetworkTimeout(Runnable::run, Math.toIntExact(socketTimeout.toMillis()));
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): the row, not the database, is wrong. */
    static boolean isDataError(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) return true;
            if (x.getNextException() == x) break;
        }
        return false;
    }

    /** The first line of the database's own message (the batch's cause, not "Batch entry 3 ... was aborted"). */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        if (e instanceof BatchUpdateException b && b.getNextException() != null) t = b.getNextException();
        String m = t.getMessage();
        return m == null ? t.toString() : m.lines().findFirst().orElse(m);
    }

    static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) ps.setNull(i, Types.DOUBLE);
        else ps.setDouble(i, v);
    }

    static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
        ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
