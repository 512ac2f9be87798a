package io.ctsync.db.sqlserver;

import io.ctsync.config.TableName;
import io.ctsync.db.Catalog;
import io.ctsync.db.ForeignKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A table's foreign keys from {@code sys.foreign_keys} and {@code sys.foreign_key_columns}, in
 * the shape of JDBC's imported keys (mssql-jdbc answers those through {@code sp_fkeys}, which
 * does not say whether a key is disabled). A disabled key ({@code NOCHECK}) is not enforced and is
 * left out; SQL Server has no deferrable constraints.
 */
final class SqlServerForeignKeys {

    static final String QUERY = "SELECT SCHEMA_NAME(t.schema_id) AS FKTABLE_SCHEM, t.name AS FKTABLE_NAME,"
            + " fk.name AS FK_NAME, c.name AS FKCOLUMN_NAME, SCHEMA_NAME(rt.schema_id) AS PKTABLE_SCHEM, rt.name AS PKTABLE_NAME,"
            + " rc.name AS PKCOLUMN_NAME, fkc.constraint_column_id AS KEY_SEQ, 7 AS DEFERRABILITY"
            + " FROM sys.foreign_keys AS fk"
            + " JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id"
            + " JOIN sys.tables AS t ON t.object_id = fk.parent_object_id"
            + " JOIN sys.columns AS c ON c.object_id = fkc.parent_object_id AND c.column_id = fkc.parent_column_id"
            + " JOIN sys.tables AS rt ON rt.object_id = fk.referenced_object_id"
            + " JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id"
            + " WHERE fk.parent_object_id = OBJECT_ID(?) AND fk.is_disabled = 0"
            + " ORDER BY fk.name, fkc.constraint_column_id";

    private SqlServerForeignKeys() {
    }

    /** The foreign keys {@code table} holds; {@code quotedTable} is its bracket-quoted name, for OBJECT_ID. */
    static List<ForeignKey> of(Connection connection, TableName table, String quotedTable) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
            // a name may hold any character: never through the database's code page
            statement.setNString(1, quotedTable);
            try (ResultSet rs = statement.executeQuery()) {
                return Catalog.foreignKeys(table, rs);
            }
        }
    }
}
