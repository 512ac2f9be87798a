package io.ctsync.db;

import io.ctsync.config.TableName;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.testing.SqlSnapshot;
import io.ctsync.values.Column;
import io.ctsync.values.PortableType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The T-SQL of a schema change that a SQL Server target receives (docs/sqlserver.md, "Schema
 * changes"): {@code ALTER TABLE ... ADD} of a new column, NULL allowed, of each portable type, and
 * {@code ALTER TABLE ... ALTER COLUMN} of a widened one with its nullability restated. Kept as the
 * reviewed snapshot {@code sqlserver/schema_changes.sql}, each statement parsed by JSqlParser.
 */
@Tag("unit")
class SqlServerSchemaChangeStatementsTest {

    private static final TargetDialect TARGET = new SqlServerType().target();
    private static final TableName ORDERS = new TableName("dbo", "Order Line]s");

    /** A column of each family and size, as a manifest from PostgreSQL, H2 or SQL Server names it. */
    private static Map<String, PortableType> sourceTypes() {
        Map<String, PortableType> types = new LinkedHashMap<>();
        types.put("tiny", PortableType.of("tinyint", null, null, null).orElseThrow());
        types.put("small", PortableType.of("int2", null, null, null).orElseThrow());
        types.put("whole", PortableType.of("INTEGER", null, null, null).orElseThrow());
        types.put("big", PortableType.of("bigint", null, null, null).orElseThrow());
        types.put("amount", PortableType.of("numeric", null, 12, 2).orElseThrow());
        types.put("ratio", PortableType.of("real", null, null, null).orElseThrow());
        types.put("measure", PortableType.of("double precision", null, null, null).orElseThrow());
        types.put("flag", PortableType.of("boolean", null, null, null).orElseThrow());
        types.put("code", PortableType.of("bpchar", 3, null, null).orElseThrow());
        types.put("label", PortableType.of("varchar", 40, null, null).orElseThrow());
        types.put("note", PortableType.of("text", null, null, null).orElseThrow());
        types.put("long_label", PortableType.of("CHARACTER VARYING", 5000, null, null).orElseThrow());
        types.put("picture", PortableType.of("bytea", null, null, null).orElseThrow());
        types.put("day", PortableType.of("date", null, null, null).orElseThrow());
        types.put("at", PortableType.of("time", null, 3, null).orElseThrow());
        types.put("stamp", PortableType.of("timestamp", null, 6, null).orElseThrow());
        types.put("stamp_tz", PortableType.of("timestamptz", null, 6, null).orElseThrow());
        types.put("fine_stamp", PortableType.of("TIMESTAMP", null, 9, null).orElseThrow().fractionAtMost(TARGET.fractionDigits()));
        types.put("uid", PortableType.of("uuid", null, null, null).orElseThrow());
        return types;
    }

    private static String statements() {
        List<String> lines = new ArrayList<>();
        lines.add("-- addColumn: a column new at the source, NULL allowed (source type: portable type)");
        for (Map.Entry<String, PortableType> column : sourceTypes().entrySet()) {
            String type = TARGET.columnType(column.getValue());
            lines.add("-- " + column.getValue());
            lines.addAll(TARGET.addColumn(ORDERS, column.getKey(), type));
        }
        lines.add("-- widenColumn: varchar(10) NOT NULL to 40, smallint NULL to int, decimal(10,2) to (12,3), datetime2(3) to (7)");
        lines.addAll(TARGET.widenColumn(ORDERS, new Column("label", Types.VARCHAR, "varchar", 10, 0, false), "nvarchar(40)"));
        lines.addAll(TARGET.widenColumn(ORDERS, new Column("qty", Types.SMALLINT, "smallint", 5, 0, true), "int"));
        lines.addAll(TARGET.widenColumn(ORDERS, new Column("amount", Types.DECIMAL, "decimal", 10, 2, true),
                TARGET.columnType(new PortableType(PortableType.Family.DECIMAL, 12, 3))));
        lines.addAll(TARGET.widenColumn(ORDERS, new Column("stamp", Types.TIMESTAMP, "datetime2", 23, 3, true),
                TARGET.columnType(new PortableType(PortableType.Family.TIMESTAMP, 7, null))));
        return String.join("\n", lines) + "\n";
    }

    @Test
    void schemaChangeStatementsMatchTheReviewedSnapshotAndParse() throws Exception {
        SqlSnapshot.check("sqlserver/schema_changes.sql", statements());
        List<String> sql = statements().lines().filter(l -> !l.startsWith("--")).toList();
        assertThat(sql).hasSize(sourceTypes().size() + 4);
        assertThat(SqlServerStatementsTest.unparsed(sql)).isEmpty();
    }

    @Test
    void typesSqlServerHasNoneOfBlockRatherThanGuess() {
        assertThat(TARGET.columnType(PortableType.of("timetz", null, 6, null).orElseThrow())).isNull();
        assertThat(TARGET.columnType(PortableType.of("numeric", null, null, null).orElseThrow())).isNull();
        assertThat(TARGET.columnType(PortableType.of("numeric", null, 50, 2).orElseThrow())).isNull();
    }
}
