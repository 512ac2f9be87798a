package io.ctsync.db.sqlserver;

import io.ctsync.config.TableName;
import io.ctsync.db.Dialect;
import io.ctsync.db.TargetShape;
import io.ctsync.values.Column;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A SQL Server table's columns and keys from the catalog views, the name bound as nvarchar to
 * {@code OBJECT_ID}: mssql-jdbc's {@code DatabaseMetaData} binds names with {@code setString},
 * which under {@code sendStringParametersAsUnicode=false} travel in the database's code page, so a
 * table named outside it would not exist. Each column's JDBC type is the one mssql-jdbc reports
 * for its type (docs/sqlserver.md, "Types"). Columns the database writes itself take no value:
 * computed (Msg 271), rowversion (Msg 272, 273), GENERATED ALWAYS (temporal period and ledger
 * columns, {@code generated_always_type <> 0}, Msg 13536) and hidden ones (the internal columns of
 * graph tables, a temporal table's HIDDEN period); an IDENTITY column takes one only under
 * {@code SET IDENTITY_INSERT ... ON} (Msg 544) and never in an UPDATE (Msg 8102).
 */
final class SqlServerCatalog {

    /** {@code sys.types.system_type_id} of rowversion (its old name: timestamp), and of the CLR types (hierarchyid, geometry, geography). */
    private static final int ROWVERSION = 189;
    /** Types whose {@code max_length} is that of a pointer (16), not of their values: no limit but the type's. */
    private static final Set<String> UNBOUNDED = Set.of("text", "ntext", "image", "xml");
    static final String COLUMNS = "SELECT c.name, TYPE_NAME(CASE WHEN c.system_type_id = 240 THEN c.user_type_id ELSE c.system_type_id END),"
            + " c.max_length, c.precision, c.scale, c.is_identity, c.is_computed, c.system_type_id, c.generated_always_type, c.is_hidden,"
            + " c.is_nullable FROM sys.columns AS c WHERE c.object_id = OBJECT_ID(?) ORDER BY c.column_id";
    /** The primary key and every enabled, unfiltered unique index, key columns in their order. */
    static final String UNIQUE_KEYS = "SELECT i.index_id, i.is_primary_key, c.name FROM sys.indexes AS i"
            + " JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
            + " JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id"
            + " WHERE i.object_id = OBJECT_ID(?) AND i.is_unique = 1 AND i.is_disabled = 0 AND i.has_filter = 0 AND ic.is_included_column = 0"
            + " ORDER BY i.index_id, ic.key_ordinal";

    private SqlServerCatalog() {
    }

    /** The table's columns in order, and which the database writes itself; no columns when it does not exist. */
    static TargetShape shape(Connection connection, Dialect dialect, TableName name) throws SQLException {
        List<Column> columns = new ArrayList<>();
        Set<String> generated = new HashSet<>();
        Set<String> identity = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(COLUMNS)) {
            select.setNString(1, dialect.table(name));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    String type = rs.getString(2);
                    int jdbcType = jdbcType(type, rs.getInt(3));
                    columns.add(new Column(column, jdbcType, type, precision(type, jdbcType, rs.getInt(3), rs.getInt(4)), rs.getInt(5),
                            rs.getBoolean(11)));
                    if (rs.getBoolean(7) || rs.getInt(8) == ROWVERSION || rs.getInt(9) != 0 || rs.getBoolean(10)) {
                        generated.add(column);
                    } else if (rs.getBoolean(6)) {
                        identity.add(column);
                    }
                }
            }
        }
        return new TargetShape(name, columns, generated, identity);
    }

    static List<String> primaryKey(Connection connection, Dialect dialect, TableName name) throws SQLException {
        return keys(connection, dialect, name, true).values().stream().findFirst().orElse(List.of());
    }

    /** The column sets that identify a row: the primary key and each unique index. */
    static List<Set<String>> uniqueKeys(Connection connection, Dialect dialect, TableName name) throws SQLException {
        return keys(connection, dialect, name, false).values().stream().map(Set::copyOf).toList();
    }

    private static Map<Integer, List<String>> keys(Connection connection, Dialect dialect, TableName name, boolean primaryOnly)
            throws SQLException {
        Map<Integer, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(UNIQUE_KEYS)) {
            select.setNString(1, dialect.table(name));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int index = rs.getInt(1);
                    if (!primaryOnly || rs.getBoolean(2)) {
                        keys.computeIfAbsent(index, i -> new ArrayList<>()).add(rs.getString(3));
                    }
                }
            }
        }
        return keys;
    }

    /**
     * The precision as {@link Column} holds it: for text and binary types their length in
     * characters or bytes, as JDBC's COLUMN_SIZE gives it ({@code (max)}: the most an int holds),
     * which {@code sys.columns} keeps in bytes in {@code max_length}; else the catalog's precision.
     */
    private static int precision(String type, int jdbcType, int maxLength, int precision) {
        if (maxLength == -1 || UNBOUNDED.contains(type == null ? "" : type.toLowerCase(Locale.ROOT))) {
            return Integer.MAX_VALUE;
        }
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY ->
                    "uniqueidentifier".equalsIgnoreCase(type) ? 36 : maxLength;
            case Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR -> maxLength / 2;
            default -> precision;
        };
    }

    /** The JDBC type mssql-jdbc reports for a column of this type; {@code maxLength} -1 is (max). */
    static int jdbcType(String type, int maxLength) {
        boolean max = maxLength == -1;
        return switch (type == null ? "" : type.toLowerCase(Locale.ROOT)) {
            case "bigint" -> Types.BIGINT;
            case "int" -> Types.INTEGER;
            case "smallint" -> Types.SMALLINT;
            case "tinyint" -> Types.TINYINT;
            case "bit" -> Types.BIT;
            case "decimal", "money", "smallmoney" -> Types.DECIMAL;
            case "numeric" -> Types.NUMERIC;
            case "float" -> Types.DOUBLE;
            case "real" -> Types.REAL;
            case "date" -> Types.DATE;
            case "time" -> Types.TIME;
            case "datetime", "datetime2", "smalldatetime" -> Types.TIMESTAMP;
            case "datetimeoffset" -> microsoft.sql.Types.DATETIMEOFFSET;
            case "char", "uniqueidentifier" -> Types.CHAR;
            case "varchar" -> max ? Types.LONGVARCHAR : Types.VARCHAR;
            case "text" -> Types.LONGVARCHAR;
            case "nchar" -> Types.NCHAR;
            case "nvarchar" -> max ? Types.LONGNVARCHAR : Types.NVARCHAR;
            case "ntext", "xml" -> Types.LONGNVARCHAR;
            case "binary", "timestamp" -> Types.BINARY;
            case "varbinary" -> max ? Types.LONGVARBINARY : Types.VARBINARY;
            case "image" -> Types.LONGVARBINARY;
            case "sql_variant" -> microsoft.sql.Types.SQL_VARIANT;
            // hierarchyid, geography, geometry: their native serialization, as the driver's metadata reports them
            default -> Types.VARBINARY;
        };
    }
}
