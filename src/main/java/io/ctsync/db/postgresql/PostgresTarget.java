package io.ctsync.db.postgresql;

import io.ctsync.config.TableName;
import io.ctsync.db.BulkLoad;
import io.ctsync.db.Dialect;
import io.ctsync.db.Query;
import io.ctsync.db.ScratchTable;
import io.ctsync.db.TargetShape;
import io.ctsync.db.installed.InstalledTarget;
import io.ctsync.values.Column;
import io.ctsync.values.PortableType;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** Writing to a PostgreSQL target: upserts with ON CONFLICT, COPY for big entries, the context as a transaction-local setting. */
final class PostgresTarget extends InstalledTarget implements PostgresSql {

    /** Every transaction id below the snapshot's xmin has finished; a later commit has a higher id. */
    private static final String COMMITTED_VERSION = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1";
    /** The alias of the upsert's target table, by which its update compares the row it holds ({@link #upsertInto}). */
    private static final String UPSERTED = "ctsync_target";

    private final BulkLoad bulk = new PostgresBulkLoad(this);

    PostgresTarget() {
        super(new PostgresVersionIndex());
    }

    @Override
    public String columnType(PortableType type) {
        Integer size = type.size();
        String fraction = size == null ? "" : "(" + size + ")";
        return switch (type.family()) {
            case INTEGER -> size <= 2 ? "smallint" : size == 4 ? "integer" : "bigint";
            case DECIMAL -> size == null ? "numeric" : "numeric(" + size + "," + type.scale() + ")";
            case FLOAT -> size == 4 ? "real" : "double precision";
            case BOOLEAN -> "boolean";
            case CHAR -> size == null ? "text" : "character(" + size + ")";
            case TEXT -> size == null ? "text" : "character varying(" + size + ")";
            case BINARY -> "bytea";
            case DATE -> "date";
            case TIME -> "time" + fraction;
            case TIME_WITH_OFFSET -> "time" + fraction + " with time zone";
            case TIMESTAMP -> "timestamp" + fraction;
            case TIMESTAMP_WITH_OFFSET -> "timestamp" + fraction + " with time zone";
            case UUID -> "uuid";
        };
    }

    @Override
    public int fractionDigits() {
        return 6;
    }

    @Override
    public List<String> widenColumn(TableName table, Column column, String type) {
        return List.of("ALTER TABLE " + table(table) + " ALTER COLUMN " + quote(column.name()) + " TYPE " + type);
    }

    @Override
    public OptionalLong committedVersion(Connection connection) throws SQLException {
        // transaction ids exist whether or not a table is tracked
        return OptionalLong.of(Query.number(connection, COMMITTED_VERSION));
    }

    @Override
    public String upsert(TargetShape table, List<String> columns, List<String> key, int rows) {
        // each parameter is cast to its column's type (PostgresTypes), which INSERT and a VALUES list alike then read it as
        return upsertInto(table, columns, key, "VALUES " + Dialect.parameterRows(parameters(table.columnsNamed(columns)), rows));
    }

    /**
     * The upsert by key into {@code columns} of the table of the rows of {@code rows}: a VALUES list, or a SELECT (the bulk path).
     * A row the target already holds byte for byte in those columns is left as it is (docs/design.md, "Import"): a replayed or
     * repeated row costs a probe instead of a new row version, and it ends the same.
     */
    String upsertInto(TargetShape table, List<String> columns, List<String> key, String rows) {
        List<String> others = columns.stream().filter(c -> !key.contains(c) && !table.identity().contains(c)).toList();
        String onConflict = others.isEmpty() ? "DO NOTHING"
                : "DO UPDATE SET " + others.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "))
                + " WHERE NOT " + sameImage(others);
        // a GENERATED ALWAYS identity takes a written value only when the INSERT says so
        String overriding = table.writesIdentity(columns) ? " OVERRIDING SYSTEM VALUE" : "";
        return "INSERT INTO " + table(table.name()) + " AS " + UPSERTED + " (" + columnList(null, columns) + ")" + overriding + " " + rows
                + " ON CONFLICT (" + columnList(null, key) + ") " + onConflict;
    }

    /**
     * Whether the target's row holds exactly the bytes the update would write in {@code columns}: the image
     * equality of {@code *=} (NULL equals NULL), called as its function since an operator between two ROW
     * constructors compares column by column with each type's own equality, which some types lack and by which
     * 1.0 equals 1.00.
     */
    private String sameImage(List<String> columns) {
        return "record_image_eq(ROW(" + columns.stream().map(c -> UPSERTED + "." + quote(c)).collect(Collectors.joining(", ")) + "), ROW("
                + columns.stream().map(c -> "EXCLUDED." + quote(c)).collect(Collectors.joining(", ")) + "))";
    }

    /** COPY into a temporary table from {@code minimumRows} rows on (docs/design.md, "Import"); fewer go as multi-row statements. */
    @Override
    public Optional<BulkLoad> bulkLoad(long rows, int minimumRows) {
        return rows >= minimumRows ? Optional.of(bulk) : Optional.empty();
    }

    @Override
    public ScratchTable keyTable(int number, TableName like, List<String> key) {
        String name = quote("ctsync_keys_" + number);
        return new ScratchTable(name, List.of("CREATE TEMP TABLE " + name + " ON COMMIT DROP AS SELECT " + columnList(null, key)
                + " FROM " + table(like) + " WITH NO DATA"));
    }

    @Override
    public void beginWriting(Connection connection, String context) throws SQLException {
        // transaction-local: the setting ends with the transaction, whichever way it ends. The trigger tracking reads
        // the setting; the wal capture of a target that is also a source reads the transactional message, which the
        // write-ahead log keeps with the transaction's changes (docs/design.md, "Capture", item 4)
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT set_config('ctsync.context', ?, true), pg_logical_emit_message(true, 'ctsync', ?)")) {
            statement.setString(1, context);
            statement.setString(2, context);
            statement.execute();
        }
    }

    @Override
    public void endWriting(Connection connection) {
        // nothing to undo: set_config(..., true) lasts only as long as the transaction
    }

    @Override
    public void deferConstraints(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET CONSTRAINTS ALL DEFERRED");
        }
    }

    /**
     * From the server's error fields, which name the constraint and table and carry the key in
     * their detail; a batch's own message, which quotes the statement, is passed over.
     */
    @Override
    public Optional<String> foreignKeyViolation(SQLException failure) {
        Optional<ServerErrorMessage> server = Dialect.causes(failure).stream()
                .filter(e -> e instanceof PSQLException psql && psql.getServerErrorMessage() != null && "23503".equals(e.getSQLState()))
                .map(e -> ((PSQLException) e).getServerErrorMessage()).findFirst();
        if (server.isEmpty()) {
            return super.foreignKeyViolation(failure);
        }
        ServerErrorMessage message = server.get();
        return Optional.of("foreign key " + message.getConstraint() + " violated on " + message.getSchema() + "." + message.getTable()
                + (message.getDetail() == null ? "" : ": " + Dialect.firstLine(message.getDetail())));
    }
}
