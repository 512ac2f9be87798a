package io.ctsync.importing;

import io.ctsync.packaging.ColumnShape;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema changes at the source, end to end through the real command line (docs/design.md,
 * "Schema changes at the source"): a column added with a default reaches every target row through
 * a backfill, a varchar and an int widened at the source are widened in the target, a dropped
 * column stays in the target with its values, and a change of type family blocks its content with
 * the target untouched, recorded {@code blocked} with the table, the column and the fix.
 */
@Tag("postgres")
class SchemaChangesTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void addedWidenedAndDroppedColumnsReachTheTargetAndAChangeOfFamilyBlocks(String kind) throws Exception {
        TestDatabase source = databases.open(kind);
        TestDatabase target = databases.open(kind);
        String table = "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(10) NOT NULL, qty SMALLINT, note VARCHAR(20))";
        source.execute("CREATE SCHEMA app", table, "INSERT INTO app.items VALUES (1, 'one', 1, 'n1'), (2, 'two', 2, 'n2'), (3, 'three', 3, 'n3')");
        target.execute("CREATE SCHEMA app", table);
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"), dir.resolve("gateway"), "app.items"));
        CtsyncRun ctsync = new CtsyncRun(dir, properties).set("ctsync.import.enabled", "true");
        ctsync.enableTracking();
        ctsync.once();
        assertThat(target.query("SELECT id, label, qty, note FROM app.items ORDER BY id"))
                .containsExactly(List.of(1, "one", 1, "n1"), List.of(2, "two", 2, "n2"), List.of(3, "three", 3, "n3"));
        Manifest.Table first = tables().get(0);
        assertThat(first.columns()).extracting(ColumnShape::name).containsExactly("id", "label", "qty", "note");
        assertThat(first.columns().get(1).length()).isEqualTo(10);
        assertThat(first.columns().get(1).nullable()).isFalse();
        assertThat(first.columns().get(3).nullable()).isTrue();
        int contentsBefore = Contents.published(dir.resolve("gateway")).size();

        // ADD ... DEFAULT fills the existing rows without tracking them; the widenings and the drop touch no row either
        source.execute("ALTER TABLE app.items ADD COLUMN region VARCHAR(8) DEFAULT 'north'",
                "ALTER TABLE app.items ALTER COLUMN label SET DATA TYPE VARCHAR(40)",
                "ALTER TABLE app.items ALTER COLUMN qty SET DATA TYPE INTEGER",
                "ALTER TABLE app.items DROP COLUMN note",
                "INSERT INTO app.items (id, label, qty, region) VALUES (4, 'a label longer than ten', 100000, 'south')");
        ctsync.once();

        assertThat(target.query("SELECT id, label, qty, note, region FROM app.items ORDER BY id")).containsExactly(
                List.of(1, "one", 1, "n1", "north"), List.of(2, "two", 2, "n2", "north"), List.of(3, "three", 3, "n3", "north"),
                java.util.Arrays.asList(4, "a label longer than ten", 100000, null, "south"));
        assertThat(columnType(target, "label")).containsIgnoringCase("40");
        assertThat(tables().subList(contentsBefore, tables().size())).as("the contents after the change")
                .anySatisfy(t -> assertThat(t.mode()).isEqualTo(Manifest.Table.RANGE));
        List<List<Object>> widened = target.query("SELECT id, label, qty, note, region FROM app.items ORDER BY id");

        // int to text is no widening: the content waits, and nothing of it reaches the target
        source.execute("ALTER TABLE app.items ALTER COLUMN qty SET DATA TYPE VARCHAR(12)", "UPDATE app.items SET qty = 'many', label = 'x' WHERE id = 1");
        CtsyncRun.Result blocked = ctsync.run("--once");
        assertThat(blocked.exitCode()).isEqualTo(1);
        assertThat(target.query("SELECT id, label, qty, note, region FROM app.items ORDER BY id")).isEqualTo(widened);
        List<List<Object>> log = target.query("SELECT status, error FROM ctsync_import_log WHERE status <> 'ok'");
        assertThat(log).hasSize(1);
        assertThat(log.get(0).get(0)).isEqualTo("blocked");
        assertThat((String) log.get(0).get(1)).contains("app.items", "'qty'", "a change of type family", "(fix: ");
    }

    /** Every table of every published content, in sequence order. */
    private List<Manifest.Table> tables() throws Exception {
        List<Manifest.Table> tables = new ArrayList<>();
        for (ContentName name : Contents.published(dir.resolve("gateway"))) {
            tables.addAll(Contents.read(dir.resolve("gateway").resolve(name.fileName())).manifest().tables());
        }
        return tables;
    }

    private static String columnType(TestDatabase database, String column) throws Exception {
        List<List<Object>> rows = database.query("SELECT data_type, character_maximum_length FROM information_schema.columns"
                + " WHERE table_schema = 'app' AND table_name = 'items' AND column_name = '" + column + "'");
        return rows.get(0).get(0) + "(" + rows.get(0).get(1) + ")";
    }
}
