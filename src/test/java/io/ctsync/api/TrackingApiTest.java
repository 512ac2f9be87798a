package io.ctsync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncProcess;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.SchemaDump;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/tracking} of a running exporter whose schedule does not fire: the pending counts
 * are exactly the changes made since the last export, a table never exported is stale (its next
 * content is full), and an export asked for over HTTP takes the pending changes with it.
 */
@Tag("process")
class TrackingApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    TestDatabase source;

    @Test
    void pendingCountsAreTheChangesMadeSinceTheLastExport() throws Exception {
        source = databases.open("postgresql");
        source.execute("CREATE SCHEMA app",
                "CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(20))",
                "CREATE TABLE app.lines (id INT PRIMARY KEY, qty INT)",
                "INSERT INTO app.orders SELECT g, 'o' || g FROM generate_series(1, 5) g",
                "INSERT INTO app.lines SELECT g, g FROM generate_series(1, 7) g");
        Path gateway = dir.resolve("gateway");
        CtsyncRun run = new CtsyncRun(dir, Pipelines.properties("track", "src", "dst", dir.resolve("state"), gateway, "app.orders"));
        source.properties("source").forEach(run::set);
        run.set("ctsync.export.presence", "false").set("ctsync.cluster.file.root", dir.resolve("cluster").toString())
                // the test reads the state while the process holds it
                .set("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state") + ";AUTO_SERVER=TRUE");
        run.enableTracking();
        run.once();
        assertThat(Contents.sequences(gateway)).containsExactly(1L);

        // app.lines joins the pipeline now: never exported, so its next content is full
        run.set("ctsync.tables", "app.orders,app.lines")
                .set("ctsync.export.schedule", "0 0 0 1 1 ? 2099")
                .apiOnAFreePort();
        run.enableTracking();
        source.execute("INSERT INTO app.orders VALUES (6, 'six'), (7, 'seven'), (8, 'eight')",
                "UPDATE app.orders SET note = 'changed' WHERE id IN (1, 2)",
                "DELETE FROM app.orders WHERE id = 5");
        try (CtsyncProcess ctsync = CtsyncProcess.start(run.configFile(), dir.resolve("ctsync.log"))) {
            int port = ctsync.apiPort();
            ctsync.await("the API answers", Duration.ofSeconds(60), () -> ctsync.answers(port, "/api/pipeline", 200));
            Map<String, List<String>> sourceBefore = SchemaDump.of(source, "ctsync");
            Map<String, List<String>> stateBefore = SchemaDump.ofH2File(dir.resolve("state"));
            assertThat(sourceBefore).as("the source's tracking tables").isNotEmpty();
            assertThat(stateBefore).as("the state's tables").isNotEmpty();
            var response = ctsync.get(port, "/api/tracking");
            assertThat(response.statusCode()).as(() -> response.body() + "\n" + ctsync.log()).isEqualTo(200);
            JsonNode tracking = JSON.readTree(response.body());
            assertThat(tracking.path("lastExportedSequence").asLong()).isEqualTo(1);
            assertThat(tracking.has("lastImportedSequence")).as("this process does not import").isFalse();
            JsonNode orders = tracking.path("tables").get(0);
            assertThat(orders.path("table").asText()).isEqualTo("app.orders");
            assertThat(orders.path("capture").asText()).isEqualTo("change-tracking");
            assertThat(orders.path("trackingEnabled").asBoolean()).isTrue();
            assertThat(orders.path("stale").asBoolean()).isFalse();
            assertThat(orders.path("pending").toString()).isEqualTo("{\"inserted\":3,\"updated\":2,\"deleted\":1}");
            assertThat(orders.path("currentVersion").asLong()).isGreaterThanOrEqualTo(orders.path("lastExportedVersion").asLong());
            assertThat(orders.path("minValidVersion").isNumber()).isTrue();
            assertThat(orders.path("note").isNull()).isTrue();
            JsonNode lines = tracking.path("tables").get(1);
            assertThat(lines.path("table").asText()).isEqualTo("app.lines");
            assertThat(lines.path("stale").asBoolean()).isTrue();
            assertThat(lines.path("lastExportedVersion").isNull()).isTrue();
            assertThat(lines.path("pending").toString()).isEqualTo("{\"inserted\":7,\"updated\":0,\"deleted\":0}");
            assertThat(lines.path("note").asText()).isEqualTo("the next content of this table is full: every current row");
            assertThat(Contents.sequences(gateway)).as("looking changed nothing").containsExactly(1L);
            assertThat(SchemaDump.of(source, "ctsync")).as("looking changed nothing in the source").isEqualTo(sourceBefore);
            assertThat(SchemaDump.ofH2File(dir.resolve("state"))).as("looking changed nothing in the state").isEqualTo(stateBefore);

            // an export asked for now takes exactly those changes
            String id = JSON.readTree(ctsync.post(port, "/api/exports", "{\"author\": \"Ada\", \"reference\": \"R\", \"purpose\": \"p\"}")
                    .body()).path("id").asText();
            ctsync.await("the job done", Duration.ofSeconds(60), () -> {
                try {
                    return JSON.readTree(ctsync.get(port, "/api/exports/" + id).body()).path("status").asText().equals("done");
                } catch (Exception e) {
                    return false;
                }
            });
            // the delta of app.orders, then app.lines' backfill: one chunk of its own, the whole table
            assertThat(Contents.sequences(gateway)).containsExactly(1L, 2L, 3L);
            Contents.Content content = Contents.read(gateway, 2);
            assertThat(content.manifest().tables()).extracting(t -> t.table()).containsExactly("app.orders");
            assertThat(content.table("app.orders").counts().inserted()).isEqualTo(3);
            assertThat(content.table("app.orders").counts().updated()).isEqualTo(2);
            assertThat(content.table("app.orders").counts().deleted()).isEqualTo(1);
            Contents.Content chunk = Contents.read(gateway, 3);
            assertThat(chunk.manifest().tables()).extracting(t -> t.table()).containsExactly("app.lines");
            assertThat(chunk.table("app.lines").mode()).isEqualTo("range");
            assertThat(chunk.table("app.lines").counts().inserted()).isEqualTo(7);
            JsonNode after = JSON.readTree(ctsync.get(port, "/api/tracking").body());
            assertThat(after.path("lastExportedSequence").asLong()).isEqualTo(3);
            assertThat(after.path("tables").get(0).path("pending").toString()).isEqualTo("{\"inserted\":0,\"updated\":0,\"deleted\":0}");
            assertThat(after.path("tables").get(1).path("stale").asBoolean()).isFalse();
        }
    }

}
