package io.ctsync.exporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The export cycle end to end through the real command line and routes, on PostgreSQL and on H2. */
@Tag("postgres")
class ExportContractTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;

    private CtsyncRun ctsync(String kind, String tables) throws Exception {
        source = databases.open(kind);
        CtsyncRun run = new CtsyncRun(dir, source.properties("source"));
        run.set("ctsync.application", "shop").set("ctsync.source.name", "erp").set("ctsync.destination.name", "dwh")
                .set("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"))
                .set("ctsync.gateway.dir", gateway().toString())
                .set("ctsync.tables", tables);
        return run;
    }

    private Path gateway() {
        return dir.resolve("gateway");
    }

    private long lastVersionRecorded() throws Exception {
        try (Connection state = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("state"));
             Statement statement = state.createStatement();
             ResultSet rs = statement.executeQuery("SELECT last_version FROM ctsync_export_table WHERE table_name = 'app.orders'")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void firstRunIsFullThenDeltasAreNumberedWithoutGapsOrEmptyContents(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind, "app.orders");
        source.execute("CREATE SCHEMA app",
                "CREATE TABLE app.orders (region VARCHAR(10), id INT, amount NUMERIC(12, 2), note VARCHAR(100), PRIMARY KEY (region, id))",
                "INSERT INTO app.orders VALUES ('north', 1, 10.00, 'a'), ('north', 2, 20.50, 'b'), ('south', 1, 5.25, NULL)");
        ctsync.enableTracking();

        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
        Contents.Content first = Contents.read(gateway(), 1);
        Manifest.Table orders = first.table("app.orders");
        assertThat(orders.mode()).isEqualTo("range");
        assertThat(orders.fromVersion()).isNull();
        assertThat(orders.key()).containsExactly("region", "id");
        assertThat(orders.counts().inserted()).isEqualTo(3);
        assertThat(first.rows("app.orders", "inserted.json")).extracting(JsonNode::toString).containsExactlyInAnyOrder(
                "{\"region\":\"north\",\"id\":1,\"amount\":10.00,\"note\":\"a\"}",
                "{\"region\":\"north\",\"id\":2,\"amount\":20.50,\"note\":\"b\"}",
                "{\"region\":\"south\",\"id\":1,\"amount\":5.25,\"note\":null}");

        ctsync.once();
        assertThat(Contents.sequences(gateway())).as("a cycle with no change writes nothing").containsExactly(1L);
        // the empty cycle still advances the table to the source's current version, which any transaction on the server moves
        long recorded = lastVersionRecorded();
        assertThat(recorded).isGreaterThanOrEqualTo(orders.toVersion());

        source.execute("INSERT INTO app.orders VALUES ('east', 7, 70.00, 'new')",
                "UPDATE app.orders SET amount = 21.00, note = 'changed' WHERE region = 'north' AND id = 2",
                "DELETE FROM app.orders WHERE region = 'south' AND id = 1");
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L);
        Contents.Content second = Contents.read(gateway(), 2);
        Manifest.Table delta = second.table("app.orders");
        assertThat(delta.mode()).isEqualTo("delta");
        assertThat(delta.fromVersion()).as("a delta starts exactly where the last committed cycle ended").isEqualTo(recorded);
        assertThat(delta.toVersion()).isGreaterThan(orders.toVersion());
        assertThat(delta.counts()).isEqualTo(new Manifest.Counts(1, 1, 1, 0, 0));
        assertThat(second.rows("app.orders", "inserted.json")).extracting(JsonNode::toString)
                .containsExactly("{\"region\":\"east\",\"id\":7,\"amount\":70.00,\"note\":\"new\"}");
        assertThat(second.rows("app.orders", "updated.json")).extracting(JsonNode::toString)
                .containsExactly("{\"region\":\"north\",\"id\":2,\"amount\":21.00,\"note\":\"changed\"}");
        assertThat(second.rows("app.orders", "deleted.json")).extracting(JsonNode::toString)
                .containsExactly("{\"region\":\"south\",\"id\":1}");

        source.execute("UPDATE app.orders SET note = 'third' WHERE region = 'east' AND id = 7");
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L, 3L);
        assertThat(Contents.read(gateway(), 3).rows("app.orders", "updated.json")).extracting(JsonNode::toString)
                .containsExactly("{\"region\":\"east\",\"id\":7,\"amount\":70.00,\"note\":\"third\"}");
    }
}
