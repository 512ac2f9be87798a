package io.ctsync.importing;

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
 * {@code deletes=history} end to end through the real command line, on PostgreSQL (bulk path with
 * {@code bulk-rows} 1, row path) and H2 (row path): the open versions
 * equal the source, one per live key; each key's versions chain exactly, every boundary being a
 * content's createdAt; a deleted key's last version is closed; a full reload opens versions only
 * where values changed; presence reads the open version; a content that fails half-way leaves no
 * version behind.
 */
@Tag("postgres")
class HistoryTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private ImportFixture db;

    @ParameterizedTest(name = "{0}, bulk-rows {1}")
    @CsvSource({"postgresql, 1", "postgresql, 1000000", "h2, 1000000"})
    void oneOpenVersionPerLiveKeyEqualToTheSourceAndClosedVersionsChainingExactly(String kind, String bulkRows) throws Exception {
        CtsyncRun ctsync = historyTarget(kind, bulkRows);
        db.insert(db.source, "north", 1, 5, 1);
        ctsync.once();
        Instant t1 = createdAt(1);
        assertThat(open()).isEqualTo(rows(db.source));
        assertThat(versions()).hasSize(5).allSatisfy((key, chain) -> assertThat(chain).containsExactly(new Version(t1, null)));

        db.source.execute("UPDATE app.items SET txt = 'changed' WHERE id <= 2", "DELETE FROM app.items WHERE id = 5");
        db.insert(db.source, "east", 1, 1, 2);
        ctsync.once();
        Instant t2 = createdAt(2);
        assertThat(open()).isEqualTo(rows(db.source));
        Map<String, List<Version>> versions = versions();
        assertThat(versions.get("north 1")).containsExactly(new Version(t1, t2), new Version(t2, null));
        assertThat(versions.get("north 3")).containsExactly(new Version(t1, null));
        assertThat(versions.get("north 5")).containsExactly(new Version(t1, t2));
        assertThat(versions.get("east 1")).containsExactly(new Version(t2, null));
        // the closed version keeps the values it had
        assertThat(db.target.query("SELECT txt FROM app.items WHERE id = 1 AND region = 'north' ORDER BY valid_from"))
                .extracting(row -> row.get(0)).containsExactly("It's ünïcødé ✓ v1", "changed");

        db.source.execute("INSERT INTO app.items VALUES " + db.row(db.source, "north", 5, 3));
        ctsync.once();
        Instant t3 = createdAt(3);
        assertThat(open()).isEqualTo(rows(db.source));
        assertThat(versions().get("north 5")).containsExactly(new Version(t1, t2), new Version(t3, null));
        // presence looked at the open version only: the deleted key had closed versions and no open one
        Contents.Content third = Contents.read(db.gateway, 3);
        assertThat(third.rows(ImportFixture.TABLE, "missing.json")).singleElement()
                .satisfies(row -> assertThat(row.path("primaryKey").path("id").asInt()).isEqualTo(5));
        assertThat(third.rows(ImportFixture.TABLE, "existing.json")).isEmpty();

        // a full reload: one changed row, one key gone; every other key keeps its one open version
        db.source.execute("UPDATE app.items SET n = 1 WHERE region = 'north' AND id = 3", "DELETE FROM app.items WHERE region = 'north' AND id = 4");
        ImportFixture.expireHistory(db.source);
        ctsync.once();
        Instant t4 = createdAt(4);
        assertThat(open()).isEqualTo(rows(db.source));
        Map<String, List<Version>> reloaded = versions();
        assertThat(reloaded.get("north 3")).containsExactly(new Version(t1, t4), new Version(t4, null));
        assertThat(reloaded.get("north 4")).containsExactly(new Version(t1, t4));
        assertThat(reloaded.get("north 1")).containsExactly(new Version(t1, t2), new Version(t2, null));
        assertThat(reloaded.get("north 2")).containsExactly(new Version(t1, t2), new Version(t2, null));
        assertThat(reloaded.get("north 5")).containsExactly(new Version(t1, t2), new Version(t3, null));
        assertThat(reloaded.get("east 1")).containsExactly(new Version(t2, null));
        assertThat(db.log("erp")).extracting(r -> r.get(1)).containsExactly("ok", "ok", "ok", "ok");
    }

    /** Closing versions goes before opening them; a refused write after the closes leaves every version as it was, and the content is applied once later. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"postgresql", "h2"})
    void aContentThatFailsHalfWayLeavesNoVersionAndIsAppliedOnceLater(String kind) throws Exception {
        CtsyncRun ctsync = historyTarget(kind, "1000000");
        db.insert(db.source, "north", 1, 3, 1);
        ctsync.once();
        db.target.execute("ALTER TABLE app.items ADD CONSTRAINT no_refused CHECK (txt IS NULL OR txt <> 'refused')");
        List<List<Object>> before = rows(db.target);
        db.source.execute("DELETE FROM app.items WHERE id = 3", "UPDATE app.items SET txt = 'changed' WHERE id = 1",
                "UPDATE app.items SET txt = 'refused' WHERE id = 2");

        assertThat(ctsync.run("--once").exitCode()).isEqualTo(1);
        assertThat(rows(db.target)).isEqualTo(before);

        db.target.execute("ALTER TABLE app.items DROP CONSTRAINT no_refused");
        ctsync.once();
        ctsync.once();
        Instant t1 = createdAt(1);
        Instant t2 = createdAt(2);
        assertThat(open()).isEqualTo(rows(db.source));
        assertThat(versions()).containsExactly(Map.entry("north 1", List.of(new Version(t1, t2), new Version(t2, null))),
                Map.entry("north 2", List.of(new Version(t1, t2), new Version(t2, null))), Map.entry("north 3", List.of(new Version(t1, t2))));
    }

    private CtsyncRun historyTarget(String kind, String bulkRows) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        String timestamp = "h2".equals(kind) ? "TIMESTAMP WITH TIME ZONE" : "timestamptz";
        db.target.execute("DROP TABLE app.items", "CREATE TABLE app.items (" + ImportFixture.columns(kind) + ", valid_from " + timestamp
                + " NOT NULL, valid_to " + timestamp + ", PRIMARY KEY (region, id, valid_from))");
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.table.app.items.deletes", "history").set("ctsync.import.bulk-rows", bulkRows);
        ctsync.enableTracking();
        return ctsync;
    }

    private Instant createdAt(long sequence) throws Exception {
        return Instant.parse(Contents.read(db.gateway, sequence).manifest().createdAt());
    }

    /** The open versions without their times: what the source holds. */
    private List<List<Object>> open() throws Exception {
        List<List<Object>> values = new ArrayList<>();
        rows(db.target, " WHERE valid_to IS NULL").forEach(row -> values.add(row.subList(0, row.size() - 2)));
        return values;
    }

    private record Version(Instant from, Instant to) {
    }

    /** Every key's versions in order, by "region id". */
    private Map<String, List<Version>> versions() throws Exception {
        Map<String, List<Version>> versions = new LinkedHashMap<>();
        try (var connection = db.target.connect(); var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT region, id, valid_from, valid_to FROM app.items ORDER BY region, id, valid_from")) {
            while (rs.next()) {
                OffsetDateTime to = rs.getObject(4, OffsetDateTime.class);
                versions.computeIfAbsent(rs.getString(1) + " " + rs.getInt(2), k -> new ArrayList<>())
                        .add(new Version(rs.getObject(3, OffsetDateTime.class).toInstant(), to == null ? null : to.toInstant()));
            }
        }
        return versions;
    }
}
