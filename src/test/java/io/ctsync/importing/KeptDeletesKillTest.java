package io.ctsync.importing;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.ImporterKill;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL importer of a history table killed with SIGKILL in the middle of a content
 * (docs/format.md, "What the target keeps of a delete"): the versions it closed and opened are in
 * the content's transaction, still open when the process dies, so the target keeps every version
 * as it was; the next import closes and opens each exactly once.
 */
@Tag("process")
class KeptDeletesKillTest {

    private static final String SOURCE_TABLE = "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(20))";
    private static final String HISTORY_TABLE = "CREATE TABLE app.items (id INT, label VARCHAR(20), valid_from TIMESTAMPTZ NOT NULL,"
            + " valid_to TIMESTAMPTZ, PRIMARY KEY (id, valid_from))";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @ParameterizedTest(name = "bulk-rows {0}")
    @ValueSource(strings = {"1", "1000"})
    void anImporterKilledMidContentLeavesEveryVersionAndTheNextImportRepeatsNothing(String bulkRows) throws Exception {
        TestDatabase source = databases.open("postgresql");
        TestDatabase target = databases.open("postgresql");
        source.execute("CREATE SCHEMA app", SOURCE_TABLE, "INSERT INTO app.items SELECT g, 'label ' || g FROM generate_series(1, 500) g");
        target.execute("CREATE SCHEMA app", HISTORY_TABLE);
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"), dir.resolve("gateway"), "app.items"));
        properties.put("ctsync.table.app.items.deletes", "history");
        properties.put("ctsync.import.bulk-rows", bulkRows);
        CtsyncRun both = new CtsyncRun(dir, properties).set("ctsync.import.enabled", "true");
        both.enableTracking();
        both.once();
        String versions = "SELECT id, label, valid_from, valid_to FROM app.items ORDER BY id, valid_from";
        List<List<Object>> before = target.query(versions);
        assertThat(before).hasSize(500);

        source.execute("UPDATE app.items SET label = 'changed ' || id WHERE id <= 200", "DELETE FROM app.items WHERE id > 450");
        new CtsyncRun(dir, properties).once();

        Path config = new CtsyncRun(dir, properties).set("ctsync.export.enabled", "false").set("ctsync.import.enabled", "true")
                .set("ctsync.import.schedule", "* * * * * ?").apiOnAFreePort().configFile();
        ImporterKill.killWhileItWaitsOnTheImportLog(target, config, dir.resolve("importer.log"));
        assertThat(target.query(versions)).as("every version as it was").isEqualTo(before);

        new CtsyncRun(dir, properties).set("ctsync.export.enabled", "false").set("ctsync.import.enabled", "true").once();
        assertThat(target.query("SELECT id, label FROM app.items WHERE valid_to IS NULL ORDER BY id"))
                .as("one open version per live key, equal to the source").isEqualTo(source.query("SELECT id, label FROM app.items ORDER BY id"));
        assertThat(target.query("SELECT count(*) FROM app.items")).containsExactly(List.of(700L));
        assertThat(target.query("SELECT count(*) FROM (SELECT id FROM app.items WHERE id <= 200 GROUP BY id"
                + " HAVING count(*) = 2 AND count(valid_to) = 1) AS updated")).containsExactly(List.of(200L));
        assertThat(target.query("SELECT count(*) FROM app.items WHERE id > 450 AND valid_to IS NOT NULL")).containsExactly(List.of(50L));
        assertThat(target.query("SELECT sequence, status FROM ctsync_import_log ORDER BY sequence"))
                .containsExactly(List.of(1L, "ok"), List.of(2L, "ok"));
    }
}
