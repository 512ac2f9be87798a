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

    RoundTrip(String kind, Path dir, boolean presence, String tables, String... ddl) throws Exception {
        source = TestDatabase.of(kind);
        target = TestDatabase.of(kind);
        source.execute(ddl);
        target.execute(ddl);
        ctsync = new CtsyncRun(Files.createDirectories(dir.resolve("run")), source.properties("source"));
        target.properties("target").forEach(ctsync::set);
        Pipelines.properties("types", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), tables).forEach(ctsync::set);
        ctsync.set("ctsync.import.enabled", "true").set("ctsync.export.presence", String.valueOf(presence));
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

    @Override
    public void close() throws Exception {
        try {
            source.close();
        } finally {
            target.close();
        }
    }
}
