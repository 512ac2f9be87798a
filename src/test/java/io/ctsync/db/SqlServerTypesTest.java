package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.config.TableName;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.testing.SqlSnapshot;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL Server's reference table of every type issue 16 names, with the JSON form and the binding
 * that {@link io.ctsync.db.sqlserver.SqlServerTypes} gives each column (docs/sqlserver.md,
 * "Types"), and the statements that write and look up its rows, as a reviewed snapshot
 * ({@code sqlserver/every_type.sql}) whose DDL and statements JSqlParser parses. The type codes
 * are those mssql-jdbc reports (Microsoft's "Using basic data types").
 */
@Tag("unit")
class SqlServerTypesTest {

    private static final DatabaseType SQL_SERVER = new SqlServerType();
    private static final SourceDialect SOURCE = SQL_SERVER.source();
    private static final TargetDialect TARGET = SQL_SERVER.target();
    private static final PresenceDialect PRESENCE = SQL_SERVER.presence();
    private static final TableName TABLE = new TableName("dbo", "every_type");
    /** Column, its declaration, and the type code and name mssql-jdbc's catalog gives it. */
    private record Declared(Column column, String declaration) {
    }

    private static final List<Declared> COLUMNS = List.of(
            declared("id", "int NOT NULL PRIMARY KEY", Types.INTEGER, "int"),
            declared("at_datetime", "datetime", Types.TIMESTAMP, "datetime"),
            declared("at_small", "smalldatetime", Types.TIMESTAMP, "smalldatetime"),
            // precision and scale as sys.columns gives them: the scale is the fractional seconds' digits
            new Declared(new Column("at_precise", Types.TIMESTAMP, "datetime2", 27, 7), "datetime2(7)"),
            new Declared(new Column("at_zoned", -155, "datetimeoffset", 34, 7), "datetimeoffset(7)"),
            new Declared(new Column("at_time", Types.TIME, "time", 16, 7), "time(7)"),
            new Declared(new Column("at_millis", Types.TIMESTAMP, "datetime2", 23, 3), "datetime2(3)"),
            new Declared(new Column("at_zoned_seconds", -155, "datetimeoffset", 26, 0), "datetimeoffset(0)"),
            new Declared(new Column("at_time_micros", Types.TIME, "time", 15, 6), "time(6)"),
            new Declared(new Column("rate", Types.DECIMAL, "decimal", 12, 4), "decimal(12,4)"),
            declared("price", "money", Types.DECIMAL, "money"),
            declared("small_price", "smallmoney", Types.DECIMAL, "smallmoney"),
            declared("flag", "bit", Types.BIT, "bit"),
            declared("guid", "uniqueidentifier", Types.CHAR, "uniqueidentifier"),
            declared("version", "rowversion", Types.BINARY, "timestamp"),
            declared("variant", "sql_variant", -156, "sql_variant"),
            declared("doc", "xml", Types.LONGNVARCHAR, "xml"),
            declared("node", "hierarchyid", Types.VARBINARY, "hierarchyid"),
            declared("place", "geography", -158, "geography"),
            declared("shape", "geometry", -157, "geometry"),
            declared("note", "nvarchar(max)", Types.LONGNVARCHAR, "nvarchar"),
            declared("blob", "varbinary(max)", Types.LONGVARBINARY, "varbinary"));

    @Test
    void everyTypeHasAFormABindingAndStatementsThatParse() throws Exception {
        ColumnTypes types = SOURCE.types();
        StringBuilder text = new StringBuilder("-- the reference table\n");
        String create = "CREATE TABLE " + SOURCE.table(TABLE) + " ("
                + COLUMNS.stream().map(d -> SOURCE.quote(d.column().name()) + " " + d.declaration()).collect(Collectors.joining(", ")) + ")";
        text.append(create).append(";\n\n-- column: type -> JSON form, parameter; what ctsync refuses\n");
        // what the target's catalog gives (SqlServerTargetColumns): the rowversion is generated, so never written
        TargetShape shape = new TargetShape(TABLE, COLUMNS.stream().map(Declared::column).toList(), Set.of("version"), Set.of());
        List<Column> read = new ArrayList<>();
        for (Declared declared : COLUMNS) {
            Column column = declared.column();
            String refusal = types.refusal(column);
            text.append("-- ").append(column.name()).append(": ").append(declared.declaration()).append(" -> ")
                    .append(types.form(column)).append(", ").append(TARGET.parameter(column))
                    .append(refusal != null ? "; refused: " + refusal : shape.generated().contains(column.name()) ? "; read, not written: generated" : "")
                    .append('\n');
            if (refusal == null) {
                read.add(column);
            }
        }
        List<String> key = List.of("id");
        List<String> written = shape.writable(read.stream().map(Column::name).toList());
        List<String> statements = List.of(
                SOURCE.fullRows(new TableInfo(TABLE, read, key, Map.of())).sql(),
                TARGET.upsert(shape, written, key, 1),
                TARGET.delete(shape, key, 2),
                PRESENCE.presence(TABLE, read, key, List.of(), 1));
        text.append("\n-- export (the columns read), upsert (the columns written), delete, presence\n");
        statements.forEach(sql -> text.append(sql.endsWith(";") ? sql : sql + ";").append('\n'));
        SqlSnapshot.check("sqlserver/every_type.sql", text.toString());

        assertThat(types.refusal(column("variant"))).contains("sql_variant");
        assertThat(written).doesNotContain("version", "variant");
        assertThat(TARGET.parameter(column("at_datetime"))).isEqualTo("CAST(? AS datetime)");
        assertThat(TARGET.parameter(column("at_small"))).isEqualTo("CAST(? AS smalldatetime)");
        // mssql-jdbc sends a BigDecimal as decimal(38, its scale): a VALUES column of several would round to the smallest
        assertThat(TARGET.parameter(column("rate"))).isEqualTo("CAST(? AS decimal(12,4))");
        assertThat(TARGET.parameter(column("price"))).isEqualTo("CAST(? AS money)");
        // the driver sends temporal values at 7 digits: a key of fewer would never match one as sent
        assertThat(TARGET.parameter(column("at_millis"))).isEqualTo("CAST(? AS datetime2(3))");
        assertThat(TARGET.parameter(column("at_zoned_seconds"))).isEqualTo("CAST(? AS datetimeoffset(0))");
        assertThat(TARGET.parameter(column("at_time_micros"))).isEqualTo("CAST(? AS time(6))");
        assertThat(TARGET.parameter(column("at_precise"))).isEqualTo("?");
        // and so in every key comparison: the delete's and the presence lookup's VALUES of a temporal key
        List<String> temporalKey = List.of("id", "at_millis");
        assertThat(TARGET.delete(shape, temporalKey, 1)).contains("(VALUES (?, CAST(? AS datetime2(3)))) AS d ([id], [at_millis])");
        assertThat(PRESENCE.presence(TABLE, read, temporalKey, List.of(), 1))
                .contains("(VALUES (?, ?, ?, CAST(? AS datetime2(3)))) AS k (ctsync_ord, ctsync_op, [id], [at_millis])");
        // JSqlParser does not know MERGE's HOLDLOCK hint, nor DELETE's join form, whose shape SqlServerStatementsTest checks
        for (String sql : List.of(create, statements.get(0), statements.get(1), statements.get(3))) {
            CCJSqlParserUtil.parse(sql.replace(" WITH (HOLDLOCK)", ""), parser -> parser.withSquareBracketQuotation(true));
        }
    }

    private static Column column(String name) {
        return COLUMNS.stream().map(Declared::column).filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static Declared declared(String name, String declaration, int jdbcType, String typeName) {
        return new Declared(new Column(name, jdbcType, typeName), declaration);
    }
}
