package io.ctsync.db.postgresql;

import io.ctsync.config.TableName;
import io.ctsync.values.CopyText;
import io.ctsync.db.BulkLoad;
import io.ctsync.values.Column;
import io.ctsync.db.Dialect;
import io.ctsync.values.JsonForm;
import io.ctsync.values.LeadingRows;
import io.ctsync.db.ScratchTable;
import io.ctsync.db.Staging;
import io.ctsync.db.TargetShape;
import io.ctsync.values.TextRows;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PostgreSQL's bulk path: {@code COPY ... FROM STDIN} in text format into a temporary table of text
 * columns (no WAL, dropped at commit), then {@code INSERT ... SELECT ... ON CONFLICT} and
 * {@code DELETE ... USING} from it; inserted rows, where the importer may, by {@code COPY} straight
 * into the target table. The server casts each text to its column's type in the SELECT,
 * as it would cast a bound parameter ({@link PostgresTypes}); base64 is decoded by {@code decode},
 * money goes through numeric (its own input depends on lc_monetary).
 */
final class PostgresBulkLoad implements BulkLoad {

    /** PostgreSQL's refusal of an ON CONFLICT DO UPDATE that would change one row twice. */
    private static final String CARDINALITY_VIOLATION = "21000";
    /** The forms whose text the upsert reads by more than a cast to the column's type ({@link #value}). */
    private static final Set<JsonForm> READ_OTHERWISE = EnumSet.of(JsonForm.BINARY, JsonForm.MONEY);

    /** The rows of the first COPY statement of a direct insert ({@link #copyInStatements}); each next one takes twice as many, up to the most. */
    private static final long FIRST_DIRECT_ROWS = 1_000;
    private static final long MOST_DIRECT_ROWS = 128_000;

    private final PostgresTarget dialect;
    private final Staging staging;

    PostgresBulkLoad(PostgresTarget dialect) {
        this.dialect = dialect;
        this.staging = new PostgresStaging(dialect, this);
    }

    @Override
    public Optional<Staging> staging() {
        return Optional.of(staging);
    }

    @Override
    public ScratchTable workTable(TableName target, List<Column> columns) {
        String name = dialect.quote("ctsync_rows");
        return new ScratchTable(name, List.of("CREATE TEMP TABLE " + name + " ("
                + columns.stream().map(c -> dialect.quote(c.name()) + " text").collect(Collectors.joining(", ")) + ") ON COMMIT DROP"));
    }

    @Override
    public long load(Connection connection, ScratchTable workTable, List<Column> columns, TextRows rows) throws SQLException, IOException {
        return copy(connection, workTable.reference(), columns, rows);
    }

    /**
     * COPY into the target itself reads each text with its column type's input, as the upsert's
     * CAST does ({@link #value}); not where the upsert reads the text otherwise (base64, money).
     */
    @Override
    public Optional<DirectInsert> directInsert(TargetShape table, List<Column> columns) {
        if (!columns.stream().allMatch(this::readByItsInput)) {
            return Optional.empty();
        }
        return Optional.of((connection, rows) -> copyInStatements(connection, dialect.table(table.name()), columns, rows));
    }

    /** Whether the upsert reads the column's text as its type's own input reads it, by a cast ({@link #value}). */
    boolean readByItsInput(Column column) {
        return !READ_OTHERWISE.contains(dialect.types().form(column));
    }

    /**
     * Streams {@code rows} into {@code table} in COPY statements of growing size, from {@link #FIRST_DIRECT_ROWS}
     * to {@link #MOST_DIRECT_ROWS}: the server refuses a row (a key the table holds) at once, but the driver
     * reports it only when the statement ends, so a doomed insert stops after a statement about as long as
     * the rows before the refused one, instead of reading and sending every row of the entry first.
     */
    private long copyInStatements(Connection connection, String table, List<Column> columns, TextRows rows) throws SQLException, IOException {
        long copied = 0;
        LeadingRows leading = new LeadingRows(rows);
        for (long statementRows = FIRST_DIRECT_ROWS; !leading.ended(); statementRows = Math.min(MOST_DIRECT_ROWS, statementRows * 2)) {
            leading.take(statementRows);
            copied += copy(connection, table, columns, leading);
        }
        return copied;
    }

    /** Streams {@code rows} as COPY's text into {@code columns} of {@code table}; returns the rows copied. */
    private long copy(Connection connection, String table, List<Column> columns, TextRows rows) throws SQLException, IOException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + dialect.columnList(null, Dialect.names(columns)) + ") FROM STDIN");
        try {
            JsonForm[] forms = columns.stream().map(dialect.types()::form).toArray(JsonForm[]::new);
            new CopyText(copy::writeToCopy, forms).write(rows);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    @Override
    public String upsert(TargetShape table, List<Column> columns, List<String> key, String workTable, boolean lastPerKey) {
        String values = columns.stream().map(c -> value(c, "w")).collect(Collectors.joining(", "));
        String keyValues = key.stream().map(k -> value(table.column(k), "w")).collect(Collectors.joining(", "));
        // the last of a key's rows is the one loaded last: a fresh table's rows lie in the order COPY wrote them
        String rows = lastPerKey
                ? "SELECT DISTINCT ON (" + keyValues + ") " + values + " FROM " + workTable + " w ORDER BY " + keyValues + ", w.ctid DESC"
                : "SELECT " + values + " FROM " + workTable + " w";
        return dialect.upsertInto(table, Dialect.names(columns), key, rows);
    }

    @Override
    public String openVersions(TargetShape table, List<Column> columns, List<String> key, String validFrom, String validTo, String workTable) {
        String values = columns.stream().map(c -> value(c, "w")).collect(Collectors.joining(", "));
        String keyValues = key.stream().map(k -> value(table.column(k), "w")).collect(Collectors.joining(", "));
        List<String> names = new java.util.ArrayList<>(Dialect.names(columns));
        names.addAll(List.of(validFrom, validTo));
        List<String> versionKey = new java.util.ArrayList<>(key);
        versionKey.add(validFrom);
        return dialect.upsertInto(table, names, versionKey, "SELECT DISTINCT ON (" + keyValues + ") " + values + ", "
                + dialect.parameter(table.column(validFrom)) + ", NULL FROM " + workTable + " w WHERE " + noOpenVersion(table, key, validTo)
                + " ORDER BY " + keyValues + ", w.ctid DESC");
    }

    @Override
    public boolean repeatedKey(SQLException failure) {
        return Dialect.causes(failure).stream().anyMatch(e -> CARDINALITY_VIOLATION.equals(e.getSQLState()));
    }

    @Override
    public String delete(TargetShape table, List<Column> key, String workTable) {
        String target = dialect.table(table.name());
        return "DELETE FROM " + target + " USING " + workTable + " w WHERE "
                + key.stream().map(k -> target + "." + dialect.quote(k.name()) + " = " + value(k, "w")).collect(Collectors.joining(" AND "));
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    /** As the server casts a bound parameter (PostgresTypes). */
    @Override
    public String value(Column column, String alias) {
        String text = alias + "." + dialect.quote(column.name());
        return switch (dialect.types().form(column)) {
            case BINARY -> "decode(" + text + ", 'base64')";
            case MONEY -> "CAST(CAST(" + text + " AS numeric) AS money)";
            default -> "CAST(" + text + " AS " + PostgresTypes.castType(column) + ")";
        };
    }
}
