package io.ctsync.db;

import io.ctsync.backfill.ChunkQueries;
import io.ctsync.config.RowFilter;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.masking.ColumnMasks;
import io.ctsync.testing.SqlSnapshot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact T-SQL a row filter adds on SQL Server (docs/sqlserver.md, "Row filters"), kept as the
 * reviewed snapshot {@code sqlserver/filtered.sql} and parsed by JSqlParser: the filter's compile
 * check, a window's changes joined to the rows that match (a change whose row does not is a
 * delete), the full count and rows, and a backfill's chunks, each with the filter in parentheses.
 * No SQL Server runs here: the same statements run on PostgreSQL and H2 in FilterAndMaskTest.
 */
@Tag("unit")
class SqlServerFilterStatementsTest {

    private static final SourceDialect SOURCE = new SqlServerType().source();
    private static final Window WINDOW = new Window(null, false, 41L, 42L);

    @Test
    void filteredStatementsMatchTheReviewedSnapshotAndParse() throws Exception {
        TableInfo orders = SqlServerStatementsTest.ORDERS;
        RowFilter filter = new RowFilter("ctsync.table.dbo.orders.filter", "customer LIKE N'A%' OR total > 100");
        TableInfo filtered = new TableInfo(orders.name(), orders.columns(), orders.key(), orders.constants(), filter, ColumnMasks.NONE);
        ChunkQueries chunks = new ChunkQueries(SOURCE, filtered);
        List<SqlServerStatementsTest.Statement> statements = new ArrayList<>();
        statements.add(SqlServerStatementsTest.Statement.of("filterCheck", SOURCE.filterCheck(filtered)));
        statements.add(SqlServerStatementsTest.Statement.of("changes", SOURCE.changes(filtered, WINDOW, "ctsync")));
        statements.add(SqlServerStatementsTest.Statement.of("fullCount", SOURCE.fullCount(filtered)));
        statements.add(SqlServerStatementsTest.Statement.of("fullRows", SOURCE.fullRows(filtered)));
        statements.add(SqlServerStatementsTest.Statement.of("end of the first chunk", chunks.end(null, 100000)));
        statements.add(SqlServerStatementsTest.Statement.of("rows of the first chunk", chunks.rows(new KeyRange(null, null))));
        SqlSnapshot.check("sqlserver/filtered.sql", SqlServerStatementsTest.render(statements));
        List<String> all = new ArrayList<>();
        statements.forEach(statement -> all.addAll(statement.parsed()));
        assertThat(all).hasSize(6).allSatisfy(sql -> assertThat(sql).contains("(customer LIKE N'A%' OR total > 100)"));
        assertThat(SqlServerStatementsTest.unparsed(all)).as("statements JSqlParser cannot parse").isEmpty();
    }
}
