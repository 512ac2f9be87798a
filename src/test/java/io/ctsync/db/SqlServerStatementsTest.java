package io.ctsync.db;

import io.ctsync.values.Column;
import io.ctsync.db.sqlserver.SqlServerType;

import io.ctsync.config.ConfigException;
import io.ctsync.config.Names;
import io.ctsync.config.TableName;
import io.ctsync.testing.RecordingConnection;
import io.ctsync.testing.SqlSnapshot;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exact T-SQL of every statement SQL Server's roles write, for a reference set of tables, kept
 * as reviewed snapshots under {@code src/test/resources/sqlserver/}, and each statement's syntax
 * checked with JSqlParser. No SQL Server runs here: the semantics these statements encode (window,
 * min valid version, context filter, conflict rule) run through the same code paths in the
 * PostgreSQL and H2 tests.
 */
@Tag("unit")
class SqlServerStatementsTest {

    private static final DatabaseType SQL_SERVER = new SqlServerType();
    private static final SourceDialect SOURCE = SQL_SERVER.source();
    private static final TargetDialect TARGET = SQL_SERVER.target();
    private static final PresenceDialect PRESENCE = SQL_SERVER.presence();
    private static final TrackingDialect TRACKING = SQL_SERVER.tracking();
    private static final String CONTEXT = "ctsync";
    private static final Window WINDOW = new Window(null, false, 41L, 42L);

    /** One key column. */
    static final TableInfo ORDERS = table("dbo", "orders", List.of("id"),
            column("id", Types.INTEGER, "int"), column("customer", Types.NVARCHAR, "nvarchar"),
            new Column("total", Types.DECIMAL, "decimal", 12, 2), column("placed_at", -155, "datetimeoffset"));
    /** A composite key, declared in another order than the columns. */
    static final TableInfo ORDER_LINES = table("sales", "order_lines", List.of("order_id", "line_no"),
            column("line_no", Types.SMALLINT, "smallint"), column("order_id", Types.INTEGER, "int"),
            column("sku", Types.VARCHAR, "varchar"), column("quantity", Types.INTEGER, "int"));
    /** Names with spaces, brackets and letters beyond ASCII, as the configuration accepts them. */
    static final TableInfo ODD_NAMES = table("my schema", "odd]name [x] ünïcödé 表", List.of("key col", "zähler"),
            column("key col", Types.NVARCHAR, "nvarchar"), column("zähler", Types.INTEGER, "int"),
            column("va]lue [1]", Types.NVARCHAR, "nvarchar"), column("naïve-名前", Types.BIT, "bit"));
    /** Every kind of column the content format carries. */
    static final TableInfo ALL_TYPES = table("dbo", "all_types", List.of("id"),
            column("id", Types.BIGINT, "bigint"), column("tiny", Types.TINYINT, "tinyint"), column("flag", Types.BIT, "bit"),
            column("amount", Types.DECIMAL, "money"), column("ratio", Types.DOUBLE, "float"), column("single", Types.REAL, "real"),
            column("day", Types.DATE, "date"), column("at", Types.TIME, "time"), column("local_ts", Types.TIMESTAMP, "datetime2"),
            column("zoned_ts", -155, "datetimeoffset"), column("guid", Types.CHAR, "uniqueidentifier"),
            column("bytes", Types.VARBINARY, "varbinary"), column("text", Types.NVARCHAR, "nvarchar"),
            column("doc", Types.LONGNVARCHAR, "xml"));

    /** An IDENTITY key, a computed column and a rowversion, as SQL Server's sys.columns reports them. */
    static final TableInfo INVOICES = table("dbo", "invoices", List.of("id"),
            column("id", Types.INTEGER, "int identity"), column("number", Types.NVARCHAR, "nvarchar"),
            new Column("net", Types.DECIMAL, "decimal", 10, 2), new Column("gross", Types.DECIMAL, "decimal", 11, 2),
            column("row_version", Types.BINARY, "timestamp"));
    static final TargetShape INVOICES_SHAPE = new TargetShape(INVOICES.name(), INVOICES.columns(), Set.of("gross", "row_version"), Set.of("id"));
    /** A datetime key column, a smalldatetime and a time(7). */
    static final TableInfo READINGS = table("dbo", "readings", List.of("sensor", "taken_at"),
            column("sensor", Types.INTEGER, "int"), column("taken_at", Types.TIMESTAMP, "datetime"),
            column("logged_at", Types.TIMESTAMP, "smalldatetime"), column("at_time", Types.TIME, "time"),
            column("reading", Types.DOUBLE, "float"));

    /** The reference tables by the name of their snapshot file. */
    private static final Map<String, TableInfo> REFERENCE = new LinkedHashMap<>(Map.of(
            "orders", ORDERS, "order_lines", ORDER_LINES, "odd_names", ODD_NAMES, "all_types", ALL_TYPES,
            "invoices", INVOICES, "readings", READINGS));
    private static final List<TableInfo> TABLES = List.copyOf(REFERENCE.values());

    /** How the target side sees a reference table: only the invoices have generated and identity columns. */
    static TargetShape shape(TableInfo table) {
        return table == INVOICES ? INVOICES_SHAPE : TargetShape.plain(table.name(), table.columns());
    }

    /**
     * The T-SQL that JSqlParser 5.3 does not know, each with a stand-in of the same shape so that
     * the rest of the statement is still checked: a statement that fails as written must parse
     * once these are replaced, and one that needs none of them must parse as written.
     */
    static final Map<Pattern, String> STAND_INS = new LinkedHashMap<>(Map.of(
            // the change tracking clause in front of a DML statement (its form is checked by theContextIs...)
            Pattern.compile("^WITH CHANGE_TRACKING_CONTEXT \\(0x[0-9A-F]+\\) "), "",
            // MERGE's table hint
            Pattern.compile(" WITH \\(HOLDLOCK\\)"), "",
            // CHANGETABLE's CHANGES keyword: a table function with a table argument is the same shape
            Pattern.compile("CHANGETABLE\\(CHANGES "), "CHANGETABLE(",
            // a closing bracket doubled inside a bracketed name
            Pattern.compile("]]"), "_",
            // SET IDENTITY_INSERT: the table name it takes, checked in a statement of another shape
            Pattern.compile("^SET IDENTITY_INSERT (.+) (ON|OFF)$"), "SELECT 1 FROM $1"));

    @Test
    void statementsPerTableMatchTheReviewedSnapshots() throws Exception {
        for (Map.Entry<String, TableInfo> table : REFERENCE.entrySet()) {
            SqlSnapshot.check("sqlserver/" + table.getKey() + ".sql", render(statements(table.getValue())));
        }
    }

    @Test
    void connectionStatementsMatchTheReviewedSnapshot() throws Exception {
        SqlSnapshot.check("sqlserver/connection.sql", render(connectionStatements()));
    }

    @Test
    void jsqlparserParsesEveryStatementAsWrittenOrWithStandInsForWhatItDoesNotKnow() throws Exception {
        List<String> all = new ArrayList<>();
        for (TableInfo table : TABLES) {
            statements(table).forEach(statement -> all.addAll(statement.parsed()));
        }
        connectionStatements().forEach(statement -> all.addAll(statement.parsed()));
        assertThat(all).hasSizeGreaterThan(40);
        assertThat(unparsed(all)).as("statements JSqlParser cannot parse").isEmpty();
    }

    /** The statements that parse neither as written nor, where they use what JSqlParser does not know, with the stand-ins. */
    static List<String> unparsed(List<String> statements) {
        List<String> unparsed = new ArrayList<>();
        for (String sql : statements) {
            String standIn = sql;
            for (Map.Entry<Pattern, String> entry : STAND_INS.entrySet()) {
                standIn = entry.getKey().matcher(standIn).replaceAll(entry.getValue());
            }
            boolean asWritten = parses(sql);
            if (standIn.equals(sql) ? !asWritten : !parses(standIn)) {
                unparsed.add(sql);
            }
        }
        return unparsed;
    }

    private static boolean parses(String sql) {
        try {
            CCJSqlParserUtil.parse(sql, parser -> parser.withSquareBracketQuotation(true));
            return true;
        } catch (JSQLParserException e) {
            return false;
        }
    }

    @Test
    void identifiersAreBracketQuotedWithTheClosingBracketDoubled() {
        assertThat(SOURCE.quote("odd]name [x]")).isEqualTo("[odd]]name [x]]]");
        assertThat(SOURCE.table(ODD_NAMES.name())).isEqualTo("[my schema].[odd]]name [x]] ünïcödé 表]");
    }

    @Test
    void theContextIsTheUtf8BytesOfItsNameAndAtMost128OfThem() {
        assertThat(TARGET.withContext("DELETE FROM [dbo].[orders] WHERE [id] = ?", "ctsync-eu"))
                .isEqualTo("WITH CHANGE_TRACKING_CONTEXT (0x637473796E632D6575) DELETE FROM [dbo].[orders] WHERE [id] = ?");
        assertThatThrownBy(() -> TARGET.withContext("DELETE FROM t", "x".repeat(129)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ctsync.context");
    }

    @Test
    void presenceBatchesOfTwoHundredKeysFitTheParameterLimitUpToEightKeyColumns() {
        assertThat(200 * (8 + 2)).isLessThanOrEqualTo(PRESENCE.maxParameters());
        assertThat(200 * (9 + 2)).isGreaterThan(PRESENCE.maxParameters());
    }

    @Test
    void retriesSnapshotUpdateConflictsAndDeadlocksOnly() {
        java.sql.SQLException conflict = new java.sql.SQLException("Snapshot isolation transaction aborted due to update conflict", "S0005", 3960);
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("batch", "S0005", 0, new int[0], null);
        batch.setNextException(new java.sql.SQLException("deadlock victim", "40001", 1205));
        assertThat(TARGET.isRetryable(conflict)).isTrue();
        assertThat(TARGET.isRetryable(new java.sql.SQLException("wrapped", conflict))).isTrue();
        assertThat(TARGET.isRetryable(batch)).isTrue();
        assertThat(TARGET.isRetryable(new java.sql.SQLException("Violation of PRIMARY KEY constraint", "23000", 2627))).isFalse();
    }

    private static List<Statement> statements(TableInfo table) {
        TableName name = table.name();
        List<String> columns = table.columns().stream().map(Column::name).toList();
        List<Column> keyColumns = table.key().stream().map(table::column).toList();
        List<Statement> statements = new ArrayList<>();
        statements.add(Statement.of("changeCounts", SOURCE.changeCounts(table, WINDOW, CONTEXT)));
        statements.add(Statement.of("changes", SOURCE.changes(table, WINDOW, CONTEXT)));
        statements.add(Statement.of("fullCount", SOURCE.fullCount(table)));
        statements.add(Statement.of("fullRows", SOURCE.fullRows(table)));
        statements.add(Statement.of("changedKeysSince", SOURCE.changedKeysSince(table, new TrackingSurvey.Since(name, 41L, null))));
        statements.add(Statement.of("changedSince", TARGET.changedSince(name, table.key(), 41, CONTEXT)));
        TargetShape shape = shape(table);
        List<String> written = shape.writable(columns);
        boolean identity = shape.writesIdentity(written);
        if (identity) {
            TARGET.identityInsert(name, true).forEach(sql -> statements.add(new Statement("identityInsert on", sql, List.of())));
        }
        statements.add(new Statement("upsert", TARGET.withContext(TARGET.upsert(shape, written, table.key(), 2), CONTEXT), List.of()));
        if (identity) {
            TARGET.identityInsert(name, false).forEach(sql -> statements.add(new Statement("identityInsert off", sql, List.of())));
        }
        statements.add(new Statement("delete", TARGET.withContext(TARGET.delete(shape, table.key(), 2), CONTEXT), List.of()));
        ScratchTable keyTable = TARGET.keyTable(1, name, table.key());
        for (int i = 0; i < keyTable.create().size(); i++) {
            statements.add(new Statement("keyTable " + (i + 1), keyTable.create().get(i), List.of()));
        }
        statements.add(new Statement("keyTable insert", TARGET.insert(keyTable.reference(), keyColumns, 2), List.of()));
        statements.add(new Statement("removeAbsent", TARGET.withContext(
                TARGET.removeAbsent(name, keyTable.reference(), table.key(), null), CONTEXT), List.of()));
        statements.add(new Statement("removeAbsent with constant", TARGET.withContext(
                TARGET.removeAbsent(name, keyTable.reference(), table.key(), "region"), CONTEXT), List.of()));
        statements.add(new Statement("presence", PRESENCE.presence(name, table.columns(), table.key(), List.of(), 2), List.of()));
        statements.add(new Statement("presence with constant", PRESENCE.presence(name, table.columns(), table.key(), List.of("region"), 2), List.of()));
        try {
            TRACKING.enableTracking(table);
        } catch (ConfigException e) {
            statements.add(new Statement("enableTracking refuses", null, List.of(e.getMessage())));
        }
        return statements;
    }

    private static List<Statement> connectionStatements() throws Exception {
        List<Statement> statements = new ArrayList<>();
        RecordingConnection.Answers answers = new RecordingConnection.Answers(42, 1, "READ_WRITE");
        statements.add(recorded("openSnapshot", answers, SOURCE::openSnapshot));
        statements.add(recorded("minValidVersion", answers, c -> SOURCE.minValidVersion(c, ODD_NAMES.name())));
        statements.add(recorded("databaseIdentity", answers, SOURCE::databaseIdentity));
        statements.add(recorded("checkCaptureReady", answers, c -> {
            try {
                SOURCE.checkCaptureReady(c, List.of(ODD_NAMES));
                return null;
            } catch (ConfigException e) {
                // the recording connection's catalog knows no primary key, so the key check refuses
                return e.getMessage();
            }
        }));
        statements.add(recorded("createImportLog", answers, c -> {
            TARGET.createImportLog(c);
            return null;
        }));
        statements.add(recorded("beginImport", answers, c -> {
            TARGET.beginImport(c, true);
            return null;
        }));
        statements.add(recorded("committedVersion", answers, TARGET::committedVersion));
        statements.add(recorded("beginConsistentRead", answers, c -> {
            SOURCE.beginConsistentRead(c);
            return null;
        }));
        return statements;
    }

    interface Call {
        Object on(Connection connection) throws Exception;
    }

    /** What one dialect method sends through a connection: each statement parsed on its own, the settings as notes. */
    static Statement recorded(String label, RecordingConnection.Answers answers, Call call) throws Exception {
        RecordingConnection recording = new RecordingConnection(answers);
        Object result = call.on(recording.connection());
        List<String> notes = new ArrayList<>(recording.log());
        if (result != null) {
            notes.add("returns " + result);
        }
        return new Statement(label, null, notes, List.copyOf(recording.statements()));
    }

    /**
     * A label, its SQL (null when the entry is only notes), notes (parameters, settings in the order
     * they happen, what it returns) and the statements to parse.
     */
    record Statement(String label, String sql, List<String> notes, List<String> parsed) {
        Statement(String label, String sql, List<String> notes) {
            this(label, sql, notes, sql == null ? List.of() : List.of(sql));
        }

        static Statement of(String label, Query query) {
            return new Statement(label, query.sql(), query.parameters().isEmpty() ? List.of()
                    : List.of("-- parameters: " + parameters(query.parameters())));
        }
    }

    private static String parameters(List<Object> values) {
        List<String> rendered = new ArrayList<>();
        for (Object value : values) {
            rendered.add(value instanceof byte[] bytes ? "0x" + java.util.HexFormat.of().withUpperCase().formatHex(bytes) : String.valueOf(value));
        }
        return String.join(", ", rendered);
    }

    static String render(List<Statement> statements) {
        StringBuilder text = new StringBuilder();
        for (Statement statement : statements) {
            text.append("-- ").append(statement.label()).append('\n');
            if (statement.sql() != null) {
                text.append(statement.sql()).append('\n');
            }
            statement.notes().forEach(note -> text.append(note).append('\n'));
            text.append('\n');
        }
        return text.toString();
    }

    private static TableInfo table(String schema, String table, List<String> key, Column... columns) {
        TableName name = TableName.parse("ctsync.tables", schema + "." + table);
        Arrays.stream(columns).forEach(c -> Names.identifier("column", c.name()));
        return new TableInfo(name, List.of(columns), key, new LinkedHashMap<>());
    }

    private static Column column(String name, int jdbcType, String typeName) {
        return new Column(name, jdbcType, typeName);
    }
}
