package io.ctsync.importing;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ctsync.importing.ImportFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deletes=soft} end to end through the real command line, on PostgreSQL (bulk path and row
 * path) and H2 (row path): every row the target ever received stays with its last values; a
 * delete sets {@code ctsync_deleted_at} to the content's createdAt, a re-insert clears it, a full
 * reload marks the keys the source no longer holds and leaves earlier deletion times alone, and a
 * content that fails half-way leaves every row as it was. Presence finds a kept row ({@code existing.json}).
 */
@Tag("postgres")
class SoftDeletesTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private ImportFixture db;

    @ParameterizedTest(name = "{0}, bulk-rows {1}")
    @CsvSource({"postgresql, 1", "postgresql, 1000000", "h2, 1000000"})
    void everyRowEverSeenIsKeptWithItsValuesAndItsDeletionTimeSetAndCleared(String kind, String bulkRows) throws Exception {
        CtsyncRun ctsync = softTarget(kind, bulkRows);
        db.insert(db.source, "north", 1, 10, 1);
        ctsync.once();
        assertThat(live()).isEqualTo(rows(db.source));
        assertThat(deletedAt()).hasSize(10).allSatisfy((key, at) -> assertThat(at).isNull());

        Map<Integer, List<Object>> beforeDelete = byId(rows(db.target));
        db.source.execute("UPDATE app.items SET txt = 'changed' WHERE id <= 3", "DELETE FROM app.items WHERE id >= 8");
        db.insert(db.source, "east", 1, 1, 2);
        Instant before = Instant.now().minusSeconds(1);
        ctsync.once();
        Instant after = Instant.now().plusSeconds(1);
        Map<String, OffsetDateTime> deleted = deletedAt();
        assertThat(live()).isEqualTo(rows(db.source));
        assertThat(deleted).hasSize(11);
        assertThat(marked(deleted)).containsExactlyInAnyOrder("north 8", "north 9", "north 10");
        OffsetDateTime deletionTime = deleted.get("north 8");
        assertThat(deletionTime.toInstant()).isBetween(before, after)
                .isEqualTo(Instant.parse(Contents.read(db.gateway, 2).manifest().createdAt()));
        assertThat(deleted.get("north 9")).isEqualTo(deletionTime);
        // the deleted rows keep the values they had when they were deleted
        Map<Integer, List<Object>> kept = byId(rows(db.target, " WHERE ctsync_deleted_at IS NOT NULL"));
        for (int id = 8; id <= 10; id++) {
            assertThat(kept.get(id)).isEqualTo(beforeDelete.get(id));
        }

        // a re-insert clears the deletion time and writes the new values
        db.source.execute("INSERT INTO app.items VALUES " + db.row(db.source, "north", 9, 5));
        ctsync.once();
        // presence found the kept row: the key exists in the target, marked deleted
        List<JsonNode> existing = Contents.read(db.gateway, 3).rows(ImportFixture.TABLE, "existing.json");
        assertThat(existing).singleElement().satisfies(row -> {
            assertThat(row.path("changeOperation").asText()).isEqualTo("I");
            assertThat(row.path("primaryKey").path("id").asInt()).isEqualTo(9);
            assertThat(OffsetDateTime.parse(row.path("target").path("ctsync_deleted_at").asText()).toInstant()).isEqualTo(deletionTime.toInstant());
        });
        assertThat(Contents.read(db.gateway, 3).rows(ImportFixture.TABLE, "missing.json")).isEmpty();
        assertThat(live()).isEqualTo(rows(db.source));
        assertThat(marked(deletedAt())).containsExactlyInAnyOrder("north 8", "north 10");

        // a full reload: the key the source lost is marked at the reload's time, earlier deletions keep theirs
        db.source.execute("DELETE FROM app.items WHERE region = 'north' AND id = 1");
        ImportFixture.expireHistory(db.source);
        ctsync.once();
        assertThat(live()).isEqualTo(rows(db.source));
        Map<String, OffsetDateTime> afterReload = deletedAt();
        assertThat(afterReload).hasSize(11);
        assertThat(marked(afterReload)).containsExactlyInAnyOrder("north 1", "north 8", "north 10");
        assertThat(afterReload.get("north 8")).isEqualTo(deletionTime);
        assertThat(afterReload.get("north 1")).isAfter(deletionTime);
        assertThat(db.log("erp")).extracting(r -> r.get(1)).containsExactly("ok", "ok", "ok", "ok");
    }

    /**
     * The deletes of a content go before its upserts; an upsert the target refuses (a CHECK only
     * the target has) fails the content after its soft deletes ran, and none of them stays. Once
     * the target takes it, the content is applied once: the same deletion time, the same rows.
     */
    @ParameterizedTest(name = "{0}, bulk-rows {1}")
    @CsvSource({"postgresql, 1", "postgresql, 1000000", "h2, 1000000"})
    void aContentThatFailsHalfWayLeavesNothingAndIsAppliedOnceLater(String kind, String bulkRows) throws Exception {
        CtsyncRun ctsync = softTarget(kind, bulkRows);
        db.insert(db.source, "north", 1, 5, 1);
        ctsync.once();
        db.target.execute("ALTER TABLE app.items ADD CONSTRAINT no_refused CHECK (txt IS NULL OR txt <> 'refused')");
        List<List<Object>> before = rows(db.target);
        db.source.execute("DELETE FROM app.items WHERE id IN (4, 5)", "UPDATE app.items SET txt = 'refused' WHERE id = 1");

        assertThat(ctsync.run("--once").exitCode()).isEqualTo(1);
        assertThat(rows(db.target)).isEqualTo(before);
        assertThat(db.log("erp")).extracting(r -> r.get(1)).containsExactly("ok", "failed");

        db.target.execute("ALTER TABLE app.items DROP CONSTRAINT no_refused");
        ctsync.once();
        ctsync.once();
        assertThat(live()).isEqualTo(rows(db.source));
        assertThat(marked(deletedAt())).containsExactlyInAnyOrder("north 4", "north 5");
        assertThat(db.target.query("SELECT COUNT(*) FROM ctsync_import_log WHERE status = 'ok'")).containsExactly(List.of(2L));
    }

    private CtsyncRun softTarget(String kind, String bulkRows) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.target.execute("ALTER TABLE app.items ADD COLUMN ctsync_deleted_at " + ("h2".equals(kind) ? "TIMESTAMP WITH TIME ZONE" : "timestamptz"));
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.table.app.items.deletes", "soft").set("ctsync.import.bulk-rows", bulkRows);
        ctsync.enableTracking();
        return ctsync;
    }

    /** The target rows not marked deleted, without the deletion column: what the source holds. */
    private List<List<Object>> live() throws Exception {
        return withoutDeletion(rows(db.target, " WHERE ctsync_deleted_at IS NULL"));
    }

    private static List<List<Object>> withoutDeletion(List<List<Object>> rows) {
        List<List<Object>> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.subList(0, row.size() - 1)));
        return values;
    }

    /** Every target row's deletion time by "region id". */
    private Map<String, OffsetDateTime> deletedAt() throws Exception {
        Map<String, OffsetDateTime> deleted = new LinkedHashMap<>();
        try (var connection = db.target.connect(); var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT region, id, ctsync_deleted_at FROM app.items ORDER BY region, id")) {
            while (rs.next()) {
                deleted.put(rs.getString(1) + " " + rs.getInt(2), rs.getObject(3, OffsetDateTime.class));
            }
        }
        return deleted;
    }

    /** The keys marked deleted. */
    private static List<String> marked(Map<String, OffsetDateTime> deletedAt) {
        return deletedAt.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
    }

    private static Map<Integer, List<Object>> byId(List<List<Object>> rows) {
        Map<Integer, List<Object>> byId = new LinkedHashMap<>();
        rows.stream().filter(row -> "north".equals(row.get(0))).forEach(row -> byId.put(((Number) row.get(1)).intValue(), row.subList(0, row.size() - 1)));
        return byId;
    }

}
