package io.ctsync.db.sqlserver;

import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.values.JsonForm;

import java.util.Locale;
import java.util.Set;

/**
 * SQL Server's types, as mssql-jdbc reports and takes them (docs/sqlserver.md, "Types", has the
 * binding of each). Values are bound as plain parameters: SQL Server converts each to its column's
 * type implicitly, including binary into the CLR types (hierarchyid, geography, geometry), whose
 * values travel as their native serialization; datetime and smalldatetime are the exception.
 */
public final class SqlServerTypes implements ColumnTypes {

    /**
     * Types whose values the driver sends as datetime2: since compatibility level 130 a datetime
     * converts to datetime2 exactly (…​.003 is …​.0033333), so a key compared with the parameter
     * as sent would not match; cast to the column's type, it does.
     */
    private static final Set<String> CAST_PARAMETER = Set.of("datetime", "smalldatetime");

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

    /** The largest length a varchar, nvarchar or varbinary has short of (max), which the driver reports as 2^31-1 (nvarchar: 2^30-1). */
    private static final int LONGEST_BOUNDED = 8000;

    /**
     * The max types and the old LOB types: with adaptive response buffering (docs/sqlserver.md,
     * "Driver settings") mssql-jdbc streams their values from the network as they are read.
     */
    @Override
    public boolean readAsStream(int jdbcType, String typeName, int precision) {
        return switch (typeName == null ? "" : typeName.toLowerCase(Locale.ROOT)) {
            case "xml", "text", "ntext", "image" -> true;
            case "varchar", "nvarchar", "varbinary" -> precision > LONGEST_BOUNDED;
            default -> false;
        };
    }

    /**
     * Types whose parameters are cast to the column's own type (money and smallmoney too) because
     * mssql-jdbc types a BigDecimal as decimal(38, its own scale): in a multi-row VALUES list,
     * typed as UNION ALL types its columns, a batch holding 5 and 1.25 would be decimal(38,0) and
     * write 1 (docs/sqlserver.md, "Decimals").
     */
    private static final Set<String> EXACT = Set.of("decimal", "numeric");

    /**
     * Types of a declared fractional-second precision: the driver sends their values at 7 digits,
     * and SQL Server compares a column of fewer digits with such a parameter at 7, so a key the
     * target stored rounded to its precision would never match the value as sent. Cast to the
     * column's precision, the parameter is rounded as the stored value was (sys.columns.scale).
     */
    private static final Set<String> FRACTIONAL_SECONDS = Set.of("datetime2", "time", "datetimeoffset");
    private static final int FULL_PRECISION = 7;

    /** The type without what mssql-jdbc's metadata adds to an identity column's ("int identity"); rowversion by its current name. */
    @Override
    public String typeName(Column column) {
        String type = plainType(column);
        return "timestamp".equals(type) ? "rowversion" : type;
    }

    /** mssql-jdbc's metadata names an identity column's type "int identity", "decimal() identity". */
    private static String plainType(Column column) {
        return column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT).replace("() identity", "").replace(" identity", "");
    }

    @Override
    public String parameter(Column column) {
        String type = plainType(column);
        if (CAST_PARAMETER.contains(type) || type.endsWith("money")) {
            return "CAST(? AS " + type + ")";
        }
        if (EXACT.contains(type) && column.precision() > 0) {
            return "CAST(? AS " + type + "(" + column.precision() + "," + column.scale() + "))";
        }
        // precision 0: a catalog that gave none, so the scale says nothing either
        if (FRACTIONAL_SECONDS.contains(type) && column.precision() > 0 && column.scale() < FULL_PRECISION) {
            return "CAST(? AS " + type + "(" + column.scale() + "))";
        }
        return "?";
    }

    @Override
    public String refusal(Column column) {
        return "sql_variant".equalsIgnoreCase(column.typeName())
                ? "each sql_variant value carries its own base type, which the content's JSON cannot say" : null;
    }
}
