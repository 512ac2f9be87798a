package io.ctsync.db.sqlserver;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How the bulk path's rows reach SQL Server: mssql-jdbc's {@code SQLServerBulkCopy}
 * ({@link #DRIVER}) in production; where no server runs, a test's recorder takes its place
 * ({@link SqlServerType#SqlServerType(BulkCopier)}), as everything else of the import runs through
 * a test connection.
 */
public interface BulkCopier {

    /** mssql-jdbc's bulk copy, inside the connection's transaction. */
    BulkCopier DRIVER = new DriverBulkCopy();

    /** Streams every row of {@code rows} into {@code table}, its column {@code i + 1} into {@code columns.get(i)}. */
    void copy(Connection connection, String table, List<String> columns, ISQLServerBulkData rows) throws SQLException;
}
