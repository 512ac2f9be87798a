package io.ctsync.db.h2;

import io.ctsync.config.TableName;
import io.ctsync.db.Catalog;
import io.ctsync.db.Dialect;
import io.ctsync.db.ScratchTable;
import io.ctsync.db.TargetShape;
import io.ctsync.db.installed.InstalledTarget;
import io.ctsync.db.installed.VersionIndex;
import io.ctsync.values.Column;
import io.ctsync.values.PortableType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.ctsync.db.installed.TrackingTables.SCHEMA;

/** Writing to an H2 target: MERGE ... KEY, the context as a session variable that the tracking trigger reads. */
final class H2Target extends InstalledTarget implements H2Sql {

    /** H2's error codes for a foreign key violation: the referenced row is missing, or a row still references it. */
    private static final int PARENT_MISSING = 23506;
    private static final int CHILD_EXISTS = 23503;

    H2Target() {
        super(VersionIndex.PLAIN);
    }

    @Override
    public String columnType(PortableType type) {
        Integer size = type.size();
        String length = size == null ? "" : "(" + size + ")";
        return switch (type.family()) {
            case INTEGER -> size == 1 ? "TINYINT" : size == 2 ? "SMALLINT" : size == 4 ? "INTEGER" : "BIGINT";
            case DECIMAL -> size == null ? "NUMERIC" : "NUMERIC(" + size + ", " + type.scale() + ")";
            case FLOAT -> size == 4 ? "REAL" : "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case CHAR -> size == null ? "CHARACTER VARYING" : "CHARACTER" + length;
            case TEXT -> "CHARACTER VARYING" + length;
            case BINARY -> "BINARY VARYING" + length;
            case DATE -> "DATE";
            case TIME -> "TIME" + length;
            case TIME_WITH_OFFSET -> "TIME" + length + " WITH TIME ZONE";
            case TIMESTAMP -> "TIMESTAMP" + length;
            case TIMESTAMP_WITH_OFFSET -> "TIMESTAMP" + length + " WITH TIME ZONE";
            case UUID -> "UUID";
        };
    }

    /** SET DATA TYPE keeps the column's NOT NULL and default, which H2's plain ALTER COLUMN would replace. */
    @Override
    public List<String> widenColumn(TableName table, Column column, String type) {
        return List.of("ALTER TABLE " + table(table) + " ALTER COLUMN " + quote(column.name()) + " SET DATA TYPE " + type);
    }

    @Override
    public OptionalLong committedVersion(Connection connection) throws SQLException {
        if (Catalog.columns(connection, new TableName(SCHEMA, "clock")).isEmpty()) {
            return OptionalLong.empty();
        }
        // read committed: a writer holding the clock has not committed, and its version will be higher
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT version FROM " + CLOCK + " WHERE id = 1")) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    @Override
    public String upsert(TargetShape table, List<String> columns, List<String> key, int rows) {
        return "MERGE INTO " + table(table.name()) + " (" + columnList(null, columns) + ") KEY (" + columnList(null, key) + ") VALUES "
                + Dialect.parameterRows(parameters(table.columnsNamed(columns)), rows);
    }

    @Override
    public ScratchTable keyTable(int number, TableName like, List<String> key) {
        // H2 commits on DDL, hence the contract that these run before the transaction writes anything
        String name = quote("ctsync_keys_" + number);
        return new ScratchTable(name, List.of("DROP TABLE IF EXISTS " + name,
                "CREATE LOCAL TEMPORARY TABLE " + name + " AS SELECT " + columnList(null, key) + " FROM " + table(like) + " WITH NO DATA"));
    }

    @Override
    public void beginWriting(Connection connection, String context) throws SQLException {
        // the tracking trigger reads this session variable (H2TrackingTrigger)
        setContext(connection, context);
    }

    @Override
    public void endWriting(Connection connection) throws SQLException {
        // H2's session variables outlive transactions: clear it before the connection goes back to the pool
        setContext(connection, null);
    }

    private static void setContext(Connection connection, String context) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SET @ctsync_context = ?")) {
            statement.setString(1, context);
            statement.execute();
        }
    }

    /** H2's message names the constraint, both tables and the key; the statement that follows it is left out. */
    @Override
    public Optional<String> foreignKeyViolation(SQLException failure) {
        return Dialect.causes(failure).stream()
                .filter(e -> e.getErrorCode() == PARENT_MISSING || e.getErrorCode() == CHILD_EXISTS).findFirst()
                .map(e -> Dialect.firstLine(e.getMessage()).replaceFirst("; SQL statement:.*$", ""));
    }
}
