package io.ctsync.importing;

import io.ctsync.db.TargetDialect;
import io.ctsync.db.register.DatabaseTypeRegister;
import io.ctsync.values.ColumnType;
import io.ctsync.values.Column;
import io.ctsync.db.TargetShape;
import org.junit.jupiter.api.Tag;
import io.ctsync.config.TableName;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dialects' multi-row upserts and deletes through {@link RowBatch}, on a composite key, with
 * statements of three rows: full statements, a shorter last one, and a key repeated within a
 * statement (which PostgreSQL's ON CONFLICT would refuse) written last as row by row.
 */
@Tag("postgres")
class RowBatchTest {

    private static final TableName TABLE = TableName.parse("test", "rb.items");
    private static final List<Column> COLUMNS = List.of(new Column("a", Types.INTEGER, "int4"), new Column("b", Types.VARCHAR, "varchar"),
            new Column("v", Types.VARCHAR, "varchar"));
    private static final List<String> KEY = List.of("a", "b");
    private static final int THREE_ROWS = 3;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void upsertsAndDeletesManyRowsToAStatementAndTheLastRowOfARepeatedKeyWins(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind); Connection connection = db.connect()) {
            db.execute("CREATE SCHEMA \"rb\"", "CREATE TABLE \"rb\".\"items\" (\"a\" INT, \"b\" VARCHAR(10), \"v\" VARCHAR(10), PRIMARY KEY (\"a\", \"b\"))",
                    "INSERT INTO \"rb\".\"items\" VALUES (1, 'x', 'old'), (9, 'x', 'kept')");
            TargetDialect dialect = DatabaseTypeRegister.of(connection).target();
            ColumnType[] types = COLUMNS.stream().map(c -> ColumnType.of(c, dialect.types())).toArray(ColumnType[]::new);
            TargetShape shape = TargetShape.plain(TABLE, COLUMNS);
            connection.setAutoCommit(false);

            try (RowBatch upsert = new RowBatch(connection, dialect, rows -> dialect.upsert(shape, List.of("a", "b", "v"), KEY, rows), types, THREE_ROWS, Long.MAX_VALUE)) {
                for (Object[] row : List.of(row(1, "x", "new"), row(2, "x", "first"), row(2, "x", "second"),
                        row(3, "x", "c"), row(4, "y", "d"), row(5, "x", "e"), row(6, "x", "f"))) {
                    upsert.add(key(row), row);
                }
                upsert.finish();
            }
            long deleted;
            try (RowBatch delete = new RowBatch(connection, dialect, rows -> dialect.delete(shape, KEY, rows), Arrays.copyOf(types, 2), THREE_ROWS,
                    Long.MAX_VALUE)) {
                for (Object[] key : List.of(row(3, "x"), row(4, "y"), row(5, "x"), row(4, "x"))) {
                    delete.add(key(key), key);
                }
                deleted = delete.finish();
            }
            connection.commit();

            assertThat(deleted).isEqualTo(3);
            assertThat(db.query("SELECT \"a\", \"b\", \"v\" FROM \"rb\".\"items\" ORDER BY \"a\"")).containsExactly(
                    List.of(1, "x", "new"), List.of(2, "x", "second"), List.of(6, "x", "f"), List.of(9, "x", "kept"));
        }
    }

    /** Rows whose values reach the batch's bytes go to the target at once, before the statement of rows is full. */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void rowsGoOutWhenTheirValuesReachTheBatchBytesWhateverTheirNumber(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind); Connection connection = db.connect()) {
            db.execute("CREATE SCHEMA \"rb\"", "CREATE TABLE \"rb\".\"items\" (\"a\" INT, \"b\" VARCHAR(10), \"v\" VARCHAR(10), PRIMARY KEY (\"a\", \"b\"))");
            TargetDialect dialect = DatabaseTypeRegister.of(connection).target();
            ColumnType[] types = COLUMNS.stream().map(c -> ColumnType.of(c, dialect.types())).toArray(ColumnType[]::new);
            TargetShape shape = TargetShape.plain(TABLE, COLUMNS);
            connection.setAutoCommit(false);
            // a row is 8 bytes for the integer and 1 + 6 for the strings: the second row reaches 30 bytes
            try (RowBatch upsert = new RowBatch(connection, dialect, rows -> dialect.upsert(shape, List.of("a", "b", "v"), KEY, rows), types,
                    1_000, 30)) {
                upsert.add(key(row(1, "x", "abcdef")), row(1, "x", "abcdef"));
                assertThat(count(connection)).isZero();
                upsert.add(key(row(2, "x", "abcdef")), row(2, "x", "abcdef"));
                assertThat(count(connection)).isEqualTo(2);
                upsert.add(key(row(3, "x", "abcdef")), row(3, "x", "abcdef"));
                assertThat(count(connection)).isEqualTo(2);
                upsert.finish();
                assertThat(count(connection)).isEqualTo(3);
            }
        }
    }

    private static long count(Connection connection) throws java.sql.SQLException {
        try (var statement = connection.createStatement(); var rs = statement.executeQuery("SELECT COUNT(*) FROM \"rb\".\"items\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private static Key key(Object[] row) {
        return new Key(new Object[] {row[0], row[1]});
    }
}
