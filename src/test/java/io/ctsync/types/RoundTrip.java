package io.ctsync.types;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source and a target of the same DDL, and ctsync exporting from one and importing into the
 * other in the same run, with the presence lookup on or off: what the type tests drive.
 */
final class RoundTrip implements AutoCloseable {

    final TestDatabase source;
    final TestDatabase target;
    final CtsyncRun ctsync;

    /**
     * The two ways a PostgreSQL (or SQL Server) target writes a table of a content: {@code BULK} sends
     * every table through COPY and the work table (bulk-rows 1), so that each type is cast from its
     * text by the server; {@code ROWS} keeps every table under the bulk threshold, so that each type
     * is bound as a parameter of the row statements, two rows per round trip. H2 has only the row path.
     */
    enum ImportPath {
        BULK("1", "1000"), ROWS("1000000", "2");

        private final String bulkRows;
        private final String batchSize;

        ImportPath(String bulkRows, String batchSize) {
            this.bulkRows = bulkRows;
            this.batchSize = batchSize;
        }
    }

    RoundTrip(String kind, Path dir, boolean presence, String tables, String... ddl) throws Exception {
        this(kind, dir, presence, ImportPath.BULK, tables, ddl);
    }

    RoundTrip(String kind, Path dir, boolean presence, ImportPath path, String tables, String... ddl) throws Exception {
        source = TestDatabase.of(kind);
        target = TestDatabase.of(kind);
        source.execute(ddl);
        target.execute(ddl);
        ctsync = new CtsyncRun(Files.createDirectories(dir.resolve("run")), source.properties("source"));
        target.properties("target").forEach(ctsync::set);
        Pipelines.properties("types", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), tables).forEach(ctsync::set);
        ctsync.set("ctsync.import.enabled", "true").set("ctsync.export.presence", String.valueOf(presence));
        ctsync.set("ctsync.import.bulk-rows", path.bulkRows).set("ctsync.import.batch-size", path.batchSize);
    }

    /** Every row of a query as the database's own text of each value, for comparing two databases value for value. */
    static List<List<String>> text(TestDatabase db, String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The target holds exactly the source's rows, value for value. */
    void assertSame(String sql) throws Exception {
        List<List<String>> expected = text(source, sql);
        assertThat(text(target, sql)).as(sql).isEqualTo(expected);
    }

    /**
     * {@code app.matrix}, one column per type, with a row of values, a row of other values and a row
     * of NULLs: a first cycle, then {@code changes} (which swap the two rows' values and delete the
     * third), and the target must hold the same rows after each.
     */
    static void valuesRoundTrip(String kind, Path dir, boolean presence, ImportPath path, String[] ddl, String[] rows,
                                String... changes) throws Exception {
        try (RoundTrip run = new RoundTrip(kind, dir, presence, path, "app.matrix", ddl)) {
            run.source.execute(rows);
            run.source.execute("INSERT INTO app.matrix (id) VALUES (3)");
            run.ctsync.enableTracking();
            run.ctsync.once();
            run.ctsync.once();
            run.assertSame("SELECT * FROM app.matrix ORDER BY id");

            run.source.execute(changes);
            run.ctsync.once();
            run.ctsync.once();
            run.assertSame("SELECT * FROM app.matrix ORDER BY id");
            assertThat(text(run.target, "SELECT COUNT(*) FROM app.matrix")).containsExactly(List.of("2"));
        }
    }

    /**
     * {@code app.matrix} empty at the first cycle, then {@code rows} and a row of NULLs inserted: the
     * second cycle's content is a delta of inserted rows, which the target must then hold.
     */
    static void insertsRoundTrip(String kind, Path dir, ImportPath path, String[] ddl, String... rows) throws Exception {
        try (RoundTrip run = new RoundTrip(kind, dir, false, path, "app.matrix", ddl)) {
            run.ctsync.enableTracking();
            run.ctsync.once();
            run.source.execute(rows);
            run.source.execute("INSERT INTO app.matrix (id) VALUES (3)");
            run.ctsync.once();
            run.ctsync.once();
            run.assertSame("SELECT * FROM app.matrix ORDER BY id");
            assertThat(text(run.target, "SELECT COUNT(*) FROM app.matrix")).containsExactly(List.of("3"));
        }
    }

    /** A type with a value and another value that a key table holds. */
    record KeyType(String type, String value, String other) {
    }

    /**
     * One table per type, {@code (city, v type, n)} keyed by {@code (city, v)}, with three rows; a
     * first cycle, then an update of two rows and a delete of the third, with the presence lookup
     * on; the target must then hold the same rows ({@code select} reads a table's rows as text).
     */
    static void keysRoundTrip(String kind, Path dir, ImportPath path, String cityType, List<String> setup, List<KeyType> types,
                              java.util.function.UnaryOperator<String> select) throws Exception {
        List<String> ddl = new ArrayList<>(setup);
        List<String> tables = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            KeyType key = types.get(i);
            String table = "app.k" + i;
            tables.add(table);
            ddl.add("CREATE TABLE " + table + " (city " + cityType + ", v " + key.type() + ", n INT, PRIMARY KEY (city, v))");
            rows.add("INSERT INTO " + table + " VALUES ('Zürich', " + key.value() + ", 1), ('Zürich', " + key.other()
                    + ", 2), ('Bern', " + key.value() + ", 3)");
            changes.add("UPDATE " + table + " SET n = n + 10 WHERE city = 'Zürich'");
            changes.add("DELETE FROM " + table + " WHERE city = 'Bern'");
        }
        try (RoundTrip run = new RoundTrip(kind, dir, true, path, String.join(",", tables), ddl.toArray(String[]::new))) {
            run.source.execute(rows.toArray(String[]::new));
            run.ctsync.enableTracking();
            run.ctsync.once();
            run.ctsync.once();
            run.source.execute(changes.toArray(String[]::new));
            run.ctsync.once();
            run.ctsync.once();
            for (String table : tables) {
                run.assertSame(select.apply(table));
                assertThat(text(run.target, "SELECT n FROM " + table + " ORDER BY n")).as(table)
                        .containsExactly(List.of("11"), List.of("12"));
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            source.close();
        } finally {
            target.close();
        }
    }
}
