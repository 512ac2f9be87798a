package io.ctsync.presence;

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
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every changed key lands in exactly one of existing.json and missing.json, with the target's row, whatever the batch size. */
@Tag("postgres")
class PresenceTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;
    private TestDatabase target;

    private CtsyncRun ctsync(String sourceKind, String targetKind, String tables) throws Exception {
        source = databases.open(sourceKind);
        target = databases.open(targetKind);
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("pres", "src", "dst", dir.resolve("state"), gateway(), tables));
        return new CtsyncRun(dir, properties);
    }

    private Path gateway() {
        return dir.resolve("gateway");
    }

    private static List<String> rows(Contents.Content content, String table, String entry) throws Exception {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : content.rows(table, entry)) {
            rows.add(row.toString());
        }
        return rows;
    }

    @ParameterizedTest(name = "{0} -> {1}, batch {2}")
    @CsvSource({"postgresql, postgresql, 1", "postgresql, postgresql, 200", "h2, h2, 2", "h2, h2, 1000", "h2, postgresql, 3"})
    void eachChangedKeyIsExistingOrMissingWithTheTargetRow(String sourceKind, String targetKind, int batchSize) throws Exception {
        CtsyncRun ctsync = ctsync(sourceKind, targetKind, "app.items")
                .set("ctsync.table.app.items.target", "dwh.item_copy")
                .set("ctsync.export.presence-batch-size", Integer.toString(batchSize));
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))",
                "INSERT INTO app.items VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, 'five'), (6, 'six')");
        // the target's key is a bigint, its label a text, and it has a column the source lacks
        target.execute("CREATE SCHEMA dwh", "CREATE TABLE dwh.item_copy (label " + (target.isPostgres() ? "TEXT" : "VARCHAR(100)")
                        + ", id BIGINT PRIMARY KEY, extra VARCHAR(10))",
                "INSERT INTO dwh.item_copy VALUES ('t2', 2, 'x'), ('t4', 4, NULL), ('t6', 6, 'z'), ('t8', 8, 'w')");
        ctsync.enableTracking();

        ctsync.once();
        Contents.Content full = Contents.read(gateway(), 1);
        assertThat(full.table("app.items").counts()).isEqualTo(new Manifest.Counts(6, 0, 0, 3, 3));
        assertThat(rows(full, "app.items", "existing.json")).containsExactlyInAnyOrder(
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":2},\"target\":{\"label\":\"t2\",\"id\":2,\"extra\":\"x\"}}",
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":4},\"target\":{\"label\":\"t4\",\"id\":4,\"extra\":null}}",
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":6},\"target\":{\"label\":\"t6\",\"id\":6,\"extra\":\"z\"}}");
        assertThat(rows(full, "app.items", "missing.json")).containsExactlyInAnyOrder(
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":1}}", "{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":3}}",
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":5}}");

        source.execute("INSERT INTO app.items VALUES (7, 'seven'), (8, 'eight')", "UPDATE app.items SET label = 'uno' WHERE id IN (1, 2)",
                "DELETE FROM app.items WHERE id IN (3, 4)");
        ctsync.once();
        Contents.Content delta = Contents.read(gateway(), 2);
        assertThat(delta.table("app.items").counts()).isEqualTo(new Manifest.Counts(2, 2, 2, 3, 3));
        assertThat(rows(delta, "app.items", "existing.json")).containsExactlyInAnyOrder(
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":8},\"target\":{\"label\":\"t8\",\"id\":8,\"extra\":\"w\"}}",
                "{\"changeOperation\":\"U\",\"primaryKey\":{\"id\":2},\"target\":{\"label\":\"t2\",\"id\":2,\"extra\":\"x\"}}",
                "{\"changeOperation\":\"D\",\"primaryKey\":{\"id\":4},\"target\":{\"label\":\"t4\",\"id\":4,\"extra\":null}}");
        assertThat(rows(delta, "app.items", "missing.json")).containsExactlyInAnyOrder(
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":7}}", "{\"changeOperation\":\"U\",\"primaryKey\":{\"id\":1}}",
                "{\"changeOperation\":\"D\",\"primaryKey\":{\"id\":3}}");
    }

    @ParameterizedTest(name = "{0}, batch {1}")
    @CsvSource({"postgresql, 2", "h2, 200"})
    void compositeKeysAreLookedUpWithinTheConstantsScope(String kind, int batchSize) throws Exception {
        CtsyncRun ctsync = ctsync(kind, kind, "app.lines")
                .set("ctsync.table.app.lines.constant.region", "north")
                .set("ctsync.export.presence-batch-size", Integer.toString(batchSize));
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.lines (order_id INT, line_no INT, qty INT, PRIMARY KEY (order_id, line_no))",
                "INSERT INTO app.lines VALUES (1, 1, 10), (1, 2, 20), (2, 1, 30)");
        // the target key lists its columns in another order, and holds the rows of two sources
        target.execute("CREATE SCHEMA app", "CREATE TABLE app.lines (line_no BIGINT, region VARCHAR(10), order_id BIGINT, qty INT,"
                        + " PRIMARY KEY (line_no, region, order_id))",
                "INSERT INTO app.lines VALUES (1, 'north', 1, 11), (2, 'south', 1, 99), (1, 'north', 2, 33)");
        ctsync.enableTracking();
        ctsync.once();

        Contents.Content content = Contents.read(gateway(), 1);
        assertThat(content.table("app.lines").key()).containsExactly("order_id", "line_no", "region");
        assertThat(rows(content, "app.lines", "existing.json")).containsExactlyInAnyOrder(
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"order_id\":1,\"line_no\":1,\"region\":\"north\"},"
                        + "\"target\":{\"line_no\":1,\"region\":\"north\",\"order_id\":1,\"qty\":11}}",
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"order_id\":2,\"line_no\":1,\"region\":\"north\"},"
                        + "\"target\":{\"line_no\":1,\"region\":\"north\",\"order_id\":2,\"qty\":33}}");
        assertThat(rows(content, "app.lines", "missing.json")).as("(1, 2) exists only for the south source")
                .containsExactly("{\"changeOperation\":\"I\",\"primaryKey\":{\"order_id\":1,\"line_no\":2,\"region\":\"north\"}}");
        assertThat(rows(content, "app.lines", "inserted.json")).first().asString()
                .isEqualTo("{\"order_id\":1,\"line_no\":1,\"qty\":10,\"region\":\"north\"}");
    }

    @Test
    void aTargetThatDoesNotAnswerFailsTheCycleWithoutUsingASequenceNumber() throws Exception {
        CtsyncRun ctsync = ctsync("postgresql", "postgresql", "app.items").set("ctsync.export.presence-timeout", "PT1S");
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label TEXT)", "INSERT INTO app.items VALUES (1, 'one')");
        target.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label TEXT)");
        ctsync.enableTracking();
        try (Connection blocker = target.connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE app.items IN ACCESS EXCLUSIVE MODE");
            CtsyncRun.Result result = ctsync.run("--once");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("presence lookup on the target failed: no answer within 1 s (ctsync.export.presence-timeout)");
            blocker.rollback();
        }
        assertThat(Contents.sequences(gateway())).isEmpty();

        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
        assertThat(rows(Contents.read(gateway(), 1), "app.items", "missing.json"))
                .containsExactly("{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":1}}");
    }

    /**
     * On PostgreSQL a table's keys go to the target as one set (COPY, then one join): text keys that
     * COPY must escape find their rows, each part answers its own keys, a second table of the same
     * cycle its own, and a key of five columns (wider than the set's key table) goes in batches.
     */
    @Test
    void keysLookedUpAsOneSetAnswerPerPartAndPerTable() throws Exception {
        CtsyncRun ctsync = ctsync("postgresql", "postgresql", "app.notes,app.wide").set("ctsync.export.max-rows-per-file", "3");
        String[] codes = {"back\\slash", "tab\tin", "line\nbreak", "cr\rhere", "quote'd", "plain", "Zoë ✓"};
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < codes.length; i++) {
            values.append(i == 0 ? "" : ", ").append("('").append(codes[i].replace("'", "''")).append("', ").append(i).append(")");
        }
        String notes = "CREATE TABLE app.notes (code TEXT PRIMARY KEY, n INT)";
        String wide = "CREATE TABLE app.wide (a INT, b INT, c INT, d INT, e INT, n INT, PRIMARY KEY (a, b, c, d, e))";
        source.execute("CREATE SCHEMA app", notes, wide, "INSERT INTO app.notes VALUES " + values,
                "INSERT INTO app.wide VALUES (1, 1, 1, 1, 1, 10), (2, 2, 2, 2, 2, 20)");
        // the target holds every other code, and one wide key
        target.execute("CREATE SCHEMA app", notes, wide, "INSERT INTO app.notes SELECT code, n + 100 FROM (VALUES " + values
                + ") v (code, n) WHERE n % 2 = 0", "INSERT INTO app.wide VALUES (2, 2, 2, 2, 2, 99)");
        ctsync.enableTracking();
        ctsync.once();

        List<String> existing = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> wideExisting = new ArrayList<>();
        for (long sequence : Contents.sequences(gateway())) {
            Contents.Content content = Contents.read(gateway(), sequence);
            for (Manifest.Table table : content.manifest().tables()) {
                Manifest.Counts counts = table.counts();
                assertThat(counts.existing() + counts.missing()).as("part %d, %s", sequence, table.table()).isEqualTo(counts.inserted());
                if (table.table().equals("app.notes")) {
                    existing.addAll(rows(content, "app.notes", "existing.json"));
                    missing.addAll(rows(content, "app.notes", "missing.json"));
                } else if (counts.existing() > 0) {
                    wideExisting.addAll(rows(content, "app.wide", "existing.json"));
                }
            }
        }
        assertThat(Contents.sequences(gateway())).as("3 rows a part").hasSizeGreaterThan(2);
        assertThat(existing).containsExactlyInAnyOrder(
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"code\":\"back\\\\slash\"},\"target\":{\"code\":\"back\\\\slash\",\"n\":100}}",
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"code\":\"line\\nbreak\"},\"target\":{\"code\":\"line\\nbreak\",\"n\":102}}",
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"code\":\"quote'd\"},\"target\":{\"code\":\"quote'd\",\"n\":104}}",
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"code\":\"Zoë ✓\"},\"target\":{\"code\":\"Zoë ✓\",\"n\":106}}");
        assertThat(missing).containsExactlyInAnyOrder("{\"changeOperation\":\"I\",\"primaryKey\":{\"code\":\"tab\\tin\"}}",
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"code\":\"cr\\rhere\"}}",
                "{\"changeOperation\":\"I\",\"primaryKey\":{\"code\":\"plain\"}}");
        assertThat(wideExisting).containsExactly("{\"changeOperation\":\"I\",\"primaryKey\":{\"a\":2,\"b\":2,\"c\":2,\"d\":2,\"e\":2},"
                + "\"target\":{\"a\":2,\"b\":2,\"c\":2,\"d\":2,\"e\":2,\"n\":99}}");
    }
}
