package io.ctsync.importing;

import io.ctsync.config.TableName;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A soft delete breaks no key: the target's order lines and employees reference orders and
 * managers that the source deleted (its tables have no foreign keys), which a hard delete could
 * not remove; kept with their deletion time, they are marked in a delta, in a table that
 * references itself, and in a full reload, and every referencing row stays.
 */
@Tag("postgres")
class SoftDeleteForeignKeysTest {

    private static final String ORDERS = "CREATE TABLE app.orders (id INT PRIMARY KEY, customer VARCHAR(40), ctsync_deleted_at TIMESTAMP WITH TIME ZONE)";
    private static final String ORDER_LINE = "CREATE TABLE app.order_line (order_id INT NOT NULL, line_no INT NOT NULL, qty INT, PRIMARY KEY (order_id, line_no))";
    private static final String EMPLOYEE = "CREATE TABLE app.employee (id INT PRIMARY KEY, manager_id INT, name VARCHAR(40),"
            + " ctsync_deleted_at TIMESTAMP WITH TIME ZONE)";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void deletedParentsStayForTheRowsThatReferenceThem(String kind) throws Exception {
        ImportFixture db = databases.dropAfter(new ImportFixture(kind, dir));
        db.source.execute(ORDERS.replace(", ctsync_deleted_at TIMESTAMP WITH TIME ZONE", ""), ORDER_LINE,
                EMPLOYEE.replace(",\n", ",").replace(", ctsync_deleted_at TIMESTAMP WITH TIME ZONE", ""));
        db.target.execute(ORDERS, ORDER_LINE, EMPLOYEE,
                "ALTER TABLE app.order_line ADD CONSTRAINT order_line_order_fk FOREIGN KEY (order_id) REFERENCES app.orders (id)",
                "ALTER TABLE app.employee ADD CONSTRAINT employee_manager_fk FOREIGN KEY (manager_id) REFERENCES app.employee (id)");
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.tables", "app.orders,app.order_line,app.employee")
                .set("ctsync.table.app.orders.deletes", "soft").set("ctsync.table.app.employee.deletes", "soft")
                .set("ctsync.import.bulk-rows", "1000000");
        ctsync.enableTracking();
        db.source.execute("INSERT INTO app.orders VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')",
                "INSERT INTO app.order_line VALUES (1, 1, 5), (2, 1, 7), (3, 1, 9)",
                "INSERT INTO app.employee VALUES (1, NULL, 'ceo'), (2, 1, 'manager'), (3, 2, 'clerk')");
        ctsync.once();

        db.source.execute("DELETE FROM app.orders WHERE id = 2", "DELETE FROM app.employee WHERE id IN (1, 2)");
        ctsync.once();
        assertThat(marked(db, "orders")).containsExactly(List.of(2));
        assertThat(marked(db, "employee")).containsExactly(List.of(1), List.of(2));

        db.source.execute("DELETE FROM app.orders WHERE id = 3");
        ImportFixture.expireHistory(db.source, List.of(new TableName("app", "orders"), new TableName("app", "order_line"),
                new TableName("app", "employee")));
        ctsync.once();

        assertThat(marked(db, "orders")).containsExactly(List.of(2), List.of(3));
        assertThat(db.target.query("SELECT order_id FROM app.order_line ORDER BY order_id")).containsExactly(List.of(1), List.of(2), List.of(3));
        assertThat(db.target.query("SELECT id, manager_id FROM app.employee ORDER BY id")).hasSize(3);
        assertThat(db.log("erp")).extracting(row -> row.get(1)).containsOnly("ok");
    }

    private static List<List<Object>> marked(ImportFixture db, String table) throws Exception {
        List<List<Object>> ids = db.target.query("SELECT id FROM app." + table + " WHERE ctsync_deleted_at IS NOT NULL ORDER BY id");
        ids.forEach(row -> row.replaceAll(v -> ((Number) v).intValue()));
        return ids;
    }
}
