package io.ctsync.db.sqlserver;

import io.ctsync.db.Dialect;
import io.ctsync.config.TableName;
import io.ctsync.db.Catalog;
import io.ctsync.db.TargetShape;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * A target table's columns as SQL Server writes them, from {@code sys.columns}: computed columns
 * (Msg 271) and rowversion columns (Msg 272, 273) take no written value and are left out;
 * an IDENTITY column takes one only under {@code SET IDENTITY_INSERT ... ON} (Msg 544) and never
 * in an UPDATE (Msg 8102).
 */
final class SqlServerTargetColumns {

    /** {@code sys.types.system_type_id} of rowversion (its old name: timestamp). */
    private static final int ROWVERSION = 189;
    static final String QUERY = "SELECT c.name, c.is_identity, c.is_computed, c.system_type_id FROM sys.columns AS c"
            + " WHERE c.object_id = OBJECT_ID(?)";

    private SqlServerTargetColumns() {
    }

    static TargetShape describe(Connection connection, Dialect dialect, TableName name) throws SQLException {
        Set<String> generated = new HashSet<>();
        Set<String> identity = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(QUERY)) {
            select.setNString(1, dialect.table(name));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    if (rs.getBoolean(3) || rs.getInt(4) == ROWVERSION) {
                        generated.add(column);
                    } else if (rs.getBoolean(2)) {
                        identity.add(column);
                    }
                }
            }
        }
        return new TargetShape(name, Catalog.columns(connection, name), generated, identity);
    }
}
