package io.ctsync.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.db.postgresql.PostgresType;
import io.ctsync.testing.ConsoleLog;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code wal} capture on a real PostgreSQL: what {@code --enable-tracking} creates (and that it
 * leaves the table alone), net changes per key, LSNs as versions, echo suppression, a transaction
 * open across a cycle, TRUNCATE, a dropped slot, and the refusal on another source.
 */
@Tag("postgres")
class WalCaptureTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;

    private CtsyncRun ctsync() throws Exception {
        source = databases.open("wal");
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))",
                "INSERT INTO app.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("walapp", "src", "dst", dir.resolve("state"), gateway(), "app.items"));
        CtsyncRun run = new CtsyncRun(dir, properties);
        run.enableTracking();
        return run;
    }

    /** Slots keep WAL for as long as they exist: the test's own goes now (dropping its database would take it too). */
    @AfterEach
    void dropSlots() throws Exception {
        if (source != null) {
            source.execute(DROP_SLOTS);
        }
    }

    private Path gateway() {
        return dir.resolve("gateway");
    }

    private List<String> rows(long sequence, String entry) throws Exception {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : Contents.read(gateway(), sequence).rows("app.items", entry)) {
            rows.add(row.toString());
        }
        return rows;
    }

    private long currentLsn() throws Exception {
        return ((Number) source.query("SELECT pg_current_wal_lsn() - '0/0'").get(0).get(0)).longValue();
    }

    @Test
    void enablingCreatesAPublicationAndASlotAndNoTrigger() throws Exception {
        ctsync();
        assertThat(source.query("SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = 'app.items'::regclass")).containsExactly(List.of(0L));
        assertThat(source.query("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'ctsync'"))
                .as("no tracking tables").containsExactly(List.of(0L));
        List<List<Object>> slots = source.query("SELECT slot_name, plugin FROM pg_replication_slots WHERE database = current_database()");
        assertThat(slots).hasSize(1);
        String slot = (String) slots.get(0).get(0);
        assertThat(slot).startsWith("ctsync_ctsync_test_").endsWith("_walapp_src_dst");
        assertThat(slots.get(0).get(1)).isEqualTo("pgoutput");
        assertThat(source.query("SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = '" + slot + "'"))
                .containsExactly(List.of("app.items"));
    }

    @Test
    void aWindowHoldsTheNetChangePerKeyBetweenTwoLsns() throws Exception {
        CtsyncRun ctsync = ctsync();
        ctsync.once();
        assertThat(Contents.read(gateway(), 1).table("app.items").mode()).isEqualTo("range");
        assertThat(rows(1, "inserted.json")).hasSize(3);

        long before = currentLsn();
        source.execute("INSERT INTO app.items VALUES (4, 'four')", "UPDATE app.items SET label = 'uno' WHERE id = 1",
                "UPDATE app.items SET label = 'uno!' WHERE id = 1", "DELETE FROM app.items WHERE id = 2",
                "INSERT INTO app.items VALUES (5, 'five')", "DELETE FROM app.items WHERE id = 5",
                "UPDATE app.items SET id = 30 WHERE id = 3");
        ctsync.once();
        Contents.Content delta = Contents.read(gateway(), 2);
        assertThat(delta.table("app.items").mode()).isEqualTo("delta");
        assertThat(rows(2, "inserted.json")).containsExactlyInAnyOrder("{\"id\":4,\"label\":\"four\"}", "{\"id\":30,\"label\":\"three\"}");
        assertThat(rows(2, "updated.json")).containsExactly("{\"id\":1,\"label\":\"uno!\"}");
        assertThat(rows(2, "deleted.json")).containsExactlyInAnyOrder("{\"id\":2}", "{\"id\":3}");
        assertThat(delta.table("app.items").fromVersion()).as("versions are LSNs")
                .isEqualTo(Contents.read(gateway(), 1).table("app.items").toVersion()).isLessThanOrEqualTo(before);
        assertThat(delta.table("app.items").toVersion()).isGreaterThan(before).isLessThanOrEqualTo(currentLsn());

        ctsync.once();
        assertThat(Contents.sequences(gateway())).as("nothing changed: no content").containsExactly(1L, 2L);
    }

    @Test
    void ctsyncsOwnImportTransactionsAreLeftOut() throws Exception {
        CtsyncRun ctsync = ctsync();
        ctsync.once();
        try (Connection connection = source.connect()) {
            connection.setAutoCommit(false);
            new PostgresType().target().beginWriting(connection, "ctsync");
            try (Statement statement = connection.createStatement()) {
                statement.execute("UPDATE app.items SET label = 'imported' WHERE id = 1");
            }
            connection.commit();
        }
        source.execute("UPDATE app.items SET label = 'local' WHERE id = 2");
        ctsync.once();
        assertThat(rows(2, "updated.json")).containsExactly("{\"id\":2,\"label\":\"local\"}");
    }

    /** A transaction that the cycle's snapshot does not see is kept in the slot and lands in the next window, once. */
    @Test
    void aTransactionOpenAcrossACycleLandsInTheNextWindow() throws Exception {
        CtsyncRun ctsync = ctsync();
        ctsync.once();
        try (Connection open = source.connect()) {
            open.setAutoCommit(false);
            try (Statement statement = open.createStatement()) {
                statement.execute("INSERT INTO app.items VALUES (10, 'early, committed late')");
            }
            source.execute("INSERT INTO app.items VALUES (11, 'late, committed early')");
            ctsync.once();
            assertThat(rows(2, "inserted.json")).containsExactly("{\"id\":11,\"label\":\"late, committed early\"}");
            open.commit();
        }
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L, 3L);
        assertThat(rows(3, "inserted.json")).containsExactly("{\"id\":10,\"label\":\"early, committed late\"}");
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aTruncateSendsTheTableInFull() throws Exception {
        CtsyncRun ctsync = ctsync();
        ctsync.once();
        source.execute("TRUNCATE app.items", "INSERT INTO app.items VALUES (7, 'seven')");
        ctsync.once();
        assertThat(Contents.read(gateway(), 2).table("app.items").mode()).isEqualTo("range");
        assertThat(rows(2, "inserted.json")).containsExactly("{\"id\":7,\"label\":\"seven\"}");
        source.execute("UPDATE app.items SET label = 'sieben' WHERE id = 7");
        ctsync.once();
        assertThat(Contents.read(gateway(), 3).table("app.items").mode()).isEqualTo("delta");
    }

    private static final String DROP_SLOTS =
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = current_database()";

    /**
     * A slot dropped while ctsync runs is created again by the cycle that finds it gone, which sends
     * nothing (its snapshot predates the new slot); the window after is full: no change of the gap is lost.
     */
    @Test
    void aSlotDroppedWhileRunningIsCreatedAgainAndTheTableSentInFull() throws Exception {
        CtsyncRun ctsync = ctsync();
        ctsync.once();
        source.execute("UPDATE app.items SET label = 'lost with the slot' WHERE id = 1");
        assertThat(onceLogging(ctsync, () -> source.execute(DROP_SLOTS))).contains("is gone (dropped); created it again");
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
        assertThat(source.query("SELECT COUNT(*) FROM pg_replication_slots WHERE database = current_database()"))
                .containsExactly(List.of(1L));
        source.execute("UPDATE app.items SET label = 'after the slot' WHERE id = 2");
        assertFullThenDelta(ctsync, 2);
    }

    /** A slot dropped while ctsync is stopped: the start-up check names the fix, and once it is applied the table is sent in full. */
    @Test
    void aSlotDroppedWhileStoppedIsRefusedUntilEnabledAgainAndTheTableSentInFull() throws Exception {
        CtsyncRun ctsync = ctsync();
        ctsync.once();
        source.execute(DROP_SLOTS, "UPDATE app.items SET label = 'lost with the slot' WHERE id = 1");
        CtsyncRun.Result refused = ctsync.run("--once");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).contains("does not exist (fix: run ctsync with --enable-tracking once");
        ctsync.enableTracking();
        source.execute("UPDATE app.items SET label = 'after the slot' WHERE id = 2");
        assertThat(onceLogging(ctsync, () -> { })).contains("after the last version read");
        assertFull(2);
        assertDeltaAfter(ctsync, 2);
    }

    /**
     * A slot the server invalidated because it kept more WAL than max_slot_wal_keep_size allows:
     * made so for real, the setting lowered for the seconds it takes (a reload, no restart) and
     * set back; skipped where another database of the server has a slot that it could invalidate too.
     */
    @Test
    void aSlotInvalidatedByMaxSlotWalKeepSizeIsCreatedAgainAndTheTableSentInFull() throws Exception {
        CtsyncRun ctsync = ctsync();
        ctsync.once();
        Assumptions.assumeTrue(source.query("SELECT COUNT(*) FROM pg_replication_slots WHERE database <> current_database()")
                .get(0).get(0).equals(0L), "another database of the server has a replication slot");
        try {
            source.execute("ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'", "SELECT pg_reload_conf()");
            source.execute("CREATE TABLE app.filler (id INT)");
            for (int i = 0; i < 40 && !"lost".equals(slotStatus()); i++) {
                source.execute("INSERT INTO app.filler SELECT generate_series(1, 1000)", "SELECT pg_switch_wal()", "CHECKPOINT");
            }
        } finally {
            source.execute("ALTER SYSTEM RESET max_slot_wal_keep_size", "SELECT pg_reload_conf()");
        }
        assertThat(slotStatus()).isEqualTo("lost");
        source.execute("UPDATE app.items SET label = 'lost with the slot' WHERE id = 1");
        assertThat(onceLogging(ctsync, () -> { })).contains("was invalidated (its WAL passed max_slot_wal_keep_size)");
        assertThat(slotStatus()).isNotEqualTo("lost");
        source.execute("UPDATE app.items SET label = 'after the slot' WHERE id = 2");
        assertFullThenDelta(ctsync, 2);
    }

    private String slotStatus() throws Exception {
        return (String) source.query("SELECT wal_status FROM pg_replication_slots WHERE database = current_database()").get(0).get(0);
    }

    /** Runs one cycle, {@code beforeStart} once its routes are loaded; what the console showed. */
    private static String onceLogging(CtsyncRun ctsync, SqlAction beforeStart) throws Exception {
        try (ConsoleLog console = new ConsoleLog()) {
            CtsyncRun.Result result = ctsync.run(context -> beforeStart.run(), "--once");
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            return console.text();
        }
    }

    @FunctionalInterface
    private interface SqlAction {
        void run() throws Exception;
    }

    private void assertFullThenDelta(CtsyncRun ctsync, long sequence) throws Exception {
        ctsync.once();
        assertFull(sequence);
        assertDeltaAfter(ctsync, sequence);
    }

    private void assertFull(long sequence) throws Exception {
        Contents.Content full = Contents.read(gateway(), sequence);
        assertThat(full.table("app.items").mode()).isEqualTo("range");
        assertThat(full.rows("app.items", "inserted.json")).extracting(JsonNode::toString).containsExactlyInAnyOrder(
                "{\"id\":1,\"label\":\"lost with the slot\"}", "{\"id\":2,\"label\":\"after the slot\"}",
                "{\"id\":3,\"label\":\"three\"}");
    }

    private void assertDeltaAfter(CtsyncRun ctsync, long sequence) throws Exception {
        source.execute("UPDATE app.items SET label = 'delta again' WHERE id = 3");
        ctsync.once();
        assertThat(Contents.sequences(gateway())).hasSize((int) sequence + 1);
        assertThat(Contents.read(gateway(), sequence + 1).table("app.items").mode()).isEqualTo("delta");
        assertThat(rows(sequence + 1, "updated.json")).containsExactly("{\"id\":3,\"label\":\"delta again\"}");
    }

    @Test
    void anotherSourceIsRefusedInOneLine() throws Exception {
        TestDatabase h2 = databases.open("h2");
        h2.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY)");
        Map<String, String> properties = new LinkedHashMap<>(h2.properties("source"));
        properties.putAll(Pipelines.properties("walapp", "src", "dst", dir.resolve("state"), gateway(), "app.items"));
        properties.put("ctsync.capture", "wal");
        CtsyncRun.Result result = new CtsyncRun(dir, properties).run("--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip().lines()).anyMatch(line -> line.startsWith("ctsync: ") && line.contains("ctsync.capture")
                && line.contains("PostgreSQL's write-ahead log") && line.contains("fix"));
    }
}
