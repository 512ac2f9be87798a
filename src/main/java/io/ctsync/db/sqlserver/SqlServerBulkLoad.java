package io.ctsync.db.sqlserver;

import io.ctsync.config.TableName;
import io.ctsync.db.BulkLoad;
import io.ctsync.db.Dialect;
import io.ctsync.db.ScratchTable;
import io.ctsync.db.TargetShape;
import io.ctsync.values.Column;
import io.ctsync.values.JsonForm;
import io.ctsync.values.TextRows;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SQL Server's bulk path, never run against a live SQL Server (docs/sqlserver.md). The bulk copy
 * ({@link BulkCopier}) streams the rows' texts, each with the row number the client gives it, into
 * {@code #ctsync_texts} (nvarchar(max) columns; binary ones varbinary(max), decoded by the client).
 * One INSERT ... SELECT then converts them, in that order, into {@code #ctsync_rows}, whose columns
 * SELECT ... INTO copied from the target with their types and collations: the MERGE and the DELETE
 * then compare a key with a key of the same type and collation (no Msg 468 where tempdb's
 * collation differs, no conversion of the target's column that would scan it), and "the last row
 * of each key" groups keys as the target's collation does.
 */
final class SqlServerBulkLoad implements BulkLoad {

    /** Where the bulk copy lands: the texts as they came, with the client's row numbers. */
    private static final String TEXTS = "#ctsync_texts";
    /** The typed work table the writing statements read. */
    private static final String WORK_TABLE = "#ctsync_rows";
    /** The order in which rows were loaded: the client's row number in {@link #TEXTS}, an IDENTITY in {@link #WORK_TABLE}. */
    private static final String LOAD_ORDER = "ctsync_row";
    private static final Set<String> DATETIME = Set.of("datetime", "smalldatetime");

    private final Dialect dialect;
    private final SqlServerWrites writes;
    private final BulkCopier copier;

    SqlServerBulkLoad(Dialect dialect, SqlServerWrites writes, BulkCopier copier) {
        this.dialect = dialect;
        this.writes = writes;
        this.copier = copier;
    }

    /**
     * A session's #temporary tables outlive a transaction: ones an earlier import on this pooled
     * connection left are dropped first. The typed table is the target's columns selected INTO it
     * from the inner side of an outer join that matches nothing: the join keeps an IDENTITY
     * property from being copied (the IDENTITY function numbers the rows instead), and the outer
     * side makes every column nullable, so that a NULL the target refuses is refused by the MERGE,
     * naming the target.
     */
    @Override
    public ScratchTable workTable(TableName target, List<Column> columns) {
        String texts = dialect.quote(TEXTS);
        String rows = dialect.quote(WORK_TABLE);
        return new ScratchTable(rows, List.of("DROP TABLE IF EXISTS " + texts, "DROP TABLE IF EXISTS " + rows,
                "CREATE TABLE " + texts + " (" + dialect.quote(LOAD_ORDER) + " bigint NOT NULL, " + columns.stream()
                        .map(c -> dialect.quote(c.name()) + (binary(c) ? " varbinary(max) NULL" : " nvarchar(max) NULL"))
                        .collect(Collectors.joining(", ")) + ")",
                "SELECT TOP (0) IDENTITY(bigint, 1, 1) AS " + dialect.quote(LOAD_ORDER) + ", " + dialect.columnList("t", Dialect.names(columns))
                        + " INTO " + rows + " FROM (VALUES (0)) AS no_row (n) LEFT JOIN " + dialect.table(target) + " AS t ON 1 = 0"));
    }

    /** The bulk copy of the texts, then their conversion into the typed work table (statements from {@link #conversion}). */
    @Override
    public long load(Connection connection, ScratchTable workTable, List<Column> columns, TextRows rows) throws SQLException, IOException {
        SqlServerBulkRows data = new SqlServerBulkRows(columns, columns.stream().map(this::binary).toList(), rows);
        List<String> names = new ArrayList<>();
        names.add(LOAD_ORDER);
        names.addAll(Dialect.names(columns));
        copier.copy(connection, dialect.quote(TEXTS), names, data);
        data.throwIfFailed();
        try (Statement statement = connection.createStatement()) {
            for (String sql : conversion(workTable.reference(), columns)) {
                statement.executeUpdate(sql);
            }
        }
        return data.rows();
    }

    /**
     * The texts into the typed work table, converted as SQL Server converts a bound string where
     * it is assigned; with ORDER BY, SQL Server computes the IDENTITY values in the client's order.
     * The texts are emptied for the next entry.
     */
    List<String> conversion(String workTable, List<Column> columns) {
        String texts = dialect.quote(TEXTS);
        return List.of("INSERT INTO " + workTable + " (" + dialect.columnList(null, Dialect.names(columns)) + ") SELECT "
                + columns.stream().map(this::converted).collect(Collectors.joining(", ")) + " FROM " + texts
                + " AS w ORDER BY w." + dialect.quote(LOAD_ORDER), "TRUNCATE TABLE " + texts);
    }

    /**
     * Always the last row of each key ({@code lastPerKey} or not): a MERGE that meets a key twice
     * fails (Msg 8672), and a failed statement would have to be rolled back to a savepoint first.
     */
    @Override
    public String upsert(TargetShape table, List<Column> columns, List<String> key, String workTable, boolean lastPerKey) {
        List<String> names = Dialect.names(columns);
        String last = dialect.quote("ctsync_last");
        return writes.merge(table, names, key, "(SELECT " + dialect.columnList("w", names) + " FROM (SELECT " + dialect.columnList("w", names)
                + ", ROW_NUMBER() OVER (PARTITION BY " + dialect.columnList("w", key) + " ORDER BY w." + dialect.quote(LOAD_ORDER) + " DESC) AS " + last
                + " FROM " + workTable + " AS w) AS w WHERE w." + last + " = 1) AS s");
    }

    @Override
    public String openVersions(TargetShape table, List<Column> columns, List<String> key, String validFrom, String validTo, String workTable) {
        List<String> names = Dialect.names(columns);
        String last = dialect.quote("ctsync_last");
        List<String> written = new ArrayList<>(names);
        written.addAll(List.of(validFrom, validTo));
        List<String> versionKey = new ArrayList<>(key);
        versionKey.add(validFrom);
        // a NULL typed as the column, as its parameter would be: a bare NULL in a derived table is an int, which datetimeoffset refuses
        String openEnd = dialect.parameter(table.column(validTo)).replace("?", "NULL");
        return writes.merge(table, written, versionKey, "(SELECT " + dialect.columnList("w", names) + ", "
                + dialect.parameter(table.column(validFrom)) + " AS " + dialect.quote(validFrom) + ", " + openEnd + " AS " + dialect.quote(validTo)
                + " FROM (SELECT " + dialect.columnList("w", names) + ", ROW_NUMBER() OVER (PARTITION BY " + dialect.columnList("w", key)
                + " ORDER BY w." + dialect.quote(LOAD_ORDER)
                + " DESC) AS " + last + " FROM " + workTable + " AS w WHERE " + noOpenVersion(table, key, validTo) + ") AS w WHERE w." + last
                + " = 1) AS s");
    }

    @Override
    public boolean repeatedKey(SQLException failure) {
        return false;
    }

    @Override
    public String delete(TargetShape table, List<Column> key, String workTable) {
        return "DELETE t FROM " + dialect.table(table.name()) + " AS t INNER JOIN " + workTable + " AS w ON "
                + writes.keyJoin(Dialect.names(key), "t", "w");
    }

    @Override
    public List<String> drop(String workTable) {
        return List.of("DROP TABLE " + dialect.quote(TEXTS), "DROP TABLE " + workTable);
    }

    /** A column whose values are bytes: decoded from base64 by the client and bulk-copied as varbinary, whatever the column's name. */
    private boolean binary(Column column) {
        return dialect.types().form(column) == JsonForm.BINARY;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    /** The work table's columns are typed already. */
    @Override
    public String value(Column column, String alias) {
        return alias + "." + dialect.quote(column.name());
    }

    /** A text as its column takes it: datetime and smalldatetime through datetime2, whose text has 7 digits of fraction. */
    private String converted(Column column) {
        String text = "w." + dialect.quote(column.name());
        String type = column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT);
        return DATETIME.contains(type) ? "CAST(CAST(" + text + " AS datetime2) AS " + type + ")" : text;
    }
}
