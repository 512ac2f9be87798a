package io.ctsync.importing;

import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ctsync.importing.ImportFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** The parts of one export cycle are imported in one transaction: all of them, or none. */
@Tag("postgres")
class MultiPartImportTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private ImportFixture db;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aFailureInTheLastPartLeavesNoRowOfTheEarlierPartsAndTheNextRunImportsThemAllTogether(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.insert(db.source, "north", 1, 2, 1);
        CtsyncRun exporter = db.ctsync("erp").set("ctsync.import.enabled", "false");
        exporter.enableTracking();
        exporter.once();
        CtsyncRun importer = db.ctsync("erp-importer").set("ctsync.source.name", "erp").set("ctsync.export.enabled", "false");
        importer.once();
        db.source.execute("DELETE FROM app.items WHERE id = 1");
        db.insert(db.source, "north", 3, 7, 1);
        exporter.set("ctsync.export.max-rows-per-file", "2").once();
        assertThat(Contents.sequences(db.gateway)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(Contents.read(db.gateway, 4).manifest().parts()).isEqualTo(3);

        // the import log's row of part 3 is the last write of the unit: refusing it fails the unit after parts 1 and 2 were applied
        db.target.execute("ALTER TABLE ctsync_import_log ADD CONSTRAINT crash_at_4 CHECK (status <> 'ok' OR sequence <> 4)");
        assertThat(importer.run("--once").exitCode()).isEqualTo(1);
        assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 failed", "3 failed", "4 failed");
        assertThat(db.target.query("SELECT id FROM app.items ORDER BY id")).extracting(r -> ((Number) r.get(0)).intValue())
                .as("nothing of parts 1 and 2 stayed").containsExactly(1, 2);

        db.target.execute("ALTER TABLE ctsync_import_log DROP CONSTRAINT crash_at_4");
        importer.once();
        assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 ok", "3 ok", "4 ok");
        assertThat(db.target.query("SELECT sequence, inserted + updated + deleted FROM ctsync_import_log ORDER BY sequence"))
                .extracting(r -> ((Number) r.get(0)).longValue() + ":" + ((Number) r.get(1)).longValue())
                .containsExactly("1:2", "2:2", "3:2", "4:2");
        assertThat(rows(db.target)).isEqualTo(rows(db.source));
        assertThat(rows(db.target)).extracting(r -> ((Number) r.get(1)).intValue()).containsExactly(2, 3, 4, 5, 6, 7);
    }

    /**
     * A full load of a table arrives as three chunk contents (a chunk is one content, never more
     * rows than max-rows-per-file): each removes the target's rows of its own key range only, so
     * the earlier chunks' rows stay, and the target's rows the source does not hold are gone once
     * the last, open-ended chunk is in.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aFullLoadInThreeChunksArrivesWholeAndOnlyTheSourcesRowsStay(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.insert(db.source, "north", 1, 6, 2);
        db.insert(db.target, "east", 1, 1, 1);
        db.insert(db.target, "north", 1, 2, 1);
        db.insert(db.target, "north", 90, 91, 1);
        db.insert(db.target, "south", 1, 1, 1);
        CtsyncRun exporter = db.ctsync("erp").set("ctsync.import.enabled", "false").set("ctsync.export.max-rows-per-file", "2");
        exporter.enableTracking();
        exporter.once();
        assertThat(Contents.sequences(db.gateway)).containsExactly(1L, 2L, 3L);
        List<Manifest.Table> chunks = new ArrayList<>();
        for (long sequence = 1; sequence <= 3; sequence++) {
            chunks.add(Contents.read(db.gateway, sequence).manifest().tables().get(0));
        }
        assertThat(chunks).extracting(t -> t.mode() + " " + t.from() + ".." + t.to())
                .containsExactly("range null..{\"region\":\"north\",\"id\":2}",
                        "range {\"region\":\"north\",\"id\":2}..{\"region\":\"north\",\"id\":4}",
                        "range {\"region\":\"north\",\"id\":4}..null");

        CtsyncRun importer = db.ctsync("erp-importer").set("ctsync.source.name", "erp").set("ctsync.export.enabled", "false");
        importer.once();
        assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 ok", "3 ok");
        assertThat(rows(db.target)).extracting(r -> r.get(0) + ":" + ((Number) r.get(1)).intValue())
                .containsExactly("north:1", "north:2", "north:3", "north:4", "north:5", "north:6");
        assertThat(rows(db.target)).isEqualTo(rows(db.source));
    }
}
