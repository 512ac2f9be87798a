package io.ctsync.importing;

import io.ctsync.values.ColumnType;
import io.ctsync.db.Query;
import io.ctsync.db.TargetDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Rows written many to a statement: the database runs one multi-row statement where it would
 * run one per row. Rows gather until they fill a statement of as many rows as the dialect's limits
 * allow (and at most {@code batchSize}); full statements go out as JDBC batches of about
 * {@code batchSize} rows, one round trip each, and the rows left at the end as one shorter statement.
 * Whatever the rows, what is gathered goes out once its values reach {@code batchBytes}: the
 * driver holds every bound value of a batch until it is sent (docs/operations.md, "Memory").
 *
 * <p>A statement never holds one key twice, which PostgreSQL's ON CONFLICT and SQL Server's
 * MERGE would refuse: a repeated key first sends the rows before it, so that the later row is
 * written last, as it would be row by row.
 */
final class RowBatch implements Deletions.Rows {

    private final Connection connection;
    private final IntFunction<String> statementFor;
    private final ColumnType[] columns;
    private final List<Query.Typed> leading;
    private final int rowsPerStatement;
    private final int statementsPerBatch;
    private final long batchBytes;
    /** The bytes of the values gathered and batched, not yet sent. */
    private long pendingBytes;
    private final List<Object[]> rows = new ArrayList<>();
    private final Set<Key> keys = new HashSet<>();
    private PreparedStatement fullStatement;
    private int batched;
    private long affected;

    /**
     * {@code statementFor} gives the SQL for a number of rows, whose parameters are the values of
     * {@code columns}, row after row.
     */
    RowBatch(Connection connection, TargetDialect dialect, IntFunction<String> statementFor, ColumnType[] columns, int batchSize,
             long batchBytes) {
        this(connection, dialect, statementFor, List.of(), columns, batchSize, batchBytes);
    }

    /** The same for statements whose parameters begin with {@code leading}, the same in every statement (a soft delete's time). */
    RowBatch(Connection connection, TargetDialect dialect, IntFunction<String> statementFor, List<Query.Typed> leading, ColumnType[] columns,
             int batchSize, long batchBytes) {
        this.connection = connection;
        this.statementFor = statementFor;
        this.columns = columns;
        this.leading = List.copyOf(leading);
        this.rowsPerStatement = Math.max(1, Math.min(Math.min(batchSize, dialect.maxRows()),
                (dialect.maxParameters() - leading.size()) / columns.length));
        this.statementsPerBatch = Math.max(1, batchSize / rowsPerStatement);
        this.batchBytes = batchBytes;
    }

    /** Adds a row of converted values, one for each column, {@code key} being its key. */
    @Override
    public void add(Key key, Object[] values) throws SQLException {
        if (!keys.add(key)) {
            // the key is already in the statement being filled
            sendRows();
            keys.add(key);
        }
        rows.add(values);
        pendingBytes += bytes(values);
        if (pendingBytes >= batchBytes) {
            sendRows();
        } else if (rows.size() == rowsPerStatement) {
            if (fullStatement == null) {
                fullStatement = connection.prepareStatement(statementFor.apply(rowsPerStatement));
            }
            bindRows(fullStatement);
            fullStatement.addBatch();
            if (++batched == statementsPerBatch) {
                sendBatch();
            }
        }
    }

    /** Sends everything added; returns the rows the statements affected (a driver that cannot tell counts every row). */
    @Override
    public long finish() throws SQLException {
        sendRows();
        return affected;
    }

    /** The bytes a row's values take in the heap, near enough: binary and text by their length, anything else as a few. */
    static long bytes(Object[] values) {
        long bytes = 0;
        for (Object value : values) {
            bytes += value instanceof byte[] binary ? binary.length : value instanceof String text ? text.length() : Long.BYTES;
        }
        return bytes;
    }

    /** Sends the full statements, then the rows that fill none, in the order they came. */
    private void sendRows() throws SQLException {
        pendingBytes = 0;
        sendBatch();
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(statementFor.apply(rows.size()))) {
            int count = rows.size();
            bindRows(statement);
            count(statement.executeUpdate(), count);
        }
    }

    private void sendBatch() throws SQLException {
        if (batched == 0) {
            return;
        }
        for (int count : fullStatement.executeBatch()) {
            count(count, rowsPerStatement);
        }
        batched = 0;
    }

    /** Binds the gathered rows to the statement and starts gathering the next ones. */
    private void bindRows(PreparedStatement statement) throws SQLException {
        int index = 1;
        for (Query.Typed parameter : leading) {
            parameter.type().bindValue(statement, index++, parameter.value());
        }
        for (Object[] row : rows) {
            for (int i = 0; i < columns.length; i++) {
                columns[i].bindValue(statement, index++, row[i]);
            }
        }
        rows.clear();
        keys.clear();
    }

    private void count(int count, int rowsSent) {
        affected += count == Statement.SUCCESS_NO_INFO ? rowsSent : Math.max(count, 0);
    }

    @Override
    public void close() throws SQLException {
        if (fullStatement != null) {
            fullStatement.close();
        }
    }
}
