package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.config.TableName;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.testing.RecordingConnection;
import io.ctsync.testing.SqlSnapshot;
import io.ctsync.values.TextRows;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The T-SQL of SQL Server's bulk path (docs/design.md, "Import"): the #temporary work table, the MERGE
 * that takes the last loaded row of each key, the DELETE joined to it, the copy of a full table's
 * keys. Kept as the reviewed snapshot {@code sqlserver/bulk.sql}, each statement parsed by
 * JSqlParser. The bulk copy itself (SQLServerBulkCopy) sends no SQL text and never ran here.
 */
@Tag("unit")
class SqlServerBulkStatementsTest {

    private static final DatabaseType SQL_SERVER = new SqlServerType();
    private static final TargetDialect TARGET = SQL_SERVER.target();
    /** A varbinary column, whose base64 text is decoded in the statements. */
    private static final TargetShape FILES = TargetShape.plain(new TableName("dbo", "files"),
            List.of(new Column("id", Types.INTEGER, "int"), new Column("body", Types.VARBINARY, "varbinary")));

    private static List<SqlServerStatementsTest.Statement> statements() throws Exception {
        BulkLoad bulk = TARGET.bulkLoad(1_000, 1_000).orElseThrow();
        List<SqlServerStatementsTest.Statement> statements = new ArrayList<>();
        for (TargetShape table : List.of(SqlServerStatementsTest.shape(SqlServerStatementsTest.ORDERS),
                SqlServerStatementsTest.shape(SqlServerStatementsTest.READINGS), SqlServerStatementsTest.INVOICES_SHAPE, FILES)) {
            List<Column> columns = table.columnsNamed(table.writable(Dialect.names(table.columns())));
            List<String> key = table == FILES ? List.of("id") : key(table);
            List<Column> keyColumns = table.columnsNamed(key);
            String label = table.name().table() + ": ";
            ScratchTable work = bulk.workTable(table.name(), columns);
            for (String create : work.create()) {
                statements.add(statement(label + "work table", create));
            }
            for (String load : loadStatements(work, columns)) {
                statements.add(statement(label + "after the bulk copy", load));
            }
            statements.add(statement(label + "upsert", TARGET.withContext(bulk.upsert(table, columns, key, work.reference(), false), "ctsync")));
            statements.add(statement(label + "delete", TARGET.withContext(bulk.delete(table, keyColumns, work.reference()), "ctsync")));
            statements.add(statement(label + "keys of a full table", bulk.copyKeys("[#ctsync_keys_1]", keyColumns, work.reference())));
            for (String drop : bulk.drop(work.reference())) {
                statements.add(statement(label + "drop", drop));
            }
        }
        return statements;
    }

    /** What a load sends besides the bulk copy, recorded from a connection that behaves as mssql-jdbc's (the copy takes no rows here). */
    private static List<String> loadStatements(ScratchTable work, List<Column> columns) throws Exception {
        RecordingConnection recording = new RecordingConnection(new RecordingConnection.Answers(0, 0, null));
        BulkLoad bulk = new SqlServerType((connection, table, names, rows) -> { }).target().bulkLoad(1_000, 1_000).orElseThrow();
        bulk.load(recording.connection(), work, columns, NO_ROWS);
        return recording.statements();
    }

    private static final TextRows NO_ROWS = new TextRows() {
        @Override
        public boolean next() {
            return false;
        }

        @Override
        public char[] chars() {
            return new char[0];
        }

        @Override
        public int start(int column) {
            return -1;
        }

        @Override
        public int length(int column) {
            return 0;
        }
    };

    private static List<String> key(TargetShape table) {
        return table == SqlServerStatementsTest.INVOICES_SHAPE ? SqlServerStatementsTest.INVOICES.key()
                : table.name().table().equals("orders") ? SqlServerStatementsTest.ORDERS.key() : SqlServerStatementsTest.READINGS.key();
    }

    private static SqlServerStatementsTest.Statement statement(String label, String sql) {
        return new SqlServerStatementsTest.Statement(label, sql, List.of());
    }

    @Test
    void bulkStatementsMatchTheReviewedSnapshot() throws Exception {
        SqlSnapshot.check("sqlserver/bulk.sql", SqlServerStatementsTest.render(statements()));
    }

    @Test
    void jsqlparserParsesEveryBulkStatement() throws Exception {
        List<String> all = new ArrayList<>();
        statements().forEach(statement -> all.addAll(statement.parsed()));
        assertThat(all).hasSize(44);
        assertThat(SqlServerStatementsTest.unparsed(all)).isEmpty();
    }

    @Test
    void contentsBelowTheBulkRowsGoAsMultiRowStatements() {
        assertThat(TARGET.bulkLoad(999, 1_000)).isEmpty();
        assertThat(TARGET.bulkLoad(1_000, 1_000)).isPresent();
    }

    @Test
    void theIdentityKeyIsInsertedButNeverUpdatedAndGeneratedColumnsAreNotLoaded() {
        TargetShape invoices = SqlServerStatementsTest.INVOICES_SHAPE;
        List<Column> columns = invoices.columnsNamed(invoices.writable(Dialect.names(invoices.columns())));
        String merge = TARGET.bulkLoad(1, 1).orElseThrow().upsert(invoices, columns, List.of("id"), "[#ctsync_rows]", false);

        assertThat(Dialect.names(columns)).containsExactly("id", "number", "net");
        assertThat(merge).contains("WHEN MATCHED THEN UPDATE SET t.[number] = s.[number], t.[net] = s.[net] WHEN NOT MATCHED THEN INSERT ([id]");
        assertThat(Set.copyOf(invoices.identity())).containsExactly("id");
    }
}
