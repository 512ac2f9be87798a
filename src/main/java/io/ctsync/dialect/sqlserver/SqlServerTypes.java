package io.ctsync.dialect.sqlserver;

import io.ctsync.dialect.Column;
import io.ctsync.dialect.ColumnTypes;
import io.ctsync.dialect.JsonForm;

import java.util.Locale;

/**
 * SQL Server's types, as mssql-jdbc reports and takes them (docs/sqlserver.md, "Types", has the
 * binding of each). Values are bound as plain parameters: SQL Server converts each to its column's
 * type implicitly, including binary into the CLR types (hierarchyid, geography, geometry), whose
 * values travel as their native serialization.
 */
public final class SqlServerTypes implements ColumnTypes {

    @Override
    public JsonForm form(int jdbcType, String typeName) {
        return switch (typeName == null ? "" : typeName.toLowerCase(Locale.ROOT)) {
            case "uniqueidentifier" -> JsonForm.UUID;
            // reported under type codes of the driver's own (microsoft.sql.Types)
            case "datetimeoffset" -> JsonForm.TIMESTAMP_WITH_OFFSET;
            case "hierarchyid", "geography", "geometry" -> JsonForm.BINARY;
            default -> ColumnTypes.standard(jdbcType);
        };
    }

    @Override
    public String refusal(Column column) {
        return "sql_variant".equalsIgnoreCase(column.typeName())
                ? "each sql_variant value carries its own base type, which the content's JSON cannot say" : null;
    }

    /** A rowversion is read like any binary(8), but SQL Server sets it itself (the catalog names it timestamp). */
    @Override
    public String writeRefusal(Column column) {
        String type = column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT);
        return type.equals("timestamp") || type.equals("rowversion") ? "SQL Server sets a rowversion itself, and no statement may write one"
                : refusal(column);
    }
}
