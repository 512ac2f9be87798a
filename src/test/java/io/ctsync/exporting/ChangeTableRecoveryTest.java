package io.ctsync.exporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.gateway.FileGateway;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.Crash;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change-table cycle that dies (AdviceWith on the real routes) before or after it deletes what
 * it consumed: the next run finishes exactly that window.
 */
@Tag("postgres")
class ChangeTableRecoveryTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;
    private Map<String, String> properties(String kind) throws Exception {
        source = databases.open(kind);
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))",
                "CREATE SEQUENCE app.change_sequence",
                "CREATE TABLE app.cdc_items (\"_Change-Sequence\" BIGINT DEFAULT "
                        + (source.isPostgres() ? "nextval('app.change_sequence')" : "NEXT VALUE FOR app.change_sequence")
                        + " PRIMARY KEY, \"_Operation\" INT NOT NULL, id INT, label VARCHAR(40))");
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("crash", "src", "dst", dir.resolve("state"), gateway(), "app.items"));
        properties.put("ctsync.table.app.items.capture", "change-table");
        properties.put("ctsync.table.app.items.change-table", "app.cdc_items");
        return properties;
    }

    private Path gateway() {
        return dir.resolve("gateway");
    }

    private void change(int operation, int id, String label) throws Exception {
        source.execute("INSERT INTO app.cdc_items (\"_Operation\", id, label) VALUES (" + operation + ", " + id + ", '" + label + "')");
    }

    private List<String> changeRows() throws Exception {
        return source.query("SELECT id, label FROM app.cdc_items ORDER BY \"_Change-Sequence\"").stream().map(Object::toString).toList();
    }

    private List<String> inserted(long sequence) throws Exception {
        return Contents.read(gateway(), sequence).rows("app.items", "inserted.json").stream().map(JsonNode::toString).toList();
    }

    /** Runs the stages up to the gateway, then dies: published, nothing deleted, state not advanced. */
    private static void publishAndDie(CtsyncRun ctsync) throws Exception {
        assertThat(ctsync.onceFailing(context -> Crash.after(context, "gateway"))).contains(Crash.message("gateway"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void deathAfterPublishingKeepsTheContentAndDeletesExactlyItsWindow(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.once();
        change(1, 1, "one");
        change(1, 2, "two");

        publishAndDie(ctsync);
        Path published = gateway().resolve("crash_src_dst_0000000001.zip");
        byte[] bytes = Files.readAllBytes(published);
        assertThat(changeRows()).as("published but not consumed").hasSize(2);

        change(1, 3, "three");
        ctsync.once();
        assertThat(Files.readAllBytes(published)).isEqualTo(bytes);
        assertThat(changeRows()).as("the window's rows are gone, the later one is kept").containsExactly("[3, three]");
        assertThat(Contents.sequences(gateway())).containsExactly(1L);

        ctsync.once();
        assertThat(inserted(2)).containsExactly("{\"id\":3,\"label\":\"three\"}");
        assertThat(changeRows()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void deathWhileWritingWritesTheSameSequenceWithTheSameRows(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.once();
        change(1, 1, "one");
        change(4, 1, "uno");

        FileGateway files = new FileGateway(gateway());
        ContentName first = new ContentName("crash", "src", "dst", 1);
        Path staging = files.stagingFile(first);
        assertThat(ctsync.onceFailing(context -> Crash.whenWriting(context, "package-changes", staging))).contains(staging.toString());
        assertThat(files.isPublished(first)).isFalse();
        Files.delete(staging); // the disk is repaired, the process restarted

        change(1, 2, "two");
        ctsync.once();
        Manifest.Table table = Contents.read(gateway(), 1).table("app.items");
        assertThat(inserted(1)).as("the recorded window, not the later row").containsExactly("{\"id\":1,\"label\":\"uno\"}");
        assertThat(changeRows()).containsExactly("[2, two]");
        ctsync.once();
        assertThat(inserted(2)).containsExactly("{\"id\":2,\"label\":\"two\"}");
        assertThat(Contents.read(gateway(), 2).table("app.items").fromVersion()).isGreaterThanOrEqualTo(table.toVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void deathAfterConsumingCommitsTheCycleWithoutDeletingAgain(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.once();
        change(1, 1, "one");
        change(1, 2, "two");

        assertThat(ctsync.onceFailing(context -> Crash.after(context, "consume-changes"))).contains(Crash.message("consume-changes"));
        Path published = gateway().resolve("crash_src_dst_0000000001.zip");
        byte[] bytes = Files.readAllBytes(published);
        assertThat(changeRows()).as("consumed, the state not advanced").isEmpty();

        change(1, 3, "three");
        ctsync.once();
        assertThat(Files.readAllBytes(published)).isEqualTo(bytes);
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
        assertThat(changeRows()).as("the later row is kept for the next window").containsExactly("[3, three]");

        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L);
        assertThat(inserted(1)).containsExactlyInAnyOrder("{\"id\":1,\"label\":\"one\"}", "{\"id\":2,\"label\":\"two\"}");
        assertThat(inserted(2)).containsExactly("{\"id\":3,\"label\":\"three\"}");
        assertThat(changeRows()).isEmpty();
    }

    /**
     * The one case a restart cannot settle alone: the content was published, and before the
     * rows were deleted a transaction committed a row inside the window's range. The restart has
     * no snapshot to tell that row from the consumed ones, so it deletes nothing and says so.
     */
    @Test
    void aLateCommitInsideAPublishedWindowStopsTheRestartInsteadOfBeingDeleted() throws Exception {
        Map<String, String> properties = properties("postgresql");
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.once();
        change(1, 6, "before");
        try (Connection late = source.connect(); Statement statement = late.createStatement()) {
            late.setAutoCommit(false);
            statement.execute("INSERT INTO app.cdc_items (\"_Operation\", id, label) VALUES (1, 7, 'late')");
            change(1, 8, "early");
            publishAndDie(ctsync);
            late.commit();
        }
        CtsyncRun.Result result = ctsync.run("--once");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("cannot consume change rows").contains("the published content read 2 of them, the range now holds 3");
        assertThat(changeRows()).containsExactly("[6, before]", "[7, late]", "[8, early]");
        assertThat(inserted(1)).containsExactlyInAnyOrder("{\"id\":6,\"label\":\"before\"}", "{\"id\":8,\"label\":\"early\"}");
    }
}
