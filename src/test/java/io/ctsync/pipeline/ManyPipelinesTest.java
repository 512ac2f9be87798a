package io.ctsync.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.packaging.ContentName;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncProcess;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three pipelines in one process on their schedules (docs/operations.md, "Many pipelines"): shop/erp/dwh
 * and shop/erp/crm read the same PostgreSQL source (one shared pool) with change tracking, each
 * its own table; cdc/legacy/lake folds a change table of another PostgreSQL database. Each
 * imports into its own H2 target. Each numbers its own contents from 1; when the legacy database
 * stops, the other two go on exporting and importing on their schedule, and the lake catches up
 * once it is back.
 */
@Tag("process")
class ManyPipelinesTest {

    private static final String LAKE = "cdc.legacy.lake";

    @TempDir
    Path dir;
    private final List<TestDatabase> databases = new ArrayList<>();
    private CtsyncProcess ctsync;

    @AfterEach
    void stop() throws Exception {
        if (ctsync != null) {
            ctsync.close();
        }
        for (TestDatabase database : databases) {
            database.close();
        }
    }

    private TestDatabase postgres() throws Exception {
        TestDatabase database = TestDatabase.postgres();
        databases.add(database);
        return database;
    }

    private String h2(String name) {
        return "jdbc:h2:file:" + dir.resolve(name) + ";DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE";
    }

    @Test
    void threePipelinesKeepTheirOwnSequencesAndOneStoppedSourceStopsOnlyItsPipeline() throws Exception {
        TestDatabase erp = postgres();
        erp.execute("CREATE SCHEMA app", "CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(20))",
                "CREATE TABLE app.customers (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO app.orders VALUES (1, 'first order')", "INSERT INTO app.customers VALUES (1, 'Ada'), (2, 'Bob')");
        TestDatabase legacy = postgres();
        legacy.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))",
                "CREATE TABLE app.cdc_items (\"_Change-Sequence\" BIGSERIAL PRIMARY KEY, \"_Operation\" INT NOT NULL, id INT, label VARCHAR(40))",
                "INSERT INTO app.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        for (String target : List.of("dwh", "crm", "lake")) {
            try (Connection connection = DriverManager.getConnection(h2(target)); Statement sql = connection.createStatement()) {
                sql.execute("CREATE SCHEMA app");
                sql.execute(switch (target) {
                    case "dwh" -> "CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(20))";
                    case "crm" -> "CREATE TABLE app.customers (id INT PRIMARY KEY, name VARCHAR(20))";
                    default -> "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))";
                });
            }
        }

        Path gateway = dir.resolve("gateway");
        // the top-level keys are every pipeline's defaults: one state database, one gateway, one schedule
        CtsyncRun run = new CtsyncRun(dir, Map.of())
                .set("ctsync.state.url", h2("state"))
                .set("ctsync.gateway.dir", gateway.toString())
                .set("ctsync.export.schedule", "0/1 * * * * ?")
                .set("ctsync.import.enabled", "true")
                .set("ctsync.import.schedule", "0/1 * * * * ?")
                .set("ctsync.cluster.file.root", dir.resolve("cluster").toString())
                .apiOnAFreePort();
        pipeline(run, "dwh", "shop", "erp", "dwh", erp, "app.orders");
        pipeline(run, "crm", "shop", "erp", "crm", erp, "app.customers");
        pipeline(run, "lake", "cdc", "legacy", "lake", legacy, "app.items")
                .set("ctsync.pipelines.lake.table.app.items.capture", "change-table")
                .set("ctsync.pipelines.lake.table.app.items.change-table", "app.cdc_items");
        run.enableTracking();
        ctsync = CtsyncProcess.start(run.configFile(), dir.resolve("ctsync.log"));
        int port = ctsync.apiPort();

        // the targets are read only once ctsync holds them open: H2's AUTO_SERVER then serves the test
        // from ctsync's process instead of racing it for the file
        ctsync.await("each pipeline published its first content", Duration.ofSeconds(120), () -> publishedCount(gateway) == 3);
        ctsync.await("each pipeline imported its first content", Duration.ofSeconds(60),
                () -> rows("dwh", "app.orders") == 1 && rows("crm", "app.customers") == 2 && rows("lake", "app.items") == 3);
        assertThat(sequences(gateway, "shop", "erp", "dwh")).containsExactly(1L);
        assertThat(sequences(gateway, "shop", "erp", "crm")).containsExactly(1L);
        assertThat(sequences(gateway, "cdc", "legacy", "lake")).containsExactly(1L);
        assertThat(Contents.read(gateway.resolve(name("shop", "erp", "crm", 1))).table("app.customers").counts().inserted()).isEqualTo(2);

        // the legacy database stops: no new connection, and the pool's connections are cut
        stopDatabase(legacy, false);
        erp.execute("INSERT INTO app.orders VALUES (2, 'second order')", "UPDATE app.customers SET name = 'Ada L.' WHERE id = 1");
        ctsync.await("the other pipelines' next contents imported", Duration.ofSeconds(60),
                () -> rows("dwh", "app.orders") == 2 && "Ada L.".equals(query("crm", "SELECT name FROM app.customers WHERE id = 1")));
        erp.execute("INSERT INTO app.orders VALUES (3, 'third order')");
        ctsync.await("and the ones after", Duration.ofSeconds(60), () -> rows("dwh", "app.orders") == 3);
        assertThat(sequences(gateway, "shop", "erp", "dwh")).containsExactly(1L, 2L, 3L);
        assertThat(sequences(gateway, "shop", "erp", "crm")).containsExactly(1L, 2L);
        assertThat(sequences(gateway, "cdc", "legacy", "lake")).as("the stopped pipeline published nothing more").containsExactly(1L);
        // its cycle waits for a connection up to the pool's timeout, on its own thread, then fails
        ctsync.await("the lake's export failed", Duration.ofSeconds(60), () -> failedExports(port) > 0);
        // the cycle enters the history before its schedule route logs the failure: the line follows
        ctsync.await("the lake's failure logged", Duration.ofSeconds(30), () -> ctsync.log().contains("cdc.legacy.lake export cycle failed"));

        // back: the lake exports what changed meanwhile, as its sequence 2
        stopDatabase(legacy, true);
        legacy.execute("INSERT INTO app.items VALUES (4, 'four')", "INSERT INTO app.cdc_items (\"_Operation\", id, label) VALUES (1, 4, 'four')");
        ctsync.await("the lake caught up", Duration.ofSeconds(90), () -> rows("lake", "app.items") == 4);
        assertThat(sequences(gateway, "cdc", "legacy", "lake")).containsExactly(1L, 2L);

        JsonNode pipelines = json(ctsync.get(port, "/api/pipelines"));
        assertThat(pipelines.findValuesAsText("name")).as("in the order of their keys: crm, dwh, lake")
                .containsExactly("shop.erp.crm", "shop.erp.dwh", "cdc.legacy.lake");
        assertThat(json(ctsync.get(port, "/api/pipelines/shop.erp.dwh/pipeline")).path("destination").asText()).isEqualTo("dwh");
        assertThat(json(ctsync.get(port, "/api/pipelines/shop.erp.dwh/imports")).path("lastImportedSequence").asLong()).isEqualTo(3);
        assertThat(ctsync.get(port, "/api/pipelines/shop.erp.nowhere/pipeline").statusCode()).isEqualTo(404);
        assertThat(json(ctsync.get(port, "/api/pipeline")).path("application").asText()).as("the old path: the default pipeline, the first")
                .isEqualTo("shop");
        assertThat(json(ctsync.get(port, "/api/pipeline")).path("destination").asText()).isEqualTo("crm");
    }

    private CtsyncRun pipeline(CtsyncRun run, String key, String application, String source, String destination,
                                      TestDatabase sourceDb, String tables) {
        String prefix = "ctsync.pipelines." + key + ".";
        run.set(prefix + "application", application).set(prefix + "source.name", source).set(prefix + "destination.name", destination)
                .set(prefix + "tables", tables).set(prefix + "target.url", h2(destination));
        sourceDb.properties("source").forEach((k, v) -> run.set(prefix + k.substring("ctsync.".length()), v));
        return run;
    }

    private void stopDatabase(TestDatabase database, boolean back) throws Exception {
        String name = database.url().substring(database.url().lastIndexOf('/') + 1);
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + TestDatabase.PG_HOST + "/postgres",
                TestDatabase.PG_USER, TestDatabase.PG_PASSWORD); Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS " + back);
            if (!back) {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
        }
    }

    private List<Long> sequences(Path gateway, String application, String source, String destination) throws Exception {
        return Contents.published(gateway).stream()
                .filter(n -> n.application().equals(application) && n.source().equals(source) && n.destination().equals(destination))
                .map(ContentName::sequence).sorted().toList();
    }

    private static int publishedCount(Path gateway) {
        try {
            return Contents.published(gateway).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(String application, String source, String destination, long sequence) {
        return new ContentName(application, source, destination, sequence).fileName();
    }

    /** -1 while the target cannot be read: H2's AUTO_SERVER hands the file over between the two processes. */
    private int rows(String target, String table) {
        String count = query(target, "SELECT COUNT(*) FROM " + table);
        return count == null ? -1 : Integer.parseInt(count);
    }

    private String query(String target, String sql) {
        try (Connection connection = DriverManager.getConnection(h2(target)); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    private int failedExports(int port) {
        try {
            JsonNode cycles = json(ctsync.get(port, "/api/pipelines/" + LAKE + "/cycles?limit=1000"));
            int failed = 0;
            for (JsonNode cycle : cycles) {
                failed += cycle.path("pipeline").asText().equals("export") && cycle.path("outcome").asText().equals("failed") ? 1 : 0;
            }
            return failed;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

}
