package io.ctsync.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The full vs delta decision of change tracking, for each event that must (or must not) make the next content full. */
@Tag("postgres")
class FullOrDeltaTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;

    /** Three rows, tracked, and the first (full) content exported; returns its toVersion. */
    private CtsyncRun firstContent(String kind) throws Exception {
        source = databases.open(kind);
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))",
                "INSERT INTO app.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"), gateway(), "app.items"));
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        ctsync.once();
        assertThat(Contents.read(gateway(), 1).table("app.items").mode()).isEqualTo("range");
        return ctsync;
    }

    private Path gateway() {
        return dir.resolve("gateway");
    }

    private long toVersionOf(long sequence) throws Exception {
        return Contents.read(gateway(), sequence).table("app.items").toVersion();
    }

    @Test
    void postgresTruncateInvalidatesTheHistorySoTheNextContentIsFull() throws Exception {
        CtsyncRun ctsync = firstContent("postgresql");
        long firstTo = toVersionOf(1);
        source.execute("TRUNCATE app.items", "INSERT INTO app.items VALUES (9, 'nine')");

        ctsync.once();
        Manifest.Table table = Contents.read(gateway(), 2).table("app.items");
        assertThat(table.mode()).as("TRUNCATE records no row: only a full content tells the target that rows 1 to 3 are gone")
                .isEqualTo("range");
        assertThat(table.fromVersion()).isEqualTo(firstTo);
        assertThat(Contents.read(gateway(), 2).rows("app.items", "inserted.json")).extracting(JsonNode::toString)
                .containsExactly("{\"id\":9,\"label\":\"nine\"}");
        assertThat(source.query("SELECT min_valid_version > " + firstTo + " FROM ctsync.tracked_tables"))
                .containsExactly(java.util.List.of(true));
    }

    /** On H2 the version moves only with a tracked write: a cycle whose version equals the last one read is an empty delta, not a full. */
    @Test
    void aSourceVersionEqualToTheLastVersionReadPublishesNothing() throws Exception {
        CtsyncRun ctsync = firstContent("h2");
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aSourceVersionBelowTheLastVersionReadGivesAFullContentThenDeltasAgain(String kind) throws Exception {
        CtsyncRun ctsync = firstContent(kind);
        // as if the source were restored from a backup taken before the last cycle: the state is ahead of it
        long ahead = toVersionOf(1) + 1_000_000;
        setLastVersion(ahead);
        source.execute("UPDATE app.items SET label = 'uno' WHERE id = 1");

        ctsync.once();
        Manifest.Table table = Contents.read(gateway(), 2).table("app.items");
        assertThat(table.mode()).isEqualTo("range");
        assertThat(table.fromVersion()).isEqualTo(ahead);
        assertThat(table.toVersion()).isLessThan(ahead);
        assertThat(Contents.read(gateway(), 2).rows("app.items", "inserted.json")).extracting(JsonNode::toString)
                .containsExactlyInAnyOrder("{\"id\":1,\"label\":\"uno\"}", "{\"id\":2,\"label\":\"two\"}", "{\"id\":3,\"label\":\"three\"}");

        source.execute("UPDATE app.items SET label = 'dos' WHERE id = 2");
        ctsync.once();
        Manifest.Table next = Contents.read(gateway(), 3).table("app.items");
        assertThat(next.mode()).isEqualTo("delta");
        assertThat(next.fromVersion()).isEqualTo(table.toVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void enablingTrackingTwiceKeepsTheHistoryAndRecordsEachChangeOnce(String kind) throws Exception {
        CtsyncRun ctsync = firstContent(kind);
        source.execute("UPDATE app.items SET label = 'uno' WHERE id = 1");
        ctsync.enableTracking();
        source.execute("UPDATE app.items SET label = 'dos' WHERE id = 2", "INSERT INTO app.items VALUES (4, 'four')");

        ctsync.once();
        Contents.Content second = Contents.read(gateway(), 2);
        Manifest.Table table = second.table("app.items");
        assertThat(table.mode()).as("a second --enable-tracking must not drop the history recorded so far").isEqualTo("delta");
        assertThat(table.fromVersion()).isEqualTo(toVersionOf(1));
        assertThat(table.counts()).isEqualTo(new Manifest.Counts(1, 2, 0, 0, 0));
        assertThat(second.rows("app.items", "updated.json")).extracting(JsonNode::toString)
                .containsExactlyInAnyOrder("{\"id\":1,\"label\":\"uno\"}", "{\"id\":2,\"label\":\"dos\"}");
        assertThat(second.rows("app.items", "inserted.json")).extracting(JsonNode::toString)
                .containsExactly("{\"id\":4,\"label\":\"four\"}");
    }

    private void setLastVersion(long version) throws Exception {
        try (Connection state = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("state"));
             PreparedStatement update = state.prepareStatement("UPDATE ctsync_export_table SET last_version = ?")) {
            update.setLong(1, version);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
