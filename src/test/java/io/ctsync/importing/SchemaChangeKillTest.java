package io.ctsync.importing;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.ImporterKill;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL importer killed with SIGKILL in the middle of a content that alters its target
 * (docs/design.md, "Schema changes at the source"): the column is added and the rows written in
 * the content's transaction, which is still open when the process dies, so the target keeps its
 * old schema and rows; the next import applies both.
 */
@Tag("process")
class SchemaChangeKillTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @Test
    void anImporterKilledAfterItsAlterTableLeavesTheOldSchemaAndRowsAndTheNextImportAppliesBoth() throws Exception {
        TestDatabase source = databases.open("postgresql");
        TestDatabase target = databases.open("postgresql");
        String table = "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(10))";
        source.execute("CREATE SCHEMA app", table, "INSERT INTO app.items SELECT g, 'label ' || g FROM generate_series(1, 500) g");
        target.execute("CREATE SCHEMA app", table);
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"), dir.resolve("gateway"), "app.items"));
        CtsyncRun both = new CtsyncRun(dir, properties).set("ctsync.import.enabled", "true");
        both.enableTracking();
        both.once();
        List<List<Object>> before = target.query("SELECT id, label FROM app.items ORDER BY id");
        assertThat(before).hasSize(500);

        source.execute("ALTER TABLE app.items ADD COLUMN region VARCHAR(8) DEFAULT 'north'");
        new CtsyncRun(dir, properties).once();

        Path config = new CtsyncRun(dir, properties).set("ctsync.export.enabled", "false").set("ctsync.import.enabled", "true")
                .set("ctsync.import.schedule", "* * * * * ?").apiOnAFreePort().configFile();
        String logged = ImporterKill.killWhileItWaitsOnTheImportLog(target, config, dir.resolve("importer.log"));
        assertThat(logged).contains("adding column 'region'");

        assertThat(target.query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'app'"
                + " AND table_name = 'items' ORDER BY ordinal_position")).containsExactly(List.of("id"), List.of("label"));
        assertThat(target.query("SELECT id, label FROM app.items ORDER BY id")).isEqualTo(before);

        new CtsyncRun(dir, properties).set("ctsync.export.enabled", "false").set("ctsync.import.enabled", "true").once();
        assertThat(target.query("SELECT count(*) FROM app.items WHERE region = 'north'")).containsExactly(List.of(500L));
    }
}
