package io.ctsync.importing;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.Settings;
import io.ctsync.gateway.FileGateway;
import io.ctsync.monitoring.Metrics;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.Operation;
import io.ctsync.state.Pipeline;
import io.ctsync.testing.RecordingConnection.CatalogColumn;
import io.ctsync.testing.SqlServerTestDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Types;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL Server import end to end, through a connection that behaves as mssql-jdbc does
 * ({@link SqlServerTestDataSource}): the importer's start-up checks, the row path and the bulk path
 * (SQLServerBulkCopy recorded), the import log. No SQL Server runs here; what this shows is what
 * ctsync sends and how the driver takes it (docs/sqlserver.md, "What has and has not run").
 */
@Tag("unit")
class SqlServerImportTest {

    private String table = "dbo.items";

    @TempDir
    Path dir;

    private static SqlServerTestDataSource items() {
        return new SqlServerTestDataSource().table("dbo", "items", List.of("id"),
                CatalogColumn.of("id", Types.INTEGER, "int"),
                CatalogColumn.of("code", Types.VARCHAR, "varchar").precision(20, 0).collation("Latin1_General_CS_AS"),
                CatalogColumn.of("amount", Types.DECIMAL, "decimal").precision(12, 4),
                CatalogColumn.of("name", Types.NVARCHAR, "nvarchar").precision(50, 0).collation("Latin1_General_CS_AS"));
    }

    /** Every first full load of 1,000 rows or more goes this way: mssql-jdbc refuses releaseSavepoint, so it must never be called. */
    @Test
    void theBulkPathImportsWithoutReleasingASavepoint() throws Exception {
        SqlServerTestDataSource target = items();
        writeContent("delta", List.of(row(1, "a", "5", "eins"), row(2, "b", "1.25", "zwei")), List.of(row(1, "a", "6", "eins")), List.of());

        Exception failure = importInto(target, 1);

        assertThat(failure).as("the import failed").isNull();
        // the inserted and the updated entry into one work table, one load each
        assertThat(target.bulkCopies()).extracting(copy -> copy.rows().size()).containsExactly(2, 1);
        assertThat(target.recording().statements()).anySatisfy(sql -> assertThat(sql).startsWith("MERGE INTO [dbo].[items] WITH (HOLDLOCK)"));
        assertThat(target.recording().log()).contains("commit").doesNotContain("rollback");
    }

    /**
     * mssql-jdbc types 5 as decimal(38,0) and 1.25 as decimal(38,2); a VALUES column of both is
     * typed as UNION ALL types it, decimal(38,0), and 1.25 would be written as 1: each decimal
     * parameter is cast to its column's own type, in the MERGE, the delete and the key table.
     */
    @Test
    void decimalsOfMixedScalesInOneBatchKeepTheirDigits() throws Exception {
        SqlServerTestDataSource target = items();
        writeContent("full", List.of(row(1, "a", "5", "eins"), row(2, "b", "1.25", "zwei"), row(3, "c", "0.0001", "drei")), List.of(), List.of());

        Exception failure = importInto(target, 1_000);

        assertThat(failure).as("the import failed").isNull();
        assertThat(target.recording().roundings()).as("decimals rounded by a VALUES list").isEmpty();
        assertThat(target.recording().statements()).anySatisfy(sql -> assertThat(sql)
                .startsWith("MERGE INTO [dbo].[items] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, CAST(? AS decimal(12,4)), ?)"));
    }

    /**
     * Change Tracking on for the database but not for the mapped table, snapshot isolation not
     * allowed: the start-up check passes (no tracked table needs it), so the import must not run in
     * SNAPSHOT either, which the server refuses there (Msg 3952). One fact decides both.
     */
    @Test
    void theImportRunsInSnapshotOnlyWhereTheStartUpCheckRequiredIt() throws Exception {
        SqlServerTestDataSource target = items();
        target.recording().answer("SELECT d.name, CHANGE_TRACKING_CURRENT_VERSION()", "shop", 42L, 0, "READ_WRITE")
                .answer("SELECT CHANGE_TRACKING_CURRENT_VERSION()", 42L)
                .rule((sql, received) -> {
                    List<String> isolation = target.recording().log().stream().filter(line -> line.startsWith("isolation=")).toList();
                    if (!isolation.isEmpty() && isolation.get(isolation.size() - 1).equals("isolation=4096") && !sql.contains("CHANGE_TRACKING_CURRENT_VERSION")) {
                        throw new java.sql.SQLException("Snapshot isolation transaction failed accessing database 'shop' because snapshot"
                                + " isolation is not allowed in this database.", "S0001", 3952);
                    }
                });
        writeContent("delta", List.of(row(1, "a", "5", "eins")), List.of(), List.of());

        Exception failure = importInto(target, 1_000);

        assertThat(failure).as("the import failed").isNull();
        assertThat(target.recording().log()).contains("isolation=2").doesNotContain("isolation=4096");
    }

    /**
     * A #table's column declared without COLLATE takes tempdb's collation; comparing it with a key
     * column of another collation fails with Msg 468, so a work table of nvarchar(max) failed every
     * bulk import of such a table. The work table is now selected INTO from the target (its types and
     * collations), the key compared like with like, and the last row of each key chosen by the
     * client's row numbers. The rule stands for the server: it refuses a join of the target's key to
     * a work table that was created with untyped text columns.
     */
    @Test
    void aKeyWhoseCollationDiffersFromTempdbsIsComparedInItsOwnTypeAndCollation() throws Exception {
        SqlServerTestDataSource target = new SqlServerTestDataSource().table("dbo", "items", List.of("id"),
                CatalogColumn.of("id", Types.VARCHAR, "varchar").precision(20, 0).collation("Latin1_General_CS_AS"),
                CatalogColumn.of("name", Types.NVARCHAR, "nvarchar").precision(50, 0).collation("Latin1_General_CS_AS"));
        boolean[] textWorkTable = {false};
        target.recording().rule((sql, received) -> {
            if (sql.startsWith("CREATE TABLE [#ctsync_rows]") && sql.contains("nvarchar(max)")) {
                textWorkTable[0] = true;
            }
            if (textWorkTable[0] && sql.contains("MERGE INTO [dbo].[items]")) {
                throw new java.sql.SQLException("Cannot resolve the collation conflict between \"SQL_Latin1_General_CP1_CI_AS\" and"
                        + " \"Latin1_General_CS_AS\" in the equal to operation.", "S0001", 468);
            }
        });
        writeContent("delta", List.of(named("a", "first"), named("b", "second")), List.of(named("a", "again")), List.of());

        Exception failure = importInto(target, 1);

        assertThat(failure).as("the import failed").isNull();
        List<String> statements = target.recording().statements();
        assertThat(statements).contains("SELECT TOP (0) IDENTITY(bigint, 1, 1) AS [ctsync_row], t.[id], t.[name] INTO [#ctsync_rows]"
                + " FROM (VALUES (0)) AS no_row (n) LEFT JOIN [dbo].[items] AS t ON 1 = 0");
        // each entry's texts in the client's order, then into the typed table in that order
        assertThat(target.bulkCopies()).extracting(copy -> copy.rows().stream().map(row -> row.get(0)).toList())
                .containsExactly(List.of(1L, 2L), List.of(1L));
        assertThat(target.bulkCopies().get(1).rows().get(0)).containsExactly(1L, "a", "again");
        assertThat(statements).filteredOn(sql -> sql.startsWith("INSERT INTO [#ctsync_rows]")).hasSize(2)
                .allSatisfy(sql -> assertThat(sql).endsWith("FROM [#ctsync_texts] AS w ORDER BY w.[ctsync_row]"));
        assertThat(statements).filteredOn(sql -> sql.startsWith("MERGE")).singleElement().satisfies(sql -> assertThat(sql)
                .contains("PARTITION BY w.[id] ORDER BY w.[ctsync_row] DESC").contains("ON t.[id] = s.[id]").doesNotContain("CAST"));
    }

    private static Map<String, Object> named(String code, String name) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", code);
        row.put("name", name);
        return row;
    }

    /**
     * A table named outside the database's code page: mssql-jdbc's DatabaseMetaData binds names as
     * varchar, so 表 arrives as ? and the table "does not exist"; ctsync reads its columns and keys
     * from sys.columns and sys.indexes with the name bound as nvarchar.
     */
    @Test
    void aTableNamedOutsideTheCodePageIsFoundAndWritten() throws Exception {
        table = "dbo.bücher表";
        SqlServerTestDataSource target = new SqlServerTestDataSource().table("dbo", "bücher表", List.of("id"),
                CatalogColumn.of("id", Types.INTEGER, "int"), CatalogColumn.of("title", Types.NVARCHAR, "nvarchar").precision(50, 0));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1);
        row.put("title", "Ein Buch 表");
        writeContent("delta", List.of(row), List.of(), List.of());

        Exception failure = importInto(target, 1_000);

        assertThat(failure).as("the import failed").isNull();
        assertThat(target.recording().log()).anySatisfy(line -> assertThat(line)
                .startsWith("MERGE INTO [dbo].[bücher表]"));
        assertThat(String.join("\n", target.recording().log())).doesNotContain("DatabaseMetaData").contains("N'Ein Buch 表'");
    }

    /**
     * A system-versioned (temporal) target: its period columns are GENERATED ALWAYS
     * ({@code sys.columns.generated_always_type} 1 and 2) and writing them fails with Msg 13536,
     * though the content carries them from a temporal source; a graph table's internal columns are hidden.
     */
    @Test
    void periodLedgerAndGraphColumnsAreNeverWritten() throws Exception {
        SqlServerTestDataSource target = new SqlServerTestDataSource().table("dbo", "items", List.of("id"),
                CatalogColumn.of("id", Types.INTEGER, "int"), CatalogColumn.of("name", Types.NVARCHAR, "nvarchar").precision(50, 0),
                CatalogColumn.of("valid_from", Types.TIMESTAMP, "datetime2").precision(27, 7).generatedAlways(1),
                CatalogColumn.of("valid_to", Types.TIMESTAMP, "datetime2").precision(27, 7).generatedAlways(2),
                CatalogColumn.of("graph_id_5D1E", Types.BIGINT, "bigint").asGraph());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1);
        row.put("name", "eins");
        row.put("valid_from", "2026-01-01T00:00:00");
        row.put("valid_to", "9999-12-31T23:59:59.9999999");
        writeContent("delta", List.of(row), List.of(), List.of());

        Exception failure = importInto(target, 1_000);

        assertThat(failure).as("the import failed").isNull();
        assertThat(target.recording().statements()).filteredOn(sql -> sql.startsWith("MERGE")).singleElement().satisfies(sql -> assertThat(sql)
                .contains("INSERT ([id], [name])").doesNotContain("valid_from", "valid_to", "graph_id"));
    }

    /**
     * The bulk path decoded base64 inside T-SQL with {@code sql:column("w.[name]")}, an XQuery
     * string literal that a column named with ' or " breaks: the bytes are bulk-copied as
     * varbinary instead, decoded by the client.
     */
    @Test
    void binaryColumnsAreBulkCopiedAsBytesWhateverTheirName() throws Exception {
        SqlServerTestDataSource target = new SqlServerTestDataSource().table("dbo", "items", List.of("id"),
                CatalogColumn.of("id", Types.INTEGER, "int"), CatalogColumn.of("it's \"bin\"", Types.VARBINARY, "varbinary").precision(16, 0));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 1);
        row.put("it's \"bin\"", "3q2+7w==");
        writeContent("delta", List.of(row), List.of(), List.of());

        Exception failure = importInto(target, 1);

        assertThat(failure).as("the import failed").isNull();
        SqlServerTestDataSource.BulkCopy copy = target.bulkCopies().get(0);
        assertThat(copy.types()).containsExactly(Types.BIGINT, Types.NVARCHAR, Types.VARBINARY);
        assertThat((byte[]) copy.rows().get(0).get(2)).containsExactly(0xDE, 0xAD, 0xBE, 0xEF);
        assertThat(String.join("\n", target.recording().statements())).doesNotContain("xs:base64Binary");
    }

    private static Map<String, Object> row(int id, String code, String amount, String name) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("code", code);
        row.put("amount", amount == null ? null : new BigDecimal(amount));
        row.put("name", name);
        return row;
    }

    /** Imports the gateway's contents into the target; returns the failure, or null when every content was imported. */
    private Exception importInto(SqlServerTestDataSource target, int bulkRows) throws Exception {
        Map<String, String> properties = new HashMap<>(Map.of("ctsync.target.url", "jdbc:sqlserver://nowhere;databaseName=shop",
                "ctsync.application", "shop", "ctsync.source.name", "erp", "ctsync.destination.name", "dwh",
                "ctsync.state.url", "jdbc:h2:mem:unused", "ctsync.export.enabled", "false", "ctsync.import.enabled", "true",
                "ctsync.tables", table, "ctsync.import.bulk-rows", Integer.toString(bulkRows)));
        CtsyncConfig config = CtsyncConfig.from(Settings.of(properties));
        Importer importer = new Importer(Pipeline.of(config), config, target.pool(), new FileGateway(dir.resolve("gateway")), new Metrics(new SimpleMeterRegistry()));
        try {
            importer.checkTarget();
            importer.createImportLog();
            ImportCycle cycle = importer.sequenceControl(importer.orderBySequence(importer.poll()));
            for (ContentImport content : cycle.contents()) {
                importer.apply(importer.verify(content));
            }
            importer.finish(cycle);
            return null;
        } catch (ImportFailedException e) {
            return e;
        }
    }

    private void writeContent(String mode, List<Map<String, Object>> inserted, List<Map<String, Object>> updated,
                              List<Map<String, Object>> deleted) throws Exception {
        FileGateway gateway = new FileGateway(dir.resolve("gateway"));
        try (ContentSeries series = new ContentSeries(new ContentSeries.Pipeline("shop", "erp", "dwh"), 1, 1, 1, Long.MAX_VALUE, 1,
                gateway.workDirectory(), name -> dir.resolve("staging-" + name.fileName()))) {
            EnumSet<Operation> entries = mode.equals("full") ? EnumSet.of(Operation.INSERTED)
                    : EnumSet.of(Operation.INSERTED, Operation.UPDATED, Operation.DELETED);
            series.beginTable(new ContentSeries.TableHeader(table, mode, mode.equals("full") ? null : 0L, 1L, List.of("id"), entries));
            for (Map<String, Object> row : inserted) {
                write(series.row(Operation.INSERTED), row);
            }
            for (Map<String, Object> row : updated) {
                write(series.row(Operation.UPDATED), row);
            }
            for (Map<String, Object> row : deleted) {
                write(series.row(Operation.DELETED), row);
            }
            series.endTable();
            for (ContentSeries.Staged staged : series.finish()) {
                gateway.publish(staged.name(), staged.file(), staged.manifest());
            }
        }
    }

    private static void write(JsonGenerator json, Map<String, Object> row) throws Exception {
        json.writeStartObject();
        for (Map.Entry<String, Object> field : row.entrySet()) {
            Object value = field.getValue();
            if (value == null) {
                json.writeNullField(field.getKey());
            } else if (value instanceof Integer number) {
                json.writeNumberField(field.getKey(), number);
            } else if (value instanceof BigDecimal number) {
                json.writeNumberField(field.getKey(), number);
            } else {
                json.writeStringField(field.getKey(), value.toString());
            }
        }
        json.writeEndObject();
    }
}
