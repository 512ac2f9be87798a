package io.ctsync.db.postgresql;

import io.ctsync.db.ConsistentRead;
import io.ctsync.db.Dialect;
import io.ctsync.db.Query;
import io.ctsync.db.installed.TrackingTables;
import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.values.JsonForm;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What every role of PostgreSQL shares: its name, its type model and its consistent read, which a second connection can join. */
interface PostgresSql extends Dialect, ConsistentRead {

    /** The string types whose values take a COLLATE clause, as the driver names them. */
    Set<String> COLLATABLE = Set.of("text", "varchar", "bpchar");

    ColumnTypes TYPES = new PostgresTypes();
    Pattern SNAPSHOT_TOKEN = Pattern.compile("[0-9A-F]+(-[0-9A-F]+)*");

    @Override
    default String name() {
        return "postgresql";
    }

    @Override
    default ColumnTypes types() {
        return TYPES;
    }

    /**
     * Text keys of the built-in string types only: an enum sorts by its declaration, and "char",
     * bit strings and domains take no COLLATE, so such a key is sent in one chunk (docs/design.md, "Backfills").
     */
    @Override
    default boolean ordersKeys(Column column) {
        return types().form(column) == JsonForm.TEXT ? COLLATABLE.contains(column.typeName()) : Dialect.super.ordersKeys(column);
    }

    /** Text in the "C" collation, by bytes, which in UTF-8 is code point order; uuids compare as their text does. */
    @Override
    default String keyOrder(String expression, Column column) {
        return types().form(column) == JsonForm.TEXT && COLLATABLE.contains(column.typeName()) ? expression + " COLLATE \"C\"" : expression;
    }

    @Override
    default void beginConsistentRead(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            // money prints in lc_monetary's format: the C locale's is the one PostgresTypes reads back as a number.
            // For the session, set outside a transaction, so that the transaction below starts with its first read
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET lc_monetary TO 'C'");
            }
        }
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
    }

    /** The transaction's snapshot, exported: valid while the cycle's transaction stays open. */
    @Override
    default Optional<String> shareSnapshot(Connection connection) throws SQLException {
        return Optional.of(Query.text(connection, "SELECT pg_export_snapshot()"));
    }

    /** {@code SET TRANSACTION SNAPSHOT} must be the transaction's first statement, and takes no parameter: the token is checked. */
    @Override
    default void joinSnapshot(Connection connection, String token) throws SQLException {
        if (!SNAPSHOT_TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("not a PostgreSQL snapshot name: " + token);
        }
        beginConsistentRead(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION SNAPSHOT " + TrackingTables.literal(token));
        }
    }
}
