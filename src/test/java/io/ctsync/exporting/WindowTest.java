package io.ctsync.exporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.capture.TrackingInstaller;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.db.register.DataSources;
import io.ctsync.config.Settings;
import io.ctsync.db.Query;
import io.ctsync.db.installed.TrackingTables;
import io.ctsync.config.TableName;
import io.ctsync.packaging.ContentName;
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
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Which changes a window holds: stale history, splitting into parts, echo suppression, writers that commit out of order. */
@Tag("postgres")
class WindowTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;

    private CtsyncRun ctsync(String kind) throws Exception {
        source = databases.open(kind);
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))",
                "INSERT INTO app.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        CtsyncRun run = new CtsyncRun(dir, properties());
        run.enableTracking();
        return run;
    }

    private Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("win", "src", "dst", dir.resolve("state"), gateway(), "app.items"));
        return properties;
    }

    private Path gateway() {
        return dir.resolve("gateway");
    }

    private List<String> allRows(String entry) throws Exception {
        List<String> rows = new ArrayList<>();
        for (ContentName name : Contents.published(gateway())) {
            for (JsonNode row : Contents.read(gateway().resolve(name.fileName())).rows("app.items", entry)) {
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void historyLostToRetentionGivesAFullContent(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        ctsync.once();
        long firstTo = Contents.read(gateway(), 1).table("app.items").toVersion();

        source.execute("UPDATE app.items SET label = 'uno' WHERE id = 1", "DELETE FROM app.items WHERE id = 3");
        try (var sourceDb = DataSources.open(CtsyncConfig.from(Settings.of(properties())).source(), 1)) {
            new TrackingInstaller(sourceDb, CtsyncConfig.from(Settings.of(properties())).tables(), Duration.ZERO)
                    .cleanup(Instant.now().plusSeconds(60));
        }
        ctsync.once();
        Contents.Content full = Contents.read(gateway(), 2);
        Manifest.Table table = full.table("app.items");
        assertThat(table.mode()).isEqualTo("range");
        assertThat(table.fromVersion()).isEqualTo(firstTo);
        assertThat(table.entries()).extracting(Manifest.Entry::name).containsExactly("app.items/inserted.json");
        assertThat(full.rows("app.items", "inserted.json")).extracting(JsonNode::toString)
                .containsExactlyInAnyOrder("{\"id\":1,\"label\":\"uno\"}", "{\"id\":2,\"label\":\"two\"}");

        source.execute("UPDATE app.items SET label = 'dos' WHERE id = 2");
        ctsync.once();
        assertThat(Contents.read(gateway(), 3).table("app.items").mode()).isEqualTo("delta");
    }

    /**
     * A retention of one day, as {@code ctsync.tracking.retention=P1D} applies it: a change made two
     * days ago (its time set back) is dropped and raises the min valid version, a change of now is
     * kept, and the next window, which starts after the dropped change, is a delta holding the kept
     * one. A retention that dropped all history would make that window stale and full.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aRetentionDropsOnlyTheHistoryOlderThanItAndTheNextContentIsADelta(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        ctsync.once();
        String tracking = TrackingTables.trackingTable(new TableName("app", "items"));
        source.execute("UPDATE app.items SET label = 'uno' WHERE id = 1",
                "UPDATE " + tracking + " SET ctsync_changed_at = ctsync_changed_at - INTERVAL '2' DAY");
        ctsync.once();
        assertThat(Contents.read(gateway(), 2).table("app.items").mode()).isEqualTo("delta");
        source.execute("UPDATE app.items SET label = 'dos' WHERE id = 2");

        CtsyncConfig config = CtsyncConfig.from(Settings.of(properties()));
        try (var sourceDb = DataSources.open(config.source(), 1)) {
            new TrackingInstaller(sourceDb, config.tables(), Duration.ofDays(1)).applyRetention();
        }
        assertThat(source.query("SELECT COUNT(*) FROM " + tracking)).as("the history kept")
                .extracting(row -> ((Number) row.get(0)).longValue()).containsExactly(1L);
        ctsync.once();
        Contents.Content third = Contents.read(gateway(), 3);
        assertThat(third.table("app.items").mode()).isEqualTo("delta");
        assertThat(third.rows("app.items", "updated.json")).extracting(JsonNode::toString).containsExactly("{\"id\":2,\"label\":\"dos\"}");
    }

    /**
     * A transaction elsewhere on the server that took its id before the expired changes and is
     * still open when the full content's snapshot is taken holds that snapshot's xmin below the
     * min valid version; the cleanup had committed before the snapshot, so nothing the next
     * window needs is gone, and it is a delta.
     */
    @Test
    void anUnrelatedTransactionOpenAcrossTheCleanupDoesNotMakeTheWindowAfterTheFullContentStale() throws Exception {
        CtsyncRun ctsync = ctsync("postgresql");
        ctsync.once();
        try (Connection unrelated = source.connect()) {
            unrelated.setAutoCommit(false);
            long unrelatedId = Query.number(unrelated, "SELECT txid_current()");
            source.execute("UPDATE app.items SET label = 'uno' WHERE id = 1");
            try (var sourceDb = DataSources.open(CtsyncConfig.from(Settings.of(properties())).source(), 1)) {
                new TrackingInstaller(sourceDb, CtsyncConfig.from(Settings.of(properties())).tables(), Duration.ZERO)
                        .cleanup(Instant.now().plusSeconds(60));
            }
            ctsync.once();
            assertThat(Contents.read(gateway(), 2).table("app.items").mode()).isEqualTo("range");
            assertThat(((Number) source.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint").get(0).get(0)).longValue())
                    .as("the open transaction holds the xmin of every snapshot").isLessThanOrEqualTo(unrelatedId);
            unrelated.commit();
        }
        source.execute("UPDATE app.items SET label = 'dos' WHERE id = 2");
        ctsync.once();
        Contents.Content delta = Contents.read(gateway(), 3);
        assertThat(delta.table("app.items").mode()).isEqualTo("delta");
        assertThat(delta.rows("app.items", "updated.json")).extracting(JsonNode::toString).containsExactly("{\"id\":2,\"label\":\"dos\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void aSourceDatabaseThatIsNoLongerTheOneLastReadGivesAFullContent(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        ctsync.once();
        String identity;
        try (Connection connection = source.connect()) {
            identity = io.ctsync.db.register.DatabaseTypeRegister.of(connection).source().databaseIdentity(connection);
        }
        assertThat(recordedSourceIdentity()).isEqualTo(identity);

        // as if the state had last read another database, one that this one replaced from a backup
        setRecordedSourceIdentity("another database");
        source.execute("UPDATE app.items SET label = 'uno' WHERE id = 1");
        ctsync.once();
        Contents.Content full = Contents.read(gateway(), 2);
        assertThat(full.table("app.items").mode()).isEqualTo("range");
        assertThat(full.rows("app.items", "inserted.json")).extracting(JsonNode::toString)
                .containsExactlyInAnyOrder("{\"id\":1,\"label\":\"uno\"}", "{\"id\":2,\"label\":\"two\"}", "{\"id\":3,\"label\":\"three\"}");
        assertThat(recordedSourceIdentity()).isEqualTo(identity);

        source.execute("UPDATE app.items SET label = 'dos' WHERE id = 2");
        ctsync.once();
        assertThat(Contents.read(gateway(), 3).table("app.items").mode()).isEqualTo("delta");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void aStateFromBeforeSourceIdentitiesRecordsOneWithoutAFullContent(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        ctsync.once();
        String identity = recordedSourceIdentity();
        setRecordedSourceIdentity(null);
        source.execute("UPDATE app.items SET label = 'uno' WHERE id = 1");
        ctsync.once();
        assertThat(Contents.read(gateway(), 2).table("app.items").mode()).isEqualTo("delta");
        assertThat(recordedSourceIdentity()).isEqualTo(identity);
    }

    private String recordedSourceIdentity() throws Exception {
        try (Connection state = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("state"));
             Statement statement = state.createStatement();
             java.sql.ResultSet rs = statement.executeQuery("SELECT source_identity FROM ctsync_export_pipeline")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void setRecordedSourceIdentity(String identity) throws Exception {
        try (Connection state = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("state"));
             java.sql.PreparedStatement update = state.prepareStatement("UPDATE ctsync_export_pipeline SET source_identity = ?")) {
            update.setString(1, identity);
            update.executeUpdate();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void aBigCycleIsSplitIntoNumberedParts(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        ctsync.once();
        source.execute("INSERT INTO app.items VALUES (4, 'four'), (5, 'five')", "UPDATE app.items SET label = 'TWO' WHERE id = 2",
                "DELETE FROM app.items WHERE id IN (1, 3)");
        ctsync.set("ctsync.export.max-rows-per-file", "2").once();

        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L, 3L, 4L);
        long rows = 0;
        for (long sequence = 2; sequence <= 4; sequence++) {
            Manifest manifest = Contents.read(gateway(), sequence).manifest();
            assertThat(manifest.part()).isEqualTo((int) sequence - 1);
            assertThat(manifest.parts()).isEqualTo(3);
            Manifest.Counts counts = manifest.tables().get(0).counts();
            long partRows = counts.inserted() + counts.updated() + counts.deleted();
            assertThat(partRows).as("rows of part " + manifest.part()).isEqualTo(sequence < 4 ? 2L : 1L);
            rows += partRows;
        }
        assertThat(rows).isEqualTo(5);
        assertThat(allRows("updated.json")).containsExactly("{\"id\":2,\"label\":\"TWO\"}");
        assertThat(allRows("deleted.json")).containsExactlyInAnyOrder("{\"id\":1}", "{\"id\":3}");
        assertThat(allRows("inserted.json")).as("content 1 (full) then the parts").containsExactlyInAnyOrder(
                "{\"id\":1,\"label\":\"one\"}", "{\"id\":2,\"label\":\"two\"}", "{\"id\":3,\"label\":\"three\"}", "{\"id\":4,\"label\":\"four\"}", "{\"id\":5,\"label\":\"five\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void changesWrittenUnderCtsyncsOwnContextAreNotExported(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        ctsync.once();
        try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            // as the importer marks its transactions: the setting that triggers read, and the message in the write-ahead log
            io.ctsync.db.register.DatabaseTypeRegister.of(connection).target().beginWriting(connection, "ctsync");
            statement.execute("UPDATE app.items SET label = 'imported' WHERE id = 1");
            connection.commit();
            if (!source.isPostgres()) {
                statement.execute("SET @ctsync_context = NULL");
            }
            statement.execute("UPDATE app.items SET label = 'local' WHERE id = 2");
            connection.commit();
        }
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L);
        assertThat(Contents.read(gateway(), 2).rows("app.items", "updated.json")).extracting(JsonNode::toString)
                .containsExactly("{\"id\":2,\"label\":\"local\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void updatingAKeyDeletesTheOldKeyAndInsertsTheNewOne(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        ctsync.once();
        source.execute("UPDATE app.items SET id = 10, label = 'ten' WHERE id = 1", "UPDATE app.items SET label = 'deux' WHERE id = 2");
        ctsync.once();
        Contents.Content delta = Contents.read(gateway(), 2);
        assertThat(delta.table("app.items").counts()).isEqualTo(new Manifest.Counts(1, 1, 1, 0, 0));
        assertThat(delta.rows("app.items", "inserted.json")).extracting(JsonNode::toString).containsExactly("{\"id\":10,\"label\":\"ten\"}");
        assertThat(delta.rows("app.items", "updated.json")).extracting(JsonNode::toString).containsExactly("{\"id\":2,\"label\":\"deux\"}");
        assertThat(delta.rows("app.items", "deleted.json")).extracting(JsonNode::toString).containsExactly("{\"id\":1}");
    }

    /** PostgreSQL: a transaction with a lower id (or an earlier first change in the WAL) that commits after the cycle read must land in the next cycle. */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal"})
    void aWriterThatCommitsAfterTheReadIsNotLost(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        ctsync.once();
        try (Connection early = source.connect(); Connection late = source.connect()) {
            early.setAutoCommit(false);
            late.setAutoCommit(false);
            try (Statement statement = early.createStatement()) {
                statement.execute("UPDATE app.items SET label = 'early' WHERE id = 1");
            }
            try (Statement statement = late.createStatement()) {
                statement.execute("UPDATE app.items SET label = 'late' WHERE id = 2");
            }
            late.commit();
            ctsync.once(); // the early writer is still open: its change must not be skipped for good
            early.commit();
        }
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L, 3L);
        assertThat(Contents.read(gateway(), 2).rows("app.items", "updated.json")).extracting(JsonNode::toString)
                .as("the late writer, committed before the read, is not held back by the open early one")
                .containsExactly("{\"id\":2,\"label\":\"late\"}");
        assertThat(Contents.read(gateway(), 3).rows("app.items", "updated.json")).extracting(JsonNode::toString)
                .as("the early writer, with the lower transaction id, lands in the next window")
                .containsExactly("{\"id\":1,\"label\":\"early\"}");
    }

    /** PostgreSQL: transaction ids are server-wide, yet a writer that stays open elsewhere holds back nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal"})
    void aLongTransactionElsewhereDelaysNothing(String kind) throws Exception {
        CtsyncRun ctsync = ctsync(kind);
        ctsync.once();
        try (Connection elsewhere = source.connect(); Statement statement = elsewhere.createStatement()) {
            elsewhere.setAutoCommit(false);
            statement.execute("CREATE TABLE app.batch_job (x INT)");
            statement.execute("INSERT INTO app.batch_job VALUES (1)");
            source.execute("UPDATE app.items SET label = 'now' WHERE id = 1");
            ctsync.once();
            elsewhere.rollback();
        }
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L);
        assertThat(Contents.read(gateway(), 2).rows("app.items", "updated.json")).extracting(JsonNode::toString)
                .containsExactly("{\"id\":1,\"label\":\"now\"}");
    }

    /** Returns once another session waits on a lock that {@code writer} holds; fails after a safety timeout of 30 s. */
    private void awaitSessionBlockedBy(Connection writer) throws Exception {
        long writerSession;
        try (Statement statement = writer.createStatement(); java.sql.ResultSet rs = statement.executeQuery("SELECT SESSION_ID()")) {
            rs.next();
            writerSession = rs.getLong(1);
        }
        try (Connection observer = source.connect();
             java.sql.PreparedStatement blocked = observer.prepareStatement(
                     "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = ?")) {
            blocked.setLong(1, writerSession);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try (java.sql.ResultSet rs = blocked.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                assertThat(System.nanoTime()).as("no session came to wait for the open writer within 30 s").isLessThan(deadline);
                Thread.sleep(20); // polling interval, not a verdict
            }
        }
    }

    /** H2: the cycle waits on the tracking clock for open writers, then sees their changes. */
    @Test
    void h2CycleWaitsForOpenWritersInsteadOfSkippingThem() throws Exception {
        CtsyncRun ctsync = ctsync("h2");
        ctsync.once();
        CompletableFuture<Void> cycle;
        try (Connection writer = source.connect(); Statement statement = writer.createStatement()) {
            writer.setAutoCommit(false);
            statement.execute("UPDATE app.items SET label = 'slow' WHERE id = 3");
            cycle = CompletableFuture.runAsync(() -> {
                try {
                    ctsync.once();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitSessionBlockedBy(writer);
            assertThat(cycle).as("the cycle waits while the writer is open").isNotDone();
            writer.commit();
        }
        cycle.get(30, TimeUnit.SECONDS);
        assertThat(allRows("updated.json")).containsExactly("{\"id\":3,\"label\":\"slow\"}");
    }
}
