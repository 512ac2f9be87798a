package io.ctsync.db.postgresql;

import io.ctsync.config.TableName;
import io.ctsync.db.PresenceKeySet;
import io.ctsync.values.Column;
import io.ctsync.values.FetchBudget;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A table's changed keys streamed with {@code COPY} into the session's temporary key table
 * ({@link PostgresPresence#KEYS}) as they are read, then answered by one join with the target
 * table in the presence read's snapshot: a million keys are ten hash joins over the target instead
 * of a million index probes in 5,000 statements (bench/README.md, "Export speed"). The key table
 * is written inside the read-only transaction (PostgreSQL allows a temporary table that), so
 * its rows vanish with the cycle's rollback; each answer takes the keys of its own set number.
 */
final class PostgresKeySet implements PresenceKeySet, PostgresSql {

    /** The key columns the key table has room for ({@code k1} ...); a wider key goes in batches. */
    static final int MAX_KEY_COLUMNS = 4;
    /** Sets are numbered across the process: a pooled connection's key table may hold an earlier cycle's rolled-back rows. */
    private static final AtomicLong SETS = new AtomicLong();
    private static final int FLUSH_BYTES = 1 << 16;

    private final Connection connection;
    private final int keyColumns;
    private final String join;
    private final Object[] constantValues;
    private final int[] constantTypes;
    private final int timeoutSeconds;
    private final StringBuilder rows = new StringBuilder(FLUSH_BYTES + 1024);
    private CopyIn copy;
    private long set = SETS.incrementAndGet();
    private long ordinal;
    private boolean added;

    PostgresKeySet(Connection connection, TableName target, List<Column> targetColumns, List<String> key, List<String> constants,
                   Object[] constantValues, int[] constantTypes, String openVersionColumn, int timeoutSeconds) {
        this.connection = connection;
        this.keyColumns = key.size();
        this.constantValues = constantValues;
        this.constantTypes = constantTypes;
        this.timeoutSeconds = timeoutSeconds;
        List<String> keys = new ArrayList<>();
        List<String> on = new ArrayList<>();
        for (int k = 0; k < key.size(); k++) {
            String name = key.get(k);
            Column column = targetColumns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
            String value = "CAST(k.k" + (k + 1) + " AS " + PostgresTypes.castType(column) + ")";
            keys.add(value + " AS " + quote(name));
            on.add("t." + quote(name) + " = " + value);
        }
        constants.forEach(constant -> on.add("t." + quote(constant) + " = ?"));
        if (openVersionColumn != null) {
            on.add("t." + quote(openVersionColumn) + " IS NULL");
        }
        // no ORDER BY: a sort of the whole answer would hold back its first row until the join has ended
        this.join = "SELECT k.ctsync_ord, k.ctsync_op, " + String.join(", ", keys) + ", "
                + columnList("t", targetColumns.stream().map(Column::name).toList()) + " FROM " + PostgresPresence.KEYS
                + " k LEFT JOIN " + table(target) + " t ON " + String.join(" AND ", on) + " WHERE k.ctsync_set = ?";
    }

    @Override
    public void add(String operation, Object[] key) throws SQLException {
        rows.append(set).append('\t').append(ordinal++).append('\t').append(operation);
        for (Object value : key) {
            rows.append('\t');
            if (value == null) {
                rows.append("\\N");
            } else if (value instanceof BigDecimal decimal) {
                rows.append(decimal.toPlainString());
            } else if (value instanceof String text) {
                escape(text);
            } else {
                rows.append(value);
            }
        }
        rows.append('\n');
        added = true;
        if (rows.length() >= FLUSH_BYTES) {
            send();
        }
    }

    /** COPY's text format: a backslash, tab, newline or carriage return in a value is escaped. */
    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\t' -> rows.append("\\t");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                default -> rows.append(c);
            }
        }
    }

    private void send() throws SQLException {
        if (copy == null) {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + PostgresPresence.KEYS
                    + " (ctsync_set, ctsync_ord, ctsync_op, " + keyList() + ") FROM STDIN");
        }
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }

    private String keyList() {
        List<String> columns = new ArrayList<>();
        for (int k = 1; k <= keyColumns; k++) {
            columns.add("k" + k);
        }
        return columns.stream().collect(Collectors.joining(", "));
    }

    @Override
    public void answer(FetchBudget budget, Answer answer) throws SQLException, IOException {
        if (!added) {
            return;
        }
        send();
        copy.endCopy();
        copy = null;
        try (Statement analyze = connection.createStatement()) {
            // the planner then knows how many keys the set holds: a hash join for many, index probes for a few;
            // the set's column alone is what it filters on (the key columns are joined as casts, which have no statistics)
            analyze.setQueryTimeout(timeoutSeconds);
            analyze.execute("ANALYZE " + PostgresPresence.KEYS + " (ctsync_set)");
        }
        try (PreparedStatement statement = connection.prepareStatement(join)) {
            statement.setQueryTimeout(timeoutSeconds);
            int p = 1;
            for (int c = 0; c < constantValues.length; c++) {
                statement.setObject(p++, constantValues[c], constantTypes[c]);
            }
            statement.setLong(p, set);
            budget.prepare(statement);
            try (ResultSet rs = statement.executeQuery()) {
                answer.read(rs);
            }
        }
        set = SETS.incrementAndGet();
        added = false;
    }

    @Override
    public void close() throws SQLException {
        if (copy != null && copy.isActive()) {
            copy.cancelCopy();
        }
        copy = null;
    }
}
