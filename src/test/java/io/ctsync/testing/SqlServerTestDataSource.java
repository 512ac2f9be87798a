package io.ctsync.testing;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;
import io.ctsync.db.sqlserver.BulkCopier;
import io.ctsync.db.sqlserver.SqlServerType;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A SQL Server target (or source) where none can run: a data source whose every connection is
 * one {@link RecordingConnection} (mssql-jdbc's behaviour for everything that is not SQL), over a
 * catalog of tables that {@code sys.columns}, {@code OBJECT_ID} and {@code DatabaseMetaData} answer
 * from, with canned answers for an untracked database that allows snapshot isolation, an empty
 * import log and no foreign keys; the bulk copy's rows are recorded ({@link #bulkCopies}). The pool
 * carries a {@link SqlServerType} whose bulk path copies into that recorder.
 */
public final class SqlServerTestDataSource {

    /** The rows one bulk copy took: the columns' JDBC types as the bulk data declares them, and every row's values. */
    public record BulkCopy(String table, List<String> columns, List<Integer> types, List<List<Object>> rows) {
    }

    /** {@code sys.types.system_type_id} of rowversion. */
    private static final int ROWVERSION = 189;

    private final RecordingConnection recording = new RecordingConnection(new RecordingConnection.Answers(0, 0, null));
    private final List<RecordingConnection.CatalogTable> tables = new ArrayList<>();
    private final List<BulkCopy> bulkCopies = new ArrayList<>();

    public SqlServerTestDataSource() {
        recording.database("shop")
                .answer("SELECT d.name, CHANGE_TRACKING_CURRENT_VERSION()", "shop", null, 1, "READ_WRITE")
                .answer("SELECT USER_NAME()", "ctsync")
                .answer("FROM ctsync_import_log", received -> List.of())
                .answer("SELECT CHANGE_TRACKING_CURRENT_VERSION()", (Object) null)
                .answer("FROM sys.change_tracking_tables WHERE object_id = OBJECT_ID(?)), CHANGE_TRACKING_MIN_VALID_VERSION", 0, null, 1)
                .answer("SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(?))", (Object) null)
                .answer("FROM sys.foreign_keys", received -> List.of())
                .answer("FROM sys.columns AS c", received -> columns(String.valueOf(received.get(0))))
                .answer("FROM sys.indexes AS i", received -> primaryKey(String.valueOf(received.get(0))));
    }

    /** A table of the database: {@code sys.columns} and {@code DatabaseMetaData} report it. */
    public SqlServerTestDataSource table(String schema, String name, List<String> primaryKey, RecordingConnection.CatalogColumn... columns) {
        RecordingConnection.CatalogTable table = new RecordingConnection.CatalogTable(schema, name, List.of(columns), primaryKey);
        tables.add(table);
        recording.table(table);
        return this;
    }

    public RecordingConnection recording() {
        return recording;
    }

    public List<BulkCopy> bulkCopies() {
        return bulkCopies;
    }

    /** The data source with its SQL Server type, whose bulk copies are recorded here. */
    public TypedPool pool() {
        DataSource dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (p, method, args) -> method.getName().equals("getConnection") ? recording.connection() : null);
        return new TypedPool(dataSource, new SqlServerType(this::copy));
    }

    /** The name as OBJECT_ID takes it: {@code [schema].[table]}, a closing bracket doubled. */
    public static String objectName(String schema, String table) {
        return "[" + schema.replace("]", "]]") + "].[" + table.replace("]", "]]") + "]";
    }

    /**
     * {@code sys.columns} of the table OBJECT_ID names as received: name, type name, max_length,
     * precision, scale, is_identity, is_computed, system_type_id, generated_always_type, is_hidden,
     * is_nullable (1);
     * none when the name does not resolve (OBJECT_ID is NULL).
     */
    private List<List<Object>> columns(String receivedName) {
        List<List<Object>> rows = new ArrayList<>();
        for (RecordingConnection.CatalogColumn c : named(receivedName).map(RecordingConnection.CatalogTable::columns).orElse(List.of())) {
            rows.add(Arrays.asList(c.name(), c.typeName(), c.jdbcType() == java.sql.Types.LONGNVARCHAR ? -1 : 0, c.precision(), c.scale(),
                    c.identity() ? 1 : 0, c.computed() ? 1 : 0, "timestamp".equals(c.typeName()) ? ROWVERSION : 0, c.generatedAlways(),
                    c.graph() ? 1 : 0, 1));
        }
        return rows;
    }

    /** {@code sys.indexes} of the table: its primary key (index 1), key columns in order. */
    private List<List<Object>> primaryKey(String receivedName) {
        return named(receivedName).map(t -> t.primaryKey().stream().map(c -> List.<Object>of(1, 1, c)).toList()).orElse(List.of());
    }

    private java.util.Optional<RecordingConnection.CatalogTable> named(String receivedName) {
        return tables.stream().filter(t -> objectName(t.schema(), t.name()).equals(receivedName)).findFirst();
    }

    private void copy(java.sql.Connection connection, String table, List<String> columns, ISQLServerBulkData data) throws SQLException {
        List<Integer> types = new ArrayList<>();
        for (int ordinal : data.getColumnOrdinals()) {
            types.add(data.getColumnType(ordinal));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (data.next()) {
            rows.add(Arrays.asList(data.getRowData()));
        }
        bulkCopies.add(new BulkCopy(table, columns, types, rows));
        recording.note("-- bulk copy into " + table + " (" + String.join(", ", columns) + "), JDBC types " + types + ": " + rows.size() + " rows");
    }
}
