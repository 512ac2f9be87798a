package io.ctsync.capture;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change-table capture against OpenEdge-shaped CDC tables (quoted names with dashes, codes
 * 1 insert, 2 delete, 3 before-update, 4 after-update) on real PostgreSQL and H2.
 */
@Tag("postgres")
class ChangeTableCaptureTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;

    static void createTables(TestDatabase db) throws Exception {
        db.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))",
                "CREATE SEQUENCE app.change_sequence",
                "CREATE TABLE app.cdc_items (\"_Change-Sequence\" BIGINT DEFAULT "
                        + (db.isPostgres() ? "nextval('app.change_sequence')" : "NEXT VALUE FOR app.change_sequence") + " PRIMARY KEY,"
                        + " \"_Operation\" INT NOT NULL, \"_Time-Stamp\" TIMESTAMP DEFAULT CURRENT_TIMESTAMP, id INT, label VARCHAR(40))");
    }

    static Map<String, String> properties(TestDatabase db, Path dir, String destination) {
        Map<String, String> properties = new LinkedHashMap<>(db.properties("source"));
        properties.putAll(Pipelines.properties("cdc", "src", destination, dir.resolve("state-" + destination), dir.resolve("gateway-" + destination), "app.items"));
        properties.put("ctsync.table.app.items.capture", "change-table");
        properties.put("ctsync.table.app.items.change-table", "app.cdc_items");
        return properties;
    }

    private CtsyncRun ctsync(String kind) throws Exception {
        source = databases.open(kind);
        createTables(source);
        return new CtsyncRun(dir, properties(source, dir, "dst"));
    }

    private Path gateway() {
        return dir.resolve("gateway-dst");
    }

    /** Appends change rows (operation, id, label) as the CDC system would, in this order. */
    static void changes(TestDatabase db, Object[]... rows) throws Exception {
        // one statement per row, so that the sequence follows the order given
        for (Object[] row : rows) {
            db.execute("INSERT INTO app.cdc_items (\"_Operation\", id, label) VALUES (" + row[0] + ", " + row[1] + ", "
                    + (row[2] == null ? "NULL" : "'" + row[2] + "'") + ")");
        }
    }

    static List<String> rows(Path gateway, long sequence, String entry) throws Exception {
        return Contents.read(gateway, sequence).rows("app.items", entry).stream().map(JsonNode::toString).toList();
    }

    private long changeRows() throws Exception {
        return ((Number) source.query("SELECT COUNT(*) FROM app.cdc_items").get(0).get(0)).longValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void changesOfOneWindowFoldIntoTheNetChangePerKeyAndAreConsumed(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        source.execute("INSERT INTO app.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        changes(source, new Object[] {1, 1, "one"});
        ctsync.once();
        Contents.Content first = Contents.read(gateway(), 1);
        assertThat(first.table("app.items").mode()).as("a first run sends every row of the table").isEqualTo("full");
        assertThat(rows(gateway(), 1, "inserted.json")).containsExactlyInAnyOrder(
                "{\"id\":1,\"label\":\"one\"}", "{\"id\":2,\"label\":\"two\"}", "{\"id\":3,\"label\":\"three\"}");
        assertThat(changeRows()).as("the change rows the full content covers are consumed").isZero();

        changes(source,
                new Object[] {1, 10, "ten"}, new Object[] {3, 10, "ten"}, new Object[] {4, 10, "TEN"},   // insert, update: insert
                new Object[] {1, 11, "eleven"}, new Object[] {2, 11, null},                              // insert, delete: nothing
                new Object[] {3, 1, "one"}, new Object[] {4, 1, "uno"}, new Object[] {3, 1, "uno"}, new Object[] {4, 1, "UNO"},
                new Object[] {3, 2, "two"}, new Object[] {4, 2, "dos"}, new Object[] {2, 2, null},       // update, delete: delete
                new Object[] {2, 3, null}, new Object[] {1, 3, "tres"});                                 // delete, insert: update
        ctsync.once();
        Contents.Content second = Contents.read(gateway(), 2);
        assertThat(second.table("app.items").mode()).isEqualTo("delta");
        assertThat(rows(gateway(), 2, "inserted.json")).containsExactly("{\"id\":10,\"label\":\"TEN\"}");
        assertThat(rows(gateway(), 2, "updated.json")).containsExactlyInAnyOrder("{\"id\":1,\"label\":\"UNO\"}", "{\"id\":3,\"label\":\"tres\"}");
        assertThat(rows(gateway(), 2, "deleted.json")).containsExactly("{\"id\":2}");
        assertThat(changeRows()).isZero();

        ctsync.once();
        assertThat(Contents.sequences(gateway())).as("nothing left, nothing written").containsExactly(1L, 2L);
        changes(source, new Object[] {1, 11, "eleven"}, new Object[] {2, 11, null});
        ctsync.once();
        assertThat(Contents.sequences(gateway())).as("a window that folds to nothing writes nothing").containsExactly(1L, 2L);
        assertThat(changeRows()).as("but its rows are consumed all the same").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void withoutDeletionEveryPipelineReadsFromItsOwnPosition(String kind) throws Exception {
        source = databases.open(kind);
        createTables(source);
        CtsyncRun warehouse = new CtsyncRun(dir, properties(source, dir, "warehouse"))
                .set("ctsync.table.app.items.delete-consumed", "false");
        CtsyncRun shop = new CtsyncRun(dir, properties(source, dir, "shop"))
                .set("ctsync.table.app.items.delete-consumed", "false");
        warehouse.once();
        shop.once();
        changes(source, new Object[] {1, 5, "five"});
        shop.once();
        warehouse.once();
        changes(source, new Object[] {4, 5, "FIVE"});
        warehouse.once();

        assertThat(rows(dir.resolve("gateway-shop"), 1, "inserted.json")).containsExactly("{\"id\":5,\"label\":\"five\"}");
        assertThat(rows(dir.resolve("gateway-warehouse"), 1, "inserted.json")).containsExactly("{\"id\":5,\"label\":\"five\"}");
        assertThat(rows(dir.resolve("gateway-warehouse"), 2, "updated.json")).containsExactly("{\"id\":5,\"label\":\"FIVE\"}");
        assertThat(Contents.sequences(dir.resolve("gateway-shop"))).containsExactly(1L);
        assertThat(changeRows()).as("nothing is deleted").isEqualTo(2);
    }

    /**
     * Transaction A takes a change sequence, B a higher one and commits first; the cycle reads
     * and deletes up to B's; then A commits. A's row lies inside the consumed range but was not
     * read: it must survive the delete and go out with the next cycle.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aRowCommittedInsideTheRangeAfterTheReadSurvivesAndIsExportedNext(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        ctsync.once();
        try (Connection a = source.connect(); Statement statementA = a.createStatement()) {
            a.setAutoCommit(false);
            statementA.execute("INSERT INTO app.cdc_items (\"_Operation\", id, label) VALUES (1, 20, 'from A')");
            changes(source, new Object[] {1, 21, "from B"});
            ctsync.once();
            a.commit();
        }
        Contents.Content first = Contents.read(gateway(), 1);
        assertThat(first.rows("app.items", "inserted.json")).extracting(JsonNode::toString).containsExactly("{\"id\":21,\"label\":\"from B\"}");
        List<List<Object>> left = source.query("SELECT \"_Change-Sequence\", id FROM app.cdc_items");
        assertThat(left).hasSize(1);
        assertThat(((Number) left.get(0).get(1)).intValue()).isEqualTo(20);
        assertThat(((Number) left.get(0).get(0)).longValue()).as("A's sequence lies inside the range the first content consumed")
                .isLessThan(first.table("app.items").toVersion());

        ctsync.once();
        assertThat(rows(gateway(), 2, "inserted.json")).containsExactly("{\"id\":20,\"label\":\"from A\"}");
        assertThat(changeRows()).isZero();
    }
}
