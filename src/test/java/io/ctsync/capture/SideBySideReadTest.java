package io.ctsync.capture;

import io.ctsync.db.DatabaseType;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.register.DatabaseTypeRegister;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.config.CaptureMode;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.db.Catalog;
import io.ctsync.db.TableInfo;
import io.ctsync.db.Window;
import io.ctsync.packaging.Operation;
import io.ctsync.testing.TestDatabase;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delta window read in two streams at once (bench/README.md, "Export speed"): on PostgreSQL the
 * second stream reads on a connection of its own in the snapshot the cycle exported, so the two
 * hold exactly the window's changes, split by operation, and a change committed after the
 * snapshot is in neither. H2 shares no snapshot: its window is read in one stream.
 */
@Tag("postgres")
class SideBySideReadTest {

    private static final TableName ITEMS = new TableName("app", "items");
    private static final TableMapping MAPPING = new TableMapping(ITEMS, List.of(), CaptureMode.CHANGE_TRACKING, ITEMS, Map.of());

    @Test
    void onPostgresqlTheTwoStreamsHoldTheWindowsChangesSplitByOperationAsTheSnapshotSawThem() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            PGSimpleDataSource pool = new PGSimpleDataSource();
            pool.setUrl(db.url());
            pool.setUser(TestDatabase.PG_USER);
            pool.setPassword(TestDatabase.PG_PASSWORD);
            List<List<String>> streams = readSideBySide(db, pool).orElseThrow();

            assertThat(streams.get(0)).containsExactlyInAnyOrder(
                    "I {\"id\":5,\"label\":\"five\"}", "I {\"id\":6,\"label\":\"six\"}");
            assertThat(streams.get(1)).as("nothing committed after the snapshot: not row 7, not the second update of row 2")
                    .containsExactlyInAnyOrder("U {\"id\":1,\"label\":\"one, changed\"}", "U {\"id\":2,\"label\":\"two, changed\"}",
                            "D {\"id\":3}");
        }
    }

    @Test
    void h2SharesNoSnapshotAndReadsTheWindowInOneStream() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            JdbcDataSource pool = new JdbcDataSource();
            pool.setURL(db.url());
            assertThat(readSideBySide(db, pool)).isEmpty();
        }
    }

    /**
     * Rows 1 to 4 exported, then 5 and 6 inserted, 1 and 2 updated, 3 deleted; the window is
     * opened, and only then 7 inserted and 2 updated again. Each stream's rows as "operation json".
     */
    private static Optional<List<List<String>>> readSideBySide(TestDatabase db, DataSource pool) throws Exception {
        db.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))",
                "INSERT INTO app.items VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four')");
        try (Connection connection = db.connect()) {
            DatabaseType type = DatabaseTypeRegister.of(connection);
            SourceDialect dialect = type.source();
            try (Statement statement = connection.createStatement()) {
                for (String sql : type.tracking().enableTracking(Catalog.describe(connection, type.source(), MAPPING))) {
                    statement.execute(sql);
                }
            }
            long exported = type.target().committedVersion(connection).getAsLong();
            db.execute("INSERT INTO app.items VALUES (5, 'five'), (6, 'six')",
                    "UPDATE app.items SET label = label || ', changed' WHERE id IN (1, 2)", "DELETE FROM app.items WHERE id = 3");
            TableInfo table = Catalog.describe(connection, type.source(), MAPPING);
            try (CaptureCycle cycle = new CaptureCycle(connection, dialect, pool, null, "ctsync", 1)) {
                cycle.beginSnapshot(true);
                ChangeTrackingCapture capture = new ChangeTrackingCapture();
                Window window = capture.open(cycle, table, exported, null);
                assertThat(capture.count(cycle, table, window)).isEqualTo(new ChangeCounts(2, 2, 1));
                db.execute("INSERT INTO app.items VALUES (7, 'seven')", "UPDATE app.items SET label = 'two, again' WHERE id = 2");

                Optional<ChangeStream[]> streams = capture.readSideBySide(cycle, table, window, List.of(Operation.INSERTED),
                        List.of(Operation.UPDATED, Operation.DELETED));
                if (streams.isEmpty()) {
                    return Optional.empty();
                }
                try (ChangeStream first = streams.get()[0]; ChangeStream second = streams.get()[1]) {
                    return Optional.of(List.of(drain(first), drain(second)));
                }
            }
        }
    }

    private static List<String> drain(ChangeStream stream) throws Exception {
        List<String> rows = new ArrayList<>();
        while (stream.next()) {
            StringWriter text = new StringWriter();
            try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
                stream.writeRow(json);
            }
            rows.add(stream.operation().code() + " " + text);
        }
        return rows;
    }
}
