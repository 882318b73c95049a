package io.nasscore.sink;

import static io.nasscore.sink.SinkSql.isDataError;
import static io.nasscore.sink.SinkSql.rootMessage;

import io.nasscore.sink.SinkBatch.Op;
import io.nasscore.sink.SinkTables.Stmt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll's database transaction: the batch's rows, then the positions after them ({@link StoredPositions#store}),
 * committed together. A row PostgreSQL rejects (a data or constraint error) is skipped alone: the batch is replayed
 * row by row, each row under a savepoint. Any other error rolls the whole transaction back and the caller re-reads
 * the stored positions.
 */
final class SinkTransaction {
    private static final Logger log = LoggerFactory.getLogger(SinkTransaction.class);

    private final DataSource ds;
    private final SinkConfig config;
    private final SinkCounters counters;
    private final DatabaseWait databaseWait;

    SinkTransaction(DataSource ds, SinkConfig config, SinkCounters counters, DatabaseWait databaseWait) {
        this.ds = ds;
        this.config = config;
        this.counters = counters;
        this.databaseWait = databaseWait;
    }

    /** Writes the batch and the offsets in one transaction; false when it was rolled back (to be retried). */
    boolean write(SinkBatch batch, Map<TopicPartition, Long> next) {
        try (Connection c = SinkSql.connection(ds, config.socketTimeout())) {
            c.setAutoCommit(false);
            try {
                Map<Stmt, Integer> written;
                try {
                    written = execute(c, batch, false);
                } catch (SQLException e) {
                    if (!isDataError(e)) throw e;
                    c.rollback();
                    log.warn("sink: PostgreSQL rejected a row ({}); replaying the batch row by row", rootMessage(e));
                    written = execute(c, batch, true);
                }
                StoredPositions.store(c, config.groupId(), next);
                c.commit();
                counters.committed(written);
                databaseWait.succeeded();
                return true;
            } catch (SQLException | RuntimeException | AssertionError e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        } catch (SQLException | RuntimeException | AssertionError e) {
            // AssertionError: pgjdbc 42.7 throws "pgStatement.getConnection().getAutoCommit() should not throw" from
            // a batch whose server was killed under it; it is a lost connection like any other, not a sink bug
            log.debug("sink: PostgreSQL transaction failed", e);
            counters.transactionFailed(rootMessage(e));
            databaseWait.failed("transaction failed, will re-read the stored offsets: " + rootMessage(e));
            return false;
        }
    }

    private Map<Stmt, Integer> execute(Connection c, SinkBatch batch, boolean rowByRow) throws SQLException {
        Map<Stmt, Integer> written = new EnumMap<>(Stmt.class);
        for (Stmt s : Stmt.values()) {
            Collection<Op> ops = batch.ops(s);
            if (ops.isEmpty()) continue;
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(SinkTables.SQL.get(s))) {
                for (Op op : ops) {
                    if (!rowByRow) {
                        op.binder().bind(ps, c);
                        ps.addBatch();
                        continue;
                    }
                    Savepoint sp = c.setSavepoint();
                    try {
                        op.binder().bind(ps, c);
                        n += Math.max(0, ps.executeUpdate());
                        c.releaseSavepoint(sp);
                    } catch (SQLException e) {
                        if (!isDataError(e)) throw e;
                        c.rollback(sp);
                        counters.rejected.incrementAndGet();
                        log.warn("sink: PostgreSQL rejected record {} ({}): skipped", op.what(), rootMessage(e));
                    }
                }
                if (!rowByRow) {
                    // rewritten multi-row statements (reWriteBatchedInserts) report SUCCESS_NO_INFO per row
                    for (int k : ps.executeBatch()) n += k == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, k);
                }
            }
            written.put(s, n);
        }
        return written;
    }
}
