package io.ctsync.verify;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --verify} through the real command line, on real PostgreSQL and H2: a corrupted target's
 * every difference found in one pass with its keys, keys changed at the source since the last
 * import reported as in flight, several pipelines with their mapping rules, the exit codes, and
 * nothing written anywhere.
 */
@Tag("postgres")
class VerifyTest {

    private static final String ORDERS = "CREATE TABLE app.orders (id INT PRIMARY KEY, note VARCHAR(40), amount NUMERIC(10, 2))";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    static CtsyncRun pipeline(Path dir, TestDatabase source, TestDatabase target, String tables) {
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("verify", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), tables));
        properties.put("ctsync.import.enabled", "true");
        return new CtsyncRun(dir, properties);
    }

    private CtsyncRun pipeline(TestDatabase source, TestDatabase target, String tables) {
        return pipeline(dir, source, target, tables);
    }

    static void createOrders(TestDatabase... databases) throws Exception {
        for (TestDatabase database : databases) {
            database.execute("CREATE SCHEMA app", ORDERS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "h2"})
    void everyDifferenceOfACorruptedTargetIsFoundInOnePassAndKeysChangedSinceTheImportAreInFlight(String kind) throws Exception {
        TestDatabase source = databases.open(kind);
        TestDatabase target = databases.open(kind);
        createOrders(source, target);
        CtsyncRun ctsync = pipeline(source, target, "app.orders");
        ctsync.enableTracking();
        List<String> rows = new ArrayList<>();
        for (int id = 10; id <= 200; id += 10) {
            rows.add("(" + id + ", 'order " + id + "', " + id + ".50)");
        }
        source.execute("INSERT INTO app.orders VALUES " + String.join(", ", rows));
        ctsync.once();

        CtsyncRun.Result equal = ctsync.run("--verify");

        assertThat(equal.stdout()).isEqualTo("app.orders: source 20 rows, target 20 rows: equal\nverify: equal, 1 table\n");
        assertThat(equal.exitCode()).isZero();

        target.execute("DELETE FROM app.orders WHERE id IN (50, 70)",
                "INSERT INTO app.orders VALUES (55, 'between', 1), (5, 'before the first', 1), (999, 'after the last', 1)",
                "UPDATE app.orders SET note = 'changed' WHERE id = 100",
                "UPDATE app.orders SET amount = 120.51 WHERE id = 120",
                "UPDATE app.orders SET note = NULL WHERE id = 130");
        source.execute("UPDATE app.orders SET note = 'newer' WHERE id = 150", "DELETE FROM app.orders WHERE id = 160",
                "INSERT INTO app.orders VALUES (165, 'new', 1)", "UPDATE app.orders SET note = 'both' WHERE id = 100");
        ReadOnly before = ReadOnly.of(source, target, dir);

        CtsyncRun.Result found = ctsync.run("--verify");

        assertThat(found.stdout()).isEqualTo(String.join("\n",
                "app.orders: source 20 rows, target 21 rows: 2 missing, 3 extra, 2 different, 4 in flight",
                "  missing: id=50, id=70",
                "  extra: id=5, id=55, id=999",
                "  different: id=120, id=130",
                "  in flight: id=100, id=150, id=160, id=165",
                "verify: 1 of 1 table differ: 2 missing, 3 extra, 2 different (4 in flight)", ""));
        assertThat(found.exitCode()).isEqualTo(3);
        assertThat(found.stderr()).isEmpty();
        assertThat(ReadOnly.of(source, target, dir)).as("source, target, state and gateway after --verify").isEqualTo(before);
    }

    @Test
    void onlyKeysChangedSinceTheLastImportIsEqualAndTheirDifferencesAreDifferencesOnceImportedButOverwritten() throws Exception {
        TestDatabase source = databases.open("postgresql");
        TestDatabase target = databases.open("postgresql");
        createOrders(source, target);
        CtsyncRun ctsync = pipeline(source, target, "app.orders");
        ctsync.enableTracking();
        source.execute("INSERT INTO app.orders VALUES (1, 'one', 1), (2, 'two', 2), (3, 'three', 3)");
        ctsync.once();
        source.execute("UPDATE app.orders SET note = 'uno' WHERE id = 1", "DELETE FROM app.orders WHERE id = 2",
                "INSERT INTO app.orders VALUES (4, 'four', 4)");

        CtsyncRun.Result inFlight = ctsync.run("--verify");

        assertThat(inFlight.stdout()).isEqualTo(String.join("\n",
                "app.orders: source 3 rows, target 3 rows: equal, 3 in flight",
                "  in flight: id=1, id=2, id=4",
                "verify: equal, 1 table (3 in flight)", ""));
        assertThat(inFlight.exitCode()).isZero();

        ctsync.set("ctsync.import.enabled", "false").once();
        CtsyncRun.Result behind = ctsync.run("--verify");

        assertThat(behind.stdout()).as("exported, not imported: the state moved on, the target did not").isEqualTo(String.join("\n",
                "app.orders: source 3 rows, target 3 rows: 1 missing, 1 extra, 1 different",
                "  missing: id=4",
                "  extra: id=2",
                "  different: id=1",
                "  note: the target imported up to sequence 1 of 2 published: the keys of the 1 contents still to import count as"
                        + " differences until it catches up",
                "verify: 1 of 1 table differ: 1 missing, 1 extra, 1 different", ""));
        assertThat(behind.exitCode()).isEqualTo(3);

        ctsync.set("ctsync.import.enabled", "true").set("ctsync.export.enabled", "false").once();
        target.execute("UPDATE app.orders SET note = 'overwritten' WHERE id = 1");

        CtsyncRun.Result caughtUp = ctsync.run("--verify");

        assertThat(caughtUp.stdout()).isEqualTo(String.join("\n",
                "app.orders: source 3 rows, target 3 rows: 0 missing, 0 extra, 1 different",
                "  different: id=1",
                "verify: 1 of 1 table differ: 0 missing, 0 extra, 1 different", ""));
        assertThat(caughtUp.exitCode()).isEqualTo(3);
    }

    @Test
    void everyPipelineIsComparedUnderItsMappingRules() throws Exception {
        TestDatabase source = databases.open("postgresql");
        TestDatabase target = databases.open("postgresql");
        createOrders(source, target);
        source.execute("CREATE TABLE app.customers (id INT PRIMARY KEY, name TEXT, secret TEXT)",
                "INSERT INTO app.customers VALUES (1, 'Ann', 's1'), (2, 'Bob', 's2')",
                "INSERT INTO app.orders VALUES (1, 'one', 1)");
        target.execute("CREATE TABLE app.clients (region TEXT, id INT, name TEXT, PRIMARY KEY (region, id))",
                "INSERT INTO app.clients VALUES ('south', 1, 'not ours'), ('south', 7, 'not ours either')");
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("shop", "erp", "unused", dir.resolve("state"), dir.resolve("gateway"), "app.orders"));
        properties.remove("ctsync.destination.name");
        properties.remove("ctsync.tables");
        properties.put("ctsync.import.enabled", "true");
        properties.put("ctsync.pipelines.dwh.destination.name", "dwh");
        properties.put("ctsync.pipelines.dwh.tables", "app.orders");
        properties.put("ctsync.pipelines.crm.destination.name", "crm");
        properties.put("ctsync.pipelines.crm.tables", "app.customers");
        properties.put("ctsync.pipelines.crm.table.app.customers.target", "app.clients");
        properties.put("ctsync.pipelines.crm.table.app.customers.constant.region", "north");
        properties.put("ctsync.pipelines.crm.table.app.customers.exclude-columns", "secret");
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        ctsync.once();
        source.execute("UPDATE app.customers SET secret = 'not carried' WHERE id = 1", "UPDATE app.customers SET name = 'Bobby' WHERE id = 2");
        target.execute("UPDATE app.orders SET note = 'corrupt' WHERE id = 1");

        CtsyncRun.Result result = ctsync.run("--verify");

        assertThat(result.stdout()).isEqualTo(String.join("\n",
                "pipeline shop.erp.crm:",
                "app.customers -> app.clients: source 2 rows, target 2 rows: equal, 1 in flight",
                "  in flight: id=2",
                "pipeline shop.erp.dwh:",
                "app.orders: source 1 rows, target 1 rows: 0 missing, 0 extra, 1 different",
                "  different: id=1",
                "verify: 1 of 2 tables of 2 pipelines differ: 0 missing, 0 extra, 1 different (1 in flight)", ""));
        assertThat(result.exitCode()).isEqualTo(3);

        target.execute("UPDATE app.orders SET note = 'one' WHERE id = 1");
        assertThat(ctsync.run("--verify").exitCode()).isZero();
    }

    @Test
    void aBadConfigurationExitsTwoAndADatabaseDownOneEachWithOneLine() throws Exception {
        TestDatabase source = databases.open("postgresql");
        TestDatabase target = databases.open("postgresql");
        createOrders(source, target);
        CtsyncRun ctsync = pipeline(source, target, "app.missing");

        CtsyncRun.Result refused = ctsync.run("--verify");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).isEqualTo("ctsync: ctsync.tables: table app.missing does not exist in the source (names are"
                + " case-sensitive) (fix: check the schema and table name, or remove it from ctsync.tables)\n");
        assertThat(refused.stdout()).isEmpty();

        ctsync.set("ctsync.tables", "app.orders").set("ctsync.target.url", "jdbc:postgresql://127.0.0.1:1/nothing");
        CtsyncRun.Result down = ctsync.run("--verify");

        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.stderr()).startsWith("ctsync: ctsync.target.url: cannot connect to ").hasLineCount(1);

        assertThat(ctsync.run("--verify", "--once").exitCode()).as("--verify alone").isEqualTo(2);
    }

    /** Everything --verify could write: the source's rows and tracking, the target's rows and import log, the state file, the gateway. */
    private record ReadOnly(List<List<Object>> source, List<List<Object>> tracking, List<List<Object>> target, List<List<Object>> importLog,
                            byte[] state, List<String> gateway) {

        static ReadOnly of(TestDatabase source, TestDatabase target, Path dir) throws Exception {
            try (Stream<Path> files = Files.list(dir.resolve("gateway"))) {
                return new ReadOnly(source.query("SELECT * FROM app.orders ORDER BY id"),
                        source.query("SELECT * FROM ctsync.\"app.orders\" ORDER BY id"),
                        target.query("SELECT * FROM app.orders ORDER BY id"),
                        target.query("SELECT * FROM ctsync_import_log ORDER BY sequence"),
                        Files.readAllBytes(dir.resolve("state.mv.db")),
                        files.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ReadOnly o && source.equals(o.source) && tracking.equals(o.tracking) && target.equals(o.target)
                    && importLog.equals(o.importLog) && java.util.Arrays.equals(state, o.state) && gateway.equals(o.gateway);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(source, tracking, target, importLog, java.util.Arrays.hashCode(state), gateway);
        }
    }
}
