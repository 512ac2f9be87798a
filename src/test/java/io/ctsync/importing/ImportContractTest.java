package io.ctsync.importing;

import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ctsync.importing.ImportFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** Export then import through the real command line and routes, on PostgreSQL and on H2: the target ends equal to the source. */
@Tag("postgres")
class ImportContractTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private ImportFixture db;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void targetEqualsSourceAfterInsertsUpdatesDeletesAndAFullReinitialisation(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.insert(db.source, "north", 1, 20, 1);
        db.insert(db.source, "south", 1, 5, 1);
        CtsyncRun ctsync = db.ctsync("erp");
        ctsync.enableTracking();

        ctsync.once();
        assertThat(rows(db.target)).hasSize(25).isEqualTo(rows(db.source));

        db.source.execute("UPDATE app.items SET txt = 'changed', n = 0.0000000001, tstz = NULL, bin = " + ImportFixture.bytes(db.source, "00ff")
                        + " WHERE id <= 3",
                "DELETE FROM app.items WHERE region = 'south' AND id > 2",
                "INSERT INTO app.items VALUES " + db.row(db.source, "east", 1, 2));
        ctsync.once();
        assertThat(rows(db.target)).hasSize(23).isEqualTo(rows(db.source));

        // a row only the target has, then a full content: it goes, everything else stays equal
        db.target.execute("INSERT INTO app.items VALUES " + db.row(db.target, "west", 9, 1));
        db.source.execute("UPDATE app.items SET flag = NULL WHERE region = 'east'");
        ImportFixture.expireHistory(db.source);
        ctsync.once();
        assertThat(rows(db.target)).hasSize(23).isEqualTo(rows(db.source));
        assertThat(db.log("erp")).extracting(r -> r.get(1)).containsExactly("ok", "ok", "ok");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aSecondSourceIsConsolidatedThroughItsConstantAndItsFullContentNeverTouchesTheOtherSourcesRows(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.target.execute("DROP TABLE app.items",
                "CREATE TABLE app.items (site VARCHAR(10) NOT NULL, " + ImportFixture.columns(kind) + ", PRIMARY KEY (site, region, id))");
        TestDatabase south = db.another(kind);
        south.execute("CREATE SCHEMA app", "CREATE TABLE app.items (" + ImportFixture.columns(kind) + ", PRIMARY KEY (region, id))");
        db.insert(db.source, "north", 1, 10, 1);
        db.insert(south, "north", 5, 12, 2);
        CtsyncRun north = db.ctsync("erp-north").set("ctsync.table.app.items.constant.site", "n");
        CtsyncRun southRun = db.ctsync("erp-south", south).set("ctsync.table.app.items.constant.site", "s");
        north.enableTracking();
        southRun.enableTracking();

        north.once();
        southRun.once();
        assertThat(siteRows("n")).isEqualTo(rows(db.source));
        assertThat(siteRows("s")).isEqualTo(rows(south));

        south.execute("DELETE FROM app.items WHERE id > 10", "UPDATE app.items SET txt = 'south' WHERE id = 5");
        db.source.execute("DELETE FROM app.items WHERE id > 8");
        ImportFixture.expireHistory(db.source);
        north.once();
        southRun.once();
        assertThat(siteRows("n")).hasSize(8).isEqualTo(rows(db.source));
        assertThat(siteRows("s")).hasSize(6).isEqualTo(rows(south));
    }

    private List<List<Object>> siteRows(String site) throws Exception {
        List<List<Object>> rows = rows(db.target, " WHERE site = '" + site + "'");
        rows.forEach(row -> row.remove(0));
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void constantColumnOutsideTheTargetKeyIsRefusedAtStartUp(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.target.execute("ALTER TABLE app.items ADD COLUMN site VARCHAR(10)");
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.table.app.items.constant.site", "n");
        ctsync.enableTracking();
        CtsyncRun.Result result = ctsync.run("--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("ctsync.table.app.items.constant.site: column 'site' is not part of the primary key");
        assertThat(rows(db.target)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aGapStopsTheImportUntilTheMissingContentArrives(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        exportFourContents();
        Path third = db.gateway.resolve("shop_erp_dwh_0000000003.zip");
        Path aside = Files.move(third, dir.resolve("aside.zip"));
        CtsyncRun importer = importer();

        importer.once();
        assertThat(db.log("erp")).containsExactly(
                Arrays.asList(1L, "ok", null), Arrays.asList(2L, "ok", null),
                Arrays.asList(4L, "blocked", "sequence 3 is missing; imported after it arrives (or set ctsync.import.ignore-sequence=true)"));
        assertThat(db.target.query("SELECT id FROM app.items ORDER BY id")).extracting(r -> ((Number) r.get(0)).intValue())
                .containsExactly(1, 2);

        Files.move(aside, third);
        importer.once();
        assertThat(db.log("erp")).extracting(r -> r.get(1)).containsExactly("ok", "ok", "ok", "ok");
        assertThat(rows(db.target)).isEqualTo(rows(db.source));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void ignoreSequenceImportsWhatIsThereInOrder(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        exportFourContents();
        Files.delete(db.gateway.resolve("shop_erp_dwh_0000000003.zip"));
        importer().set("ctsync.import.ignore-sequence", "true").once();
        assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 ok", "4 ok");
        assertThat(db.target.query("SELECT id FROM app.items ORDER BY id")).extracting(r -> ((Number) r.get(0)).intValue())
                .containsExactly(1, 2, 4);
    }

    /** Content 1 holds row 1 (full), contents 2, 3 and 4 insert rows 2, 3 and 4. */
    private void exportFourContents() throws Exception {
        db.insert(db.source, "north", 1, 1, 1);
        CtsyncRun exporter = db.ctsync("erp").set("ctsync.import.enabled", "false");
        exporter.enableTracking();
        exporter.once();
        for (int id = 2; id <= 4; id++) {
            db.insert(db.source, "north", id, id, 1);
            exporter.once();
        }
        assertThat(Contents.sequences(db.gateway)).containsExactly(1L, 2L, 3L, 4L);
    }

    private CtsyncRun importer() throws Exception {
        return db.ctsync("erp-importer").set("ctsync.source.name", "erp").set("ctsync.export.enabled", "false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aCorruptContentIsRecordedFailedAndLeavesTheTargetUntouched(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        exportFourContents();
        Path second = db.gateway.resolve("shop_erp_dwh_0000000002.zip");
        byte[] bytes = Files.readAllBytes(second);
        for (int i = 40; i < 60; i++) {
            bytes[i] ^= (byte) 0x5a;
        }
        Files.write(second, bytes);

        // the split stops at its first failed content: 1 is verified and applied; 2's manifest passes verify, and its
        // entries, checked while it is applied, fail before its transaction commits; 3 and 4 are not reached
        Map<String, MockEndpoint> reached = new HashMap<>();
        CtsyncRun.Result result = importer().run(context -> {
            AdviceWith.adviceWith(context, "import-cycle", route -> route.mockEndpoints("direct:verify", "direct:apply"));
            for (String stage : List.of("verify", "apply")) {
                reached.put(stage, context.getEndpoint("mock:direct:" + stage, MockEndpoint.class));
            }
        }, "--once");
        reached.get("verify").expectedMessageCount(2);
        reached.get("apply").expectedMessageCount(2);
        MockEndpoint.assertIsSatisfied(reached.values().toArray(MockEndpoint[]::new));
        assertThat(reached.get("verify").getReceivedExchanges()).extracting(e -> e.getMessage().getBody(ContentImport.class).name.sequence())
                .containsExactly(1L, 2L);
        assertThat(reached.get("apply").getReceivedExchanges()).extracting(e -> e.getMessage().getBody(ContentImport.class).name.sequence())
                .containsExactly(1L, 2L);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("shop_erp_dwh_0000000002.zip was not imported: corrupt content");
        assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 failed");
        assertThat(db.log("erp").get(1).get(2).toString()).startsWith("corrupt content: ");
        assertThat(db.target.query("SELECT id FROM app.items")).extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aFailureBetweenApplyAndCommitLeavesTheTargetAsBeforeAndRunningAgainAppliesNothingTwice(String kind) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.insert(db.source, "north", 1, 10, 1);
        CtsyncRun ctsync = db.ctsync("erp");
        ctsync.enableTracking();
        ctsync.once();
        List<List<Object>> before = rows(db.target);

        // the import log's row is the last write before the commit: refusing it fails the transaction after every row was applied
        db.target.execute("ALTER TABLE ctsync_import_log ADD CONSTRAINT crash_at_2 CHECK (status <> 'ok' OR sequence <> 2)");
        db.source.execute("UPDATE app.items SET txt = 'two' WHERE id <= 5", "DELETE FROM app.items WHERE id = 10");
        assertThat(ctsync.run("--once").exitCode()).isEqualTo(1);
        assertThat(rows(db.target)).isEqualTo(before);
        assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 failed");

        db.target.execute("ALTER TABLE ctsync_import_log DROP CONSTRAINT crash_at_2");
        ctsync.once();
        assertThat(rows(db.target)).isEqualTo(rows(db.source));
        List<List<Object>> log = db.target.query("SELECT sequence, status, inserted, updated, deleted, imported_at FROM ctsync_import_log ORDER BY sequence");
        assertThat(log).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(3) + " " + r.get(4)).containsExactly("1 ok 0 0", "2 ok 5 1");

        ctsync.once();
        assertThat(db.target.query("SELECT sequence, status, inserted, updated, deleted, imported_at FROM ctsync_import_log ORDER BY sequence"))
                .isEqualTo(log);
        assertThat(rows(db.target)).isEqualTo(rows(db.source));
    }
}
