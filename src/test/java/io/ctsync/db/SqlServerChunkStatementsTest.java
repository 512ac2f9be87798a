package io.ctsync.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.backfill.ChunkQueries;
import io.ctsync.config.TableName;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.testing.SqlSnapshot;
import io.ctsync.values.Column;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact T-SQL of a backfill on SQL Server, kept as the reviewed snapshot
 * {@code sqlserver/chunks.sql} and parsed by JSqlParser like every other SQL Server statement
 * ({@link SqlServerStatementsTest}): keyset pagination in a {@code _BIN2} collation for text, a
 * uniqueidentifier compared as its text, the expanded OR form for a composite key (T-SQL has no
 * row values), and the target's removal of a chunk's absent rows in its range. No SQL Server runs
 * here: the same statements run on PostgreSQL and H2 in BackfillTest and BackfillKeyOrderTest.
 */
@Tag("unit")
class SqlServerChunkStatementsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DatabaseType SQL_SERVER = new SqlServerType();

    /** A uniqueidentifier key. */
    private static final TableInfo DOCUMENTS = new TableInfo(TableName.parse("ctsync.tables", "dbo.documents"),
            List.of(new Column("id", Types.CHAR, "uniqueidentifier"), new Column("title", Types.NVARCHAR, "nvarchar")), List.of("id"),
            new LinkedHashMap<>());

    /** The reference tables with a bound of each key, by the name of their snapshot section. */
    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    private record Case(TableInfo table, String from, String to) {
    }

    static {
        CASES.put("int key", new Case(SqlServerStatementsTest.ORDERS, "{\"id\":100}", "{\"id\":200}"));
        CASES.put("composite key", new Case(SqlServerStatementsTest.ORDER_LINES, "{\"order_id\":7,\"line_no\":2}",
                "{\"order_id\":9,\"line_no\":1}"));
        CASES.put("text key, odd names", new Case(SqlServerStatementsTest.ODD_NAMES, "{\"key col\":\"Äpfel\",\"zähler\":1}",
                "{\"key col\":\"apfel\",\"zähler\":3}"));
        CASES.put("uuid key", new Case(DOCUMENTS, "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}",
                "{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"}"));
    }

    @Test
    void chunkStatementsMatchTheReviewedSnapshotAndParse() throws Exception {
        List<SqlServerStatementsTest.Statement> statements = new ArrayList<>();
        for (Map.Entry<String, Case> entry : CASES.entrySet()) {
            statements.addAll(statements(entry.getKey(), entry.getValue()));
        }
        SqlSnapshot.check("sqlserver/chunks.sql", SqlServerStatementsTest.render(statements));
        List<String> all = new ArrayList<>();
        statements.forEach(statement -> all.addAll(statement.parsed()));
        assertThat(all).hasSize(CASES.size() * 8);
        assertThat(SqlServerStatementsTest.unparsed(all)).as("statements JSqlParser cannot parse").isEmpty();
    }

    @Test
    void textAndUuidKeysAreComparedInABinaryCollationAndEveryKeyTypeOfTheReferenceIsOrdered() {
        KeyBounds text = new KeyBounds(SQL_SERVER.source(), List.of(SqlServerStatementsTest.ODD_NAMES.column("key col")));
        List<Object> parameters = new ArrayList<>();
        assertThat(text.condition(new KeyRange(null, json("{\"key col\":\"b\"}")), null, parameters))
                .isEqualTo("[key col] COLLATE Latin1_General_100_BIN2 <= ? COLLATE Latin1_General_100_BIN2");
        assertThat(new KeyBounds(SQL_SERVER.source(), List.of(DOCUMENTS.column("id"))).orderBy("t"))
                .isEqualTo("CONVERT(CHAR(36), CAST(t.[id] AS UNIQUEIDENTIFIER)) COLLATE Latin1_General_100_BIN2");
        assertThat(new KeyBounds(SQL_SERVER.target(), List.of(SqlServerStatementsTest.ALL_TYPES.column("ratio"))).ordered())
                .as("a float key is not sent in ranges").isFalse();
    }

    private static List<SqlServerStatementsTest.Statement> statements(String label, Case c) throws Exception {
        ChunkQueries queries = new ChunkQueries(SQL_SERVER.source(), c.table());
        JsonNode from = json(c.from());
        JsonNode to = json(c.to());
        List<SqlServerStatementsTest.Statement> statements = new ArrayList<>();
        statements.add(of(label + ": end of the first chunk", queries.end(null, 100000)));
        statements.add(of(label + ": end of a later chunk", queries.end(from, 100000)));
        statements.add(of(label + ": count of a middle chunk", queries.count(new KeyRange(from, to))));
        statements.add(of(label + ": rows of the first chunk", queries.rows(new KeyRange(null, to))));
        statements.add(of(label + ": rows of a middle chunk", queries.rows(new KeyRange(from, to))));
        statements.add(of(label + ": rows of the last chunk", queries.rows(new KeyRange(from, null))));
        TargetDialect target = SQL_SERVER.target();
        TableName name = c.table().name();
        KeyBounds bounds = new KeyBounds(target, c.table().key().stream().map(c.table()::column).toList());
        List<Object> parameters = new ArrayList<>();
        String range = bounds.condition(new KeyRange(from, to), target.table(name), parameters);
        statements.add(of(label + ": target, absent rows of a middle chunk removed",
                new Query(target.removeAbsent(name, target.keyTable(1, name, c.table().key()).reference(), c.table().key(), null, range), parameters)));
        List<Object> lastParameters = new ArrayList<>();
        String last = bounds.condition(new KeyRange(from, null), target.table(name), lastParameters);
        statements.add(of(label + ": target, absent rows of the last chunk removed",
                new Query(target.removeAbsent(name, target.keyTable(1, name, c.table().key()).reference(), c.table().key(), null, last), lastParameters)));
        return statements;
    }

    /** A statement with its parameters as values (a key bound binds as its column's type). */
    private static SqlServerStatementsTest.Statement of(String label, Query query) {
        List<String> values = query.parameters().stream().map(p -> p instanceof Query.Typed typed ? String.valueOf(typed.value())
                : String.valueOf(p)).toList();
        return new SqlServerStatementsTest.Statement(label, query.sql(), values.isEmpty() ? List.of() : List.of("-- parameters: "
                + String.join(", ", values)));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
