package io.ctsync.db;

import io.ctsync.config.TableName;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.testing.SqlSnapshot;
import io.ctsync.values.Column;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The T-SQL of a SQL Server target kept with {@code deletes=soft} or {@code history}
 * (docs/design.md, "Import"): the soft delete of the row path, of the bulk path and of a full
 * table's absent rows, the upsert that clears the deletion time, its clearing after the bulk
 * path's MERGE; for history the closing of open versions, the MERGE by key and valid_from that
 * opens one, the presence lookup of open versions; and the ALTER TABLE that {@code --check} prints. Kept as the reviewed snapshot {@code sqlserver/deletes.sql}, each
 * statement parsed by JSqlParser; none of it has run on a SQL Server.
 */
@Tag("unit")
class SqlServerDeletesStatementsTest {

    private static final TargetDialect TARGET = new SqlServerType().target();
    private static final String DELETED = "ctsync_deleted_at";
    private static final Column DELETED_COLUMN = new Column(DELETED, -155, "datetimeoffset", 34, 3);

    private static final PresenceDialect PRESENCE = new SqlServerType().presence();
    private static final String VALID_FROM = "valid_from";
    private static final String VALID_TO = "valid_to";

    /** A reference table with the version columns added. */
    private static TargetShape versioned(TableInfo table) {
        return TargetShape.plain(table.name(), Stream.concat(table.columns().stream(), Stream.of(new Column(VALID_FROM, -155, "datetimeoffset", 34, 3),
                new Column(VALID_TO, -155, "datetimeoffset", 34, 3))).toList());
    }

    /** A reference table with the deleted column added, as the ALTER TABLE of {@code --check} adds it. */
    private static TargetShape kept(TableInfo table) {
        return TargetShape.plain(table.name(), Stream.concat(table.columns().stream(), Stream.of(DELETED_COLUMN)).toList());
    }

    private static List<SqlServerStatementsTest.Statement> statements() {
        BulkLoad bulk = TARGET.bulkLoad(1_000, 1_000).orElseThrow();
        List<SqlServerStatementsTest.Statement> statements = new ArrayList<>();
        for (TableInfo table : List.of(SqlServerStatementsTest.ORDERS, SqlServerStatementsTest.READINGS)) {
            TargetShape shape = kept(table);
            List<String> written = Stream.concat(Dialect.names(table.columns()).stream(), Stream.of(DELETED)).toList();
            List<Column> keyColumns = shape.columnsNamed(table.key());
            String work = bulk.workTable(table.name(), table.columns()).reference();
            String label = table.name().table() + ": ";
            statements.add(statement(label + "soft delete of 2 keys (the time, then the keys)",
                    TARGET.softDelete(shape, table.key(), DELETED, 2)));
            statements.add(statement(label + "upsert of 1 row clearing the deletion time", TARGET.upsert(shape, written, table.key(), 1)));
            statements.add(statement(label + "soft delete of a full table's absent rows (the time)", TARGET.softDeleteWhere(shape, DELETED,
                    TARGET.absent(table.name(), "[#ctsync_keys_1]", table.key(), null, null))));
            statements.add(statement(label + "bulk: soft delete of the work table's keys (the time)", bulk.softDelete(shape, keyColumns, DELETED, work)));
            statements.add(statement(label + "bulk: the work table's keys back after the MERGE", bulk.undelete(shape, keyColumns, DELETED, work)));
            statements.add(new SqlServerStatementsTest.Statement(label + "--check: the fix for a missing deleted column",
                    TARGET.addTimestampColumn(table.name(), DELETED), List.of()));
        }
        for (TableInfo table : List.of(SqlServerStatementsTest.ORDERS, SqlServerStatementsTest.READINGS)) {
            TargetShape shape = versioned(table);
            List<String> written = Stream.concat(Dialect.names(table.columns()).stream(), Stream.of(VALID_FROM, VALID_TO)).toList();
            List<String> versionKey = Stream.concat(table.key().stream(), Stream.of(VALID_FROM)).toList();
            List<Column> keyColumns = shape.columnsNamed(table.key());
            String work = bulk.workTable(table.name(), table.columns()).reference();
            String label = table.name().table() + " (history): ";
            statements.add(statement(label + "close the open versions of 2 keys (the time, then the keys)",
                    TARGET.softDelete(shape, table.key(), VALID_TO, 2)));
            statements.add(statement(label + "open a version of 1 row (by key and valid_from)", TARGET.upsert(shape, written, versionKey, 1)));
            statements.add(statement(label + "close the open versions of a full table's absent keys (the time)", TARGET.softDeleteWhere(shape, VALID_TO,
                    TARGET.absent(table.name(), "[#ctsync_keys_1]", table.key(), null, null))));
            statements.add(statement(label + "bulk: close the open versions of the work table's keys (the time)",
                    bulk.softDelete(shape, keyColumns, VALID_TO, work)));
            statements.add(statement(label + "bulk: close the open versions whose values the work table changes (the time)",
                    bulk.closeChanged(shape, keyColumns, table.columns(), VALID_TO, work)));
            statements.add(statement(label + "bulk: open a version of each key left without one (the time)",
                    bulk.openVersions(shape, table.columns(), table.key(), VALID_FROM, VALID_TO, work)));
            statements.add(new SqlServerStatementsTest.Statement(label + "presence of 2 keys, their open versions",
                    PRESENCE.presence(table.name(), shape.columns(), table.key(), List.of(), 2, VALID_TO), List.of()));
            statements.add(new SqlServerStatementsTest.Statement(label + "--check: the fix for a missing version key",
                    TARGET.addPrimaryKey(table.name(), versionKey), List.of()));
        }
        return statements;
    }

    private static SqlServerStatementsTest.Statement statement(String label, String dml) {
        return new SqlServerStatementsTest.Statement(label, TARGET.withContext(dml, "ctsync"), List.of());
    }

    @Test
    void keptDeleteStatementsMatchTheReviewedSnapshot() throws Exception {
        SqlSnapshot.check("sqlserver/deletes.sql", SqlServerStatementsTest.render(statements()));
    }

    @Test
    void jsqlparserParsesEveryKeptDeleteStatement() {
        List<String> all = new ArrayList<>();
        statements().forEach(statement -> all.addAll(statement.parsed()));
        assertThat(all).hasSize(28);
        assertThat(SqlServerStatementsTest.unparsed(all)).isEmpty();
    }

    @Test
    void theDeletionTimeIsTheFirstParameterAndOnlyRowsNotDeletedYetTakeIt() {
        TargetShape orders = kept(SqlServerStatementsTest.ORDERS);
        assertThat(TARGET.softDelete(orders, List.of("id"), DELETED, 2)).isEqualTo("UPDATE t SET t.[ctsync_deleted_at] = CAST(? AS datetimeoffset(3)) FROM [dbo].[orders]"
                + " AS t INNER JOIN (VALUES (?), (?)) AS d ([id]) ON t.[id] = d.[id] WHERE t.[ctsync_deleted_at] IS NULL");
        assertThat(TARGET.addTimestampColumn(new TableName("dbo", "orders"), DELETED))
                .isEqualTo("ALTER TABLE [dbo].[orders] ADD [ctsync_deleted_at] datetimeoffset(3) NULL");
    }
}
