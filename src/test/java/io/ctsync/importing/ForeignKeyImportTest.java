package io.ctsync.importing;

import io.ctsync.config.TableName;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Import into a target whose synced tables reference each other, through the real command line,
 * on PostgreSQL and H2, with the tables listed parents first and children first: after every
 * import the target equals the source, row for row.
 */
@Tag("postgres")
class ForeignKeyImportTest {

    private static final String ORDERS = "CREATE TABLE app.orders (id INT PRIMARY KEY, customer VARCHAR(40))";
    private static final String ORDER_LINE = "CREATE TABLE app.order_line (order_id INT NOT NULL, line_no INT NOT NULL, qty INT,"
            + " PRIMARY KEY (order_id, line_no), CONSTRAINT order_line_order_fk FOREIGN KEY (order_id) REFERENCES app.orders (id))";
    private static final String EMPLOYEE = "CREATE TABLE app.employee (id INT PRIMARY KEY, manager_id INT, name VARCHAR(40))";
    /** In the target only: the source holds its rows in any order, children first, which the import must not follow. */
    private static final String EMPLOYEE_KEY = "ALTER TABLE app.employee ADD CONSTRAINT employee_manager_fk FOREIGN KEY (manager_id)"
            + " REFERENCES app.employee (id)";
    private static final List<String> SYNCED = List.of("app.orders", "app.order_line", "app.employee");

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private ImportFixture db;

    private CtsyncRun start(String kind, boolean childrenFirst) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.source.execute(ORDERS, ORDER_LINE, EMPLOYEE);
        db.target.execute(ORDERS, ORDER_LINE, EMPLOYEE, EMPLOYEE_KEY);
        String tables = childrenFirst ? "app.employee,app.order_line,app.orders" : "app.orders,app.order_line,app.employee";
        // one row to a statement: on PostgreSQL, a multi-row statement is checked only at its end
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.tables", tables).set("ctsync.import.batch-size", "1");
        ctsync.enableTracking();
        return ctsync;
    }

    @ParameterizedTest
    @CsvSource({"postgresql, true", "postgresql, false", "h2, true", "h2, false"})
    void parentsAndChildrenInsertedUpdatedAndDeletedInOneContentAndAcrossContents(String kind, boolean childrenFirst) throws Exception {
        CtsyncRun ctsync = start(kind, childrenFirst);
        db.source.execute("INSERT INTO app.orders VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')",
                "INSERT INTO app.order_line VALUES (1, 1, 5), (1, 2, 6), (2, 1, 7), (3, 1, 8)");
        importAndCompare(ctsync);
        assertThat(db.target.query("SELECT COUNT(*) FROM app.order_line")).containsExactly(List.of(4L));

        // one content: a new order with its line, an order and a line changed, an order deleted with its line
        db.source.execute("INSERT INTO app.orders VALUES (4, 'dee')", "INSERT INTO app.order_line VALUES (4, 1, 9)",
                "UPDATE app.orders SET customer = 'ann b' WHERE id = 1", "UPDATE app.order_line SET qty = 60 WHERE order_id = 1 AND line_no = 2",
                "DELETE FROM app.order_line WHERE order_id = 2", "DELETE FROM app.orders WHERE id = 2");
        importAndCompare(ctsync);

        // across contents: a parent, then its child; a child, then its parent
        db.source.execute("INSERT INTO app.orders VALUES (5, 'eve')", "DELETE FROM app.order_line WHERE order_id = 3");
        importAndCompare(ctsync);
        db.source.execute("INSERT INTO app.order_line VALUES (5, 1, 10)", "DELETE FROM app.orders WHERE id = 3");
        importAndCompare(ctsync);
        db.source.execute("DELETE FROM app.order_line WHERE order_id = 5", "DELETE FROM app.orders WHERE id = 5");
        importAndCompare(ctsync);
        // the first run is one chunk per non-empty table (app.orders, then app.order_line), then one content per change
        assertThat(db.log("erp")).extracting(row -> row.get(1)).containsOnly("ok").hasSize(6);
    }

    @ParameterizedTest
    @CsvSource({"postgresql, true", "postgresql, false", "h2, true", "h2, false"})
    void aFullContentRemovesChildrenBeforeTheirParents(String kind, boolean childrenFirst) throws Exception {
        CtsyncRun ctsync = start(kind, childrenFirst);
        db.source.execute("INSERT INTO app.orders VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')",
                "INSERT INTO app.order_line VALUES (1, 1, 5), (2, 1, 7), (2, 2, 8), (3, 1, 9)",
                "INSERT INTO app.employee VALUES (1, NULL, 'ceo'), (2, 1, 'clerk')");
        importAndCompare(ctsync);

        // rows only the target has, and rows the source deletes while its history is lost: the full content removes them all
        db.target.execute("INSERT INTO app.orders VALUES (9, 'target only')", "INSERT INTO app.order_line VALUES (9, 1, 1), (9, 2, 2)",
                "INSERT INTO app.employee VALUES (12, NULL, 'target only')", "INSERT INTO app.employee VALUES (11, 12, 'target only')",
                "INSERT INTO app.employee VALUES (10, 11, 'target only')");
        db.source.execute("DELETE FROM app.order_line WHERE order_id = 2", "DELETE FROM app.orders WHERE id = 2",
                "INSERT INTO app.orders VALUES (4, 'dee')", "INSERT INTO app.order_line VALUES (4, 1, 3)",
                "DELETE FROM app.employee WHERE id = 2");
        ImportFixture.expireHistory(db.source, SYNCED.stream().map(name -> TableName.parse("ctsync.tables", name)).toList());
        importAndCompare(ctsync);
        assertThat(db.target.query("SELECT id FROM app.orders ORDER BY id")).containsExactly(List.of(1), List.of(3), List.of(4));
        assertThat(db.target.query("SELECT id FROM app.employee")).containsExactly(List.of(1));
    }

    /**
     * A backfill in chunks of two rows, the tables listed children first: every chunk of the orders
     * comes before the first of their lines, and the target's orders that the source lacks go with
     * their lines, in the middle of the key order and at its end.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aBackfillInChunksSendsParentsFirstAndRemovesTheTargetRowsReferencingAbsentParents(String kind) throws Exception {
        CtsyncRun ctsync = start(kind, true).set("ctsync.export.chunk-rows", "2");
        db.source.execute("INSERT INTO app.orders VALUES (1, 'ann'), (2, 'bob'), (4, 'dee'), (5, 'eve'), (6, 'fay')",
                "INSERT INTO app.order_line VALUES (1, 1, 5), (2, 1, 6), (4, 1, 7), (5, 1, 8), (6, 1, 9), (6, 2, 10)");
        db.target.execute("INSERT INTO app.orders VALUES (3, 'target only'), (7, 'target only')",
                "INSERT INTO app.order_line VALUES (3, 1, 1), (3, 2, 2), (7, 1, 3)");
        importAndCompare(ctsync);

        List<String> chunks = new ArrayList<>();
        for (long sequence : Contents.sequences(db.gateway)) {
            Manifest.Table table = Contents.read(db.gateway, sequence).manifest().tables().get(0);
            assertThat(table.mode()).isEqualTo(Manifest.Table.RANGE);
            assertThat(table.counts().inserted()).isLessThanOrEqualTo(2);
            chunks.add(table.table());
        }
        assertThat(chunks).containsExactly("app.orders", "app.orders", "app.orders", "app.order_line", "app.order_line", "app.order_line");
        assertThat(db.target.query("SELECT id FROM app.orders ORDER BY id")).containsExactly(List.of(1), List.of(2), List.of(4), List.of(5),
                List.of(6));
    }

    @ParameterizedTest
    @CsvSource({"postgresql, true", "postgresql, false", "h2, true", "h2, false"})
    void aSelfReferencingChainOfFiveLevelsIsInsertedAndDeletedInOneContent(String kind, boolean childrenFirst) throws Exception {
        CtsyncRun ctsync = start(kind, childrenFirst);
        // written children first, and in key order every child comes before its manager
        db.source.execute("INSERT INTO app.employee VALUES (1, 2, 'clerk')", "INSERT INTO app.employee VALUES (2, 3, 'manager')",
                "INSERT INTO app.employee VALUES (3, 4, 'director')", "INSERT INTO app.employee VALUES (4, 5, 'vp')",
                "INSERT INTO app.employee VALUES (5, NULL, 'ceo')", "INSERT INTO app.employee VALUES (6, NULL, 'other ceo')");
        importAndCompare(ctsync);
        assertThat(db.target.query("SELECT COUNT(*) FROM app.employee")).containsExactly(List.of(6L));

        // moved under another manager, and a new level below the deepest one, in one content
        db.source.execute("INSERT INTO app.employee VALUES (0, 1, 'intern')", "UPDATE app.employee SET manager_id = 6 WHERE id = 4");
        importAndCompare(ctsync);

        // deleted parents first
        db.source.execute("DELETE FROM app.employee WHERE id = 5", "DELETE FROM app.employee WHERE id = 4", "DELETE FROM app.employee WHERE id = 3",
                "DELETE FROM app.employee WHERE id = 2", "DELETE FROM app.employee WHERE id = 1", "DELETE FROM app.employee WHERE id = 0");
        importAndCompare(ctsync);
        assertThat(db.target.query("SELECT id FROM app.employee")).containsExactly(List.of(6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aRowBreakingAForeignKeyToAnUnsyncedTableFailsItsContentInOneLineAndLeavesTheTargetUntouched(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.source.execute("CREATE TABLE app.sale (id INT PRIMARY KEY, product_id INT)");
        db.target.execute("CREATE TABLE app.product (id INT PRIMARY KEY)", "INSERT INTO app.product VALUES (1)",
                "CREATE TABLE app.sale (id INT PRIMARY KEY, product_id INT,"
                        + " CONSTRAINT sale_product_fk FOREIGN KEY (product_id) REFERENCES app.product (id))");
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.tables", "app.sale");
        ctsync.enableTracking();
        db.source.execute("INSERT INTO app.sale VALUES (1, 1)");
        ctsync.once();

        db.source.execute("INSERT INTO app.sale VALUES (2, 99)", "UPDATE app.sale SET product_id = NULL WHERE id = 1");
        CtsyncRun.Result failed = ctsync.run("--once");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(db.target.query("SELECT id, product_id FROM app.sale")).containsExactly(List.of(1, 1));
        List<List<Object>> log = db.log("erp");
        assertThat(log).hasSize(2);
        assertThat(log.get(1).subList(0, 2)).containsExactly(2L, "failed");
        String error = (String) log.get(1).get(2);
        assertThat(error).doesNotContain("\n").contains("sale_product_fk").contains("app.sale").contains("99")
                .contains("tried again every import cycle");
        assertThat(failed.stderr().lines().filter(line -> line.contains("sale_product_fk"))).isNotEmpty()
                .allMatch(line -> line.contains("(fix: "));

        // the reference data arrives: the next cycle imports the content
        db.target.execute("INSERT INTO app.product VALUES (99)");
        ctsync.once();
        assertThat(db.target.query("SELECT id, product_id FROM app.sale ORDER BY id")).isEqualTo(db.source.query("SELECT id, product_id FROM app.sale ORDER BY id"));
        assertThat(db.log("erp")).extracting(row -> row.get(1)).containsExactly("ok", "ok");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aCycleBetweenTablesThatNoOrderSatisfiesIsRefusedAtStartUp(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        for (TestDatabase side : List.of(db.source, db.target)) {
            side.execute("CREATE TABLE app.a (id INT PRIMARY KEY, b_id INT)", "CREATE TABLE app.b (id INT PRIMARY KEY, a_id INT,"
                    + " CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES app.a (id))");
        }
        db.target.execute("ALTER TABLE app.a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES app.b (id)");
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.tables", "app.a,app.b");
        ctsync.enableTracking();
        CtsyncRun.Result refused = ctsync.run("--once");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr().strip()).doesNotContain("\n").startsWith("ctsync: ctsync.tables: the foreign keys a_b_fk")
                .contains("b_a_fk").contains("form a cycle").contains("(fix: make a_b_fk DEFERRABLE");
        assertThat(Contents.published(db.gateway)).isEmpty();
    }

    /** PostgreSQL checks DEFERRABLE keys at commit: a cycle of them, and a self-reference, import in any order. */
    @Test
    void deferrableKeysOnPostgresqlAreCheckedAtCommit() throws Exception {
        db = databases.dropAfter(new ImportFixture("postgresql", dir));
        for (TestDatabase side : List.of(db.source, db.target)) {
            side.execute("CREATE TABLE app.a (id INT PRIMARY KEY, b_id INT, parent_id INT)", "CREATE TABLE app.b (id INT PRIMARY KEY, a_id INT)");
        }
        db.target.execute("ALTER TABLE app.a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES app.b (id) DEFERRABLE",
                "ALTER TABLE app.b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES app.a (id) DEFERRABLE",
                "ALTER TABLE app.a ADD CONSTRAINT a_parent_fk FOREIGN KEY (parent_id) REFERENCES app.a (id) DEFERRABLE");
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.tables", "app.a,app.b").set("ctsync.import.batch-size", "1");
        ctsync.enableTracking();
        // the rows come in one delta after the empty first run: rows of two tables that reference each other need one
        // transaction, which a backfill, a transaction per chunk, does not give them (docs/design.md, "Backfills")
        ctsync.once();
        db.source.execute("INSERT INTO app.a VALUES (1, 2, 2), (2, 1, NULL)", "INSERT INTO app.b VALUES (1, 2), (2, 1)");
        ctsync.once();
        assertThat(db.target.query("SELECT * FROM app.a ORDER BY id")).isEqualTo(db.source.query("SELECT * FROM app.a ORDER BY id"));
        assertThat(db.target.query("SELECT * FROM app.b ORDER BY id")).isEqualTo(db.source.query("SELECT * FROM app.b ORDER BY id"));
        db.source.execute("DELETE FROM app.a", "DELETE FROM app.b");
        ctsync.once();
        assertThat(db.target.query("SELECT COUNT(*) FROM app.a")).containsExactly(List.of(0L));
        assertThat(db.target.query("SELECT COUNT(*) FROM app.b")).containsExactly(List.of(0L));
    }

    /**
     * One cycle split into parts ({@code ctsync.export.max-rows-per-file} 2) in the order the tables
     * are listed: listed children first, the lines' inserts are in the first part and the orders'
     * in the last; listed parents first, so are the orders' and the lines' deletes. The importer
     * applies the parts together in key order, so every part imports.
     */
    @ParameterizedTest
    @CsvSource({"postgresql, true", "postgresql, false", "h2, true", "h2, false"})
    void parentsAndChildrenInDifferentPartsOfOneCycleAreAppliedInKeyOrder(String kind, boolean childrenFirst) throws Exception {
        CtsyncRun ctsync = start(kind, childrenFirst);
        importAndCompare(ctsync);
        ctsync.set("ctsync.export.max-rows-per-file", "2");
        db.source.execute("INSERT INTO app.orders VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')",
                "INSERT INTO app.order_line VALUES (1, 1, 5), (1, 2, 6), (2, 1, 7), (3, 1, 8)");
        List<List<String>> inserts = importAndCompareParts(ctsync);
        if (childrenFirst) {
            assertThat(inserts.get(0)).as("part 1 of 4").containsExactly("app.order_line");
            assertThat(inserts.get(3)).as("part 4 of 4").containsExactly("app.orders");
        }

        db.source.execute("DELETE FROM app.order_line", "DELETE FROM app.orders");
        List<List<String>> deletes = importAndCompareParts(ctsync);
        if (!childrenFirst) {
            assertThat(deletes.get(0)).as("part 1 of 4").containsExactly("app.orders");
            assertThat(deletes.get(3)).as("part 4 of 4").containsExactly("app.order_line");
        }
        assertThat(db.log("erp")).extracting(row -> row.get(1)).containsOnly("ok").hasSize(Contents.sequences(db.gateway).size());
    }

    /** Imports the cycle of four parts the source's seven changes make, and gives the tables each part holds change rows of, in its order. */
    private List<List<String>> importAndCompareParts(CtsyncRun ctsync) throws Exception {
        int before = Contents.sequences(db.gateway).size();
        importAndCompare(ctsync);
        List<Long> sequences = Contents.sequences(db.gateway);
        assertThat(sequences).hasSize(before + 4);
        List<List<String>> parts = new java.util.ArrayList<>();
        for (long sequence : sequences.subList(before, before + 4)) {
            Manifest manifest = Contents.read(db.gateway, sequence).manifest();
            assertThat(manifest.parts()).isEqualTo(4);
            parts.add(manifest.tables().stream().filter(t -> t.counts().inserted() + t.counts().updated() + t.counts().deleted() > 0)
                    .map(Manifest.Table::table).toList());
        }
        return parts;
    }

    private void importAndCompare(CtsyncRun ctsync) throws Exception {
        ctsync.once();
        for (String table : SYNCED) {
            String select = "SELECT * FROM " + table + " ORDER BY 1, 2";
            assertThat(db.target.query(select)).as(table).isEqualTo(db.source.query(select));
        }
    }
}
