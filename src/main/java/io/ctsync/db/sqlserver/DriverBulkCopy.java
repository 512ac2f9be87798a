package io.ctsync.db.sqlserver;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopy;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import com.microsoft.sqlserver.jdbc.SQLServerConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** {@link BulkCopier#DRIVER}: SQLServerBulkCopy inside the import's transaction, all rows in one batch, NULL kept, no time limit. */
final class DriverBulkCopy implements BulkCopier {

    @Override
    public void copy(Connection connection, String table, List<String> columns, ISQLServerBulkData rows) throws SQLException {
        try (SQLServerBulkCopy copy = new SQLServerBulkCopy(connection.unwrap(SQLServerConnection.class))) {
            SQLServerBulkCopyOptions options = new SQLServerBulkCopyOptions();
            options.setUseInternalTransaction(false);
            options.setKeepNulls(true);
            options.setBulkCopyTimeout(0);
            copy.setBulkCopyOptions(options);
            copy.setDestinationTableName(table);
            for (int i = 0; i < columns.size(); i++) {
                copy.addColumnMapping(i + 1, columns.get(i));
            }
            copy.writeToServer(rows);
        }
    }
}
