package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.config.ConfigException;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.testing.RecordingConnection;
import io.ctsync.testing.SqlSnapshot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The T-SQL a SQL Server target receives beyond the per-table statements of
 * {@link SqlServerStatementsTest}: how ctsync reads which columns the database generates, and the
 * start-up checks of an import and of a presence target. Kept as the reviewed snapshot
 * {@code sqlserver/target.sql}, each statement parsed by JSqlParser.
 */
@Tag("unit")
class SqlServerTargetStatementsTest {

    private static final DatabaseType SQL_SERVER = new SqlServerType();
    private static final SourceDialect SOURCE = SQL_SERVER.source();
    private static final TargetDialect TARGET = SQL_SERVER.target();
    private static final PresenceDialect PRESENCE = SQL_SERVER.presence();
    private static final RecordingConnection.Answers ANSWERS = new RecordingConnection.Answers(42, 1, "READ_WRITE");

    private static List<SqlServerStatementsTest.Statement> statements() throws Exception {
        List<SqlServerStatementsTest.Statement> statements = new ArrayList<>();
        statements.add(SqlServerStatementsTest.recorded("describeTarget", ANSWERS,
                c -> TARGET.describeTarget(c, SqlServerStatementsTest.INVOICES.name()).identity()));
        statements.add(SqlServerStatementsTest.recorded("checkImportReady", ANSWERS, c -> refusal(() -> TARGET.checkImportReady(c,
                List.of(new TargetCheck(SqlServerStatementsTest.INVOICES_SHAPE, List.of("id"))), true))));
        statements.add(SqlServerStatementsTest.recorded("checkPresenceReady", ANSWERS, c -> refusal(() -> PRESENCE.checkPresenceReady(c))));
        return statements;
    }

    private interface Check {
        void run() throws Exception;
    }

    /** What a check refuses with, or null when it passes. */
    private static String refusal(Check check) throws Exception {
        try {
            check.run();
            return null;
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    @Test
    void targetStatementsMatchTheReviewedSnapshot() throws Exception {
        SqlSnapshot.check("sqlserver/target.sql", SqlServerStatementsTest.render(statements()));
    }

    @Test
    void jsqlparserParsesEveryTargetStatement() throws Exception {
        List<String> all = new ArrayList<>();
        statements().forEach(statement -> all.addAll(statement.parsed()));
        assertThat(all).hasSizeGreaterThan(4);
        assertThat(SqlServerStatementsTest.unparsed(all)).isEmpty();
    }

    @Test
    void computedAndRowversionColumnsAreNotWrittenAndTheIdentityKeyIsInsertedButNeverUpdated() {
        TargetShape invoices = SqlServerStatementsTest.INVOICES_SHAPE;
        List<String> written = invoices.writable(List.of("id", "number", "net", "gross", "row_version"));
        String merge = TARGET.upsert(invoices, written, List.of("id"), 1);

        assertThat(written).containsExactly("id", "number", "net");
        assertThat(merge).isEqualTo("MERGE INTO [dbo].[invoices] WITH (HOLDLOCK) AS t USING (VALUES (?, ?, CAST(? AS decimal(10,2)))) AS s ([id], [number], [net])"
                + " ON t.[id] = s.[id] WHEN MATCHED THEN UPDATE SET t.[number] = s.[number], t.[net] = s.[net]"
                + " WHEN NOT MATCHED THEN INSERT ([id], [number], [net]) VALUES (s.[id], s.[number], s.[net]);");
        assertThat(TARGET.identityInsert(invoices.name(), true)).containsExactly("SET IDENTITY_INSERT [dbo].[invoices] ON");
        assertThat(TARGET.identityInsert(invoices.name(), false)).containsExactly("SET IDENTITY_INSERT [dbo].[invoices] OFF");
    }

    @Test
    void anIdentityColumnOutsideTheKeyIsNeverInTheUpdateSet() {
        TargetShape shape = new TargetShape(SqlServerStatementsTest.ORDERS.name(), SqlServerStatementsTest.ORDERS.columns(),
                java.util.Set.of(), java.util.Set.of("customer"));
        assertThat(TARGET.upsert(shape, List.of("id", "customer", "total"), List.of("id"), 1))
                .contains("UPDATE SET t.[total] = s.[total] WHEN NOT MATCHED THEN INSERT ([id], [customer], [total])");
    }

    @Test
    void datetimeAndSmalldatetimeParametersAreCastToTheColumnTypeWhereverAKeyIsCompared() {
        TableInfo readings = SqlServerStatementsTest.READINGS;
        TargetShape shape = SqlServerStatementsTest.shape(readings);
        List<String> columns = readings.columns().stream().map(Column::name).toList();

        assertThat(TARGET.upsert(shape, columns, readings.key(), 1))
                .contains("USING (VALUES (?, CAST(? AS datetime), CAST(? AS smalldatetime), ?, ?))");
        assertThat(TARGET.delete(shape, readings.key(), 2)).contains("(VALUES (?, CAST(? AS datetime)), (?, CAST(? AS datetime)))");
        assertThat(PRESENCE.presence(readings.name(), readings.columns(), readings.key(), List.of(), 1))
                .contains("FROM (VALUES (?, ?, ?, CAST(? AS datetime)))");
    }

    /** Refused at start-up, source and target alike, by the type model (the target: TargetRules, as H2TypeMatrixTest shows with ROW). */
    @Test
    void aSqlVariantColumnIsRefusedByTheTypeModel() {
        assertThat(SOURCE.types().refusal(new Column("value", -156, "sql_variant")))
                .isEqualTo("each sql_variant value carries its own base type, which the content's JSON cannot say");
        assertThat(SOURCE.types().refusal(new Column("value", java.sql.Types.NVARCHAR, "nvarchar"))).isNull();
    }
}
