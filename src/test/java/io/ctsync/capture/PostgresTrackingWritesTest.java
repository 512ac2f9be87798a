package io.ctsync.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a tracked write costs the writer on PostgreSQL (docs/design.md, "Capture"): the tracking row of a
 * key changed again is updated in place (HOT, no index entry), and written once however often one
 * transaction changes the key. The server's own per-transaction counters show the writes.
 */
@Tag("postgres")
class PostgresTrackingWritesTest {

    private static final String TRACKING = "ctsync.\"app.items\"";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;
    private CtsyncRun ctsync;

    @BeforeEach
    void trackedTable() throws Exception {
        source = databases.open("postgresql");
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))",
                "INSERT INTO app.items VALUES (1, 'one'), (2, 'two')");
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"), dir.resolve("gateway"), "app.items"));
        ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
    }

    @Test
    void noIndexOfTheTrackingTableHoldsTheVersionItself() throws Exception {
        assertThat(indexedColumns()).containsExactlyInAnyOrder("id", "ctsync_version_bucket");
    }

    /** The key's versions fall into one bucket unless the server's transaction ids crossed a multiple of 1,024 in between: then again. */
    @Test
    void aKeyChangedAgainSoonIsUpdatedInPlace() throws Exception {
        source.execute("UPDATE app.items SET label = 'uno' WHERE id = 1");
        for (int attempt = 0; attempt < 5; attempt++) {
            long before = version(1);
            try (Connection writer = source.connect()) {
                writer.setAutoCommit(false);
                execute(writer, "UPDATE app.items SET label = 'un' WHERE id = 1");
                long now = number(writer, "SELECT ctsync_version FROM " + TRACKING + " WHERE id = 1");
                if (now >> 10 == before >> 10) {
                    assertThat(number(writer, "SELECT pg_stat_get_xact_tuples_hot_updated('" + TRACKING + "'::regclass)")).isEqualTo(1);
                    return;
                }
                writer.commit();
            }
        }
        throw new AssertionError("five updates in a row crossed a bucket boundary");
    }

    @Test
    void aKeyChangedTwiceInOneTransactionIsWrittenOnce() throws Exception {
        source.execute("UPDATE app.items SET label = 'uno' WHERE id = 1");
        ctsync.once();
        try (Connection writer = source.connect()) {
            writer.setAutoCommit(false);
            execute(writer, "UPDATE app.items SET label = 'un' WHERE id = 1");
            execute(writer, "UPDATE app.items SET label = 'eins' WHERE id = 1");
            assertThat(number(writer, "SELECT pg_stat_get_xact_tuples_updated('" + TRACKING + "'::regclass)")).isEqualTo(1);
            assertThat(number(writer, "SELECT ctsync_version FROM " + TRACKING + " WHERE id = 1"))
                    .isEqualTo(number(writer, "SELECT pg_current_xact_id()::text::bigint"));
            writer.commit();
        }
        ctsync.once();
        assertThat(Contents.read(dir.resolve("gateway"), 2).rows("app.items", "updated.json")).extracting(JsonNode::toString)
                .containsExactly("{\"id\":1,\"label\":\"eins\"}");
    }

    /** A tracking table installed before the bucket had an index on the version: enabling again replaces it and keeps the history. */
    @Test
    void enablingAgainUpgradesATrackingTableIndexedOnTheVersion() throws Exception {
        ctsync.once();
        source.execute("UPDATE app.items SET label = 'uno' WHERE id = 1");
        source.execute("ALTER TABLE " + TRACKING + " DROP COLUMN ctsync_version_bucket",
                "CREATE INDEX \"app.items$version\" ON " + TRACKING + " (ctsync_version)");

        ctsync.enableTracking();

        assertThat(indexedColumns()).containsExactlyInAnyOrder("id", "ctsync_version_bucket");
        source.execute("DELETE FROM app.items WHERE id = 2");
        ctsync.once();
        Contents.Content delta = Contents.read(dir.resolve("gateway"), 2);
        assertThat(delta.rows("app.items", "updated.json")).extracting(JsonNode::toString).containsExactly("{\"id\":1,\"label\":\"uno\"}");
        assertThat(delta.rows("app.items", "deleted.json")).extracting(JsonNode::toString).containsExactly("{\"id\":2}");
    }

    private List<String> indexedColumns() throws SQLException {
        return source.query("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                + " WHERE i.indrelid = '" + TRACKING + "'::regclass").stream().map(row -> (String) row.get(0)).toList();
    }

    private long version(int id) throws SQLException {
        return ((Number) source.query("SELECT ctsync_version FROM " + TRACKING + " WHERE id = " + id).get(0).get(0)).longValue();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long number(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
