package io.ctsync.db.sqlserver;

import io.ctsync.db.BulkLoad;
import io.ctsync.values.Column;
import io.ctsync.db.Dialect;
import io.ctsync.values.JsonForm;
import io.ctsync.db.ScratchTable;
import io.ctsync.db.TargetShape;
import io.ctsync.values.TextRows;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SQL Server's bulk path, never run against a live SQL Server (docs/sqlserver.md): the rows'
 * texts go by the bulk copy ({@link BulkCopier}) into a #temporary table of nvarchar(max) columns numbered
 * by an IDENTITY in load order, then one MERGE (the row path's, {@link SqlServerWrites#merge}) takes
 * the last row of each key, and one DELETE joins the keys. SQL Server converts each text to its
 * column's type where it is assigned or compared, as it converts a bound string; binary values go
 * as bytes (decoded from base64 by the client) into varbinary(max) columns, and datetime and smalldatetime go through datetime2, whose text has 7 digits.
 */
final class SqlServerBulkLoad implements BulkLoad {

    private static final String WORK_TABLE = "#ctsync_rows";
    /** The IDENTITY column of the work table: the order in which the rows were loaded. */
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

    /** A session's #temporary table outlives a transaction: one an earlier import on this pooled connection left is dropped first. */
    @Override
    public ScratchTable workTable(List<Column> columns) {
        String name = dialect.quote(WORK_TABLE);
        return new ScratchTable(name, List.of("DROP TABLE IF EXISTS " + name, "CREATE TABLE " + name + " (" + dialect.quote(LOAD_ORDER)
                + " bigint IDENTITY(1, 1) NOT NULL, " + columns.stream().map(c -> dialect.quote(c.name()) + (binary(c) ? " varbinary(max) NULL" : " nvarchar(max) NULL"))
                .collect(Collectors.joining(", ")) + ")"));
    }

    @Override
    public long load(Connection connection, ScratchTable workTable, List<Column> columns, TextRows rows) throws SQLException, IOException {
        SqlServerBulkRows data = new SqlServerBulkRows(columns, columns.stream().map(this::binary).toList(), rows);
        copier.copy(connection, workTable.reference(), Dialect.names(columns), data);
        data.throwIfFailed();
        return data.rows();
    }

    /**
     * Always the last row of each key ({@code lastPerKey} or not): a MERGE that meets a key twice
     * fails (Msg 8672), and a failed statement would have to be rolled back to a savepoint first.
     */
    @Override
    public String upsert(TargetShape table, List<Column> columns, List<String> key, String workTable, boolean lastPerKey) {
        List<String> names = Dialect.names(columns);
        String keyValues = key.stream().map(k -> value(table.column(k), "w")).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> value(c, "w") + " AS " + dialect.quote(c.name())).collect(Collectors.joining(", "));
        String last = dialect.quote("ctsync_last");
        return writes.merge(table, names, key, "(SELECT " + dialect.columnList("w", names) + " FROM (SELECT " + values
                + ", ROW_NUMBER() OVER (PARTITION BY " + keyValues + " ORDER BY w." + dialect.quote(LOAD_ORDER) + " DESC) AS " + last
                + " FROM " + workTable + " AS w) AS w WHERE w." + last + " = 1) AS s");
    }

    @Override
    public String openVersions(TargetShape table, List<Column> columns, List<String> key, String validFrom, String validTo, String workTable) {
        List<String> names = Dialect.names(columns);
        String keyValues = key.stream().map(k -> value(table.column(k), "w")).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> value(c, "w") + " AS " + dialect.quote(c.name())).collect(Collectors.joining(", "));
        String last = dialect.quote("ctsync_last");
        List<String> written = new java.util.ArrayList<>(names);
        written.addAll(List.of(validFrom, validTo));
        List<String> versionKey = new java.util.ArrayList<>(key);
        versionKey.add(validFrom);
        // a NULL typed as the column, as its parameter would be: a bare NULL in a derived table is an int, which datetimeoffset refuses
        String openEnd = dialect.parameter(table.column(validTo)).replace("?", "NULL");
        return writes.merge(table, written, versionKey, "(SELECT " + dialect.columnList("w", names) + ", "
                + dialect.parameter(table.column(validFrom)) + " AS " + dialect.quote(validFrom) + ", " + openEnd + " AS " + dialect.quote(validTo)
                + " FROM (SELECT " + values + ", ROW_NUMBER() OVER (PARTITION BY " + keyValues + " ORDER BY w." + dialect.quote(LOAD_ORDER)
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
                + key.stream().map(k -> "t." + dialect.quote(k.name()) + " = " + value(k, "w")).collect(Collectors.joining(" AND "));
    }

    /** A column whose values are bytes: decoded from base64 by the client and bulk-copied as varbinary, whatever the column's name. */
    private boolean binary(Column column) {
        return dialect.types().form(column) == JsonForm.BINARY;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    /** As the server casts a bound parameter: SQL Server converts the text where it is assigned or compared. */
    @Override
    public String value(Column column, String alias) {
        String text = alias + "." + dialect.quote(column.name());
        String type = column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT);
        return DATETIME.contains(type) ? "CAST(CAST(" + text + " AS datetime2) AS " + type + ")" : text;
    }
}
