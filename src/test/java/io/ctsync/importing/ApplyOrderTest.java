package io.ctsync.importing;

import io.ctsync.db.register.DatabaseTypeRegister;
import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import io.ctsync.db.ForeignKey;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order of the target tables read from the target's own foreign keys (PostgreSQL, which has deferrable keys). */
@Tag("postgres")
class ApplyOrderTest {

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase db;

    @BeforeEach
    void database() throws Exception {
        db = databases.open("postgresql");
        db.execute("CREATE SCHEMA app", "CREATE TABLE app.outside (id int PRIMARY KEY)");
    }

    @Test
    void parentsComeFirstWhateverOrderTheTablesAreListedIn() throws Exception {
        db.execute("CREATE TABLE app.a (id int PRIMARY KEY)",
                "CREATE TABLE app.b (id int PRIMARY KEY, a int REFERENCES app.a)",
                "CREATE TABLE app.c (id int PRIMARY KEY, b int REFERENCES app.b, x int REFERENCES app.outside)",
                "CREATE TABLE app.d (id int PRIMARY KEY)");
        ApplyOrder order = read("c", "d", "b", "a");

        // each step places the first listed table whose parents are placed: d, then a, b, c
        assertThat(List.of("a", "b", "c", "d").stream().map(t -> order.rank(table(t)))).containsExactly(1, 2, 3, 0);
        assertThat(order.rank(table("outside"))).as("a table not synced comes after all of them").isEqualTo(4);
        assertThat(order.selfReferences(table("c"))).isEmpty();
        assertThat(order.defers()).isFalse();
    }

    @Test
    void aKeyToATableNotSyncedOrdersNothing() throws Exception {
        db.execute("CREATE TABLE app.c (id int PRIMARY KEY, x int REFERENCES app.outside)", "CREATE TABLE app.a (id int PRIMARY KEY)");
        ApplyOrder order = read("c", "a");
        assertThat(List.of(order.rank(table("c")), order.rank(table("a")))).containsExactly(0, 1);
    }

    @Test
    void aTableReferencingItselfKeepsItsPlaceAndItsKeyIsReportedForOrderingRows() throws Exception {
        db.execute("CREATE TABLE app.tree (id int PRIMARY KEY, parent int CONSTRAINT tree_parent REFERENCES app.tree)",
                "CREATE TABLE app.a (id int PRIMARY KEY)");
        ApplyOrder order = read("tree", "a");
        assertThat(List.of(order.rank(table("tree")), order.rank(table("a")))).containsExactly(0, 1);
        assertThat(order.selfReferences(table("tree"))).containsExactly(
                new ForeignKey("tree_parent", table("tree"), List.of("parent"), table("tree"), List.of("id"), false));
        assertThat(order.defers()).isFalse();
    }

    @Test
    void aDeferrableKeyOrdersNothingAndIsCheckedAtCommit() throws Exception {
        db.execute("CREATE TABLE app.a (id int PRIMARY KEY)",
                "CREATE TABLE app.b (id int PRIMARY KEY, a int REFERENCES app.a DEFERRABLE,"
                        + " parent int REFERENCES app.b DEFERRABLE INITIALLY DEFERRED)");
        ApplyOrder order = read("b", "a");
        assertThat(List.of(order.rank(table("b")), order.rank(table("a")))).containsExactly(0, 1);
        assertThat(order.selfReferences(table("b"))).isEmpty();
        assertThat(order.defers()).isTrue();
    }

    @Test
    void aCycleOfKeysIsRefusedNamingTheKeysOfTheCycleOnly() throws Exception {
        // c is not in the cycle and reaches it through its second key: its first (to root, placed) is passed over
        db.execute("CREATE TABLE app.root (id int PRIMARY KEY)",
                "CREATE TABLE app.x (id int PRIMARY KEY, y int)",
                "CREATE TABLE app.y (id int PRIMARY KEY, x int CONSTRAINT y_x REFERENCES app.x)",
                "ALTER TABLE app.x ADD CONSTRAINT x_y FOREIGN KEY (y) REFERENCES app.y",
                "CREATE TABLE app.c (id int PRIMARY KEY, r int CONSTRAINT c_root REFERENCES app.root, x int CONSTRAINT c_x REFERENCES app.x)");
        assertThatThrownBy(() -> read("root", "c", "y", "x")).isInstanceOf(ConfigException.class).hasMessage(
                "ctsync.tables: the foreign keys x_y (app.x (y) -> app.y (id)) and y_x (app.y (x) -> app.x (id)) form a cycle in the"
                        + " target that no order of writes satisfies (fix: make x_y DEFERRABLE (PostgreSQL: ALTER TABLE app.x ALTER"
                        + " CONSTRAINT x_y DEFERRABLE), so that it is checked at commit, or drop it in the target, or leave app.x out"
                        + " of ctsync.tables)");
    }

    private ApplyOrder read(String... tables) throws Exception {
        try (Connection connection = db.connect()) {
            return ApplyOrder.read(connection, DatabaseTypeRegister.of(connection).target(), Arrays.stream(tables).map(ApplyOrderTest::table).toList());
        }
    }

    private static TableName table(String name) {
        return new TableName("app", name);
    }
}
