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
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracked target: rows changed locally since the last import are conflicts, also when the target's
 * history of them was cleaned up, and imported rows are not exported back.
 */
@Tag("postgres")
class ConflictAndEchoTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private ImportFixture db;

    @ParameterizedTest
    @CsvSource({"postgresql, source-wins", "postgresql, target-wins", "postgresql, fail",
            "h2, source-wins", "h2, target-wins", "h2, fail"})
    void aRowChangedInTheTargetSinceTheLastImportIsHandledByThePolicy(String kind, String policy) throws Exception {
        CtsyncRun.Result result = importOverALocalChange(kind, policy, false);

        List<String> texts = texts();
        switch (policy) {
            case "source-wins" -> {
                assertThat(result.exitCode()).isZero();
                assertThat(texts).containsExactly("source", "source", "It's ünïcødé ✓ v1");
                assertThat(conflictsOfSequence2()).containsExactly(1L);
            }
            case "target-wins" -> {
                assertThat(result.exitCode()).isZero();
                assertThat(texts).containsExactly("local", "source", "It's ünïcødé ✓ v1");
            }
            default -> {
                assertThat(result.exitCode()).isEqualTo(1);
                assertThat(result.stderr()).contains("conflict on app.items key (region=north, id=1)");
                assertThat(texts).containsExactly("local", "It's ünïcødé ✓ v1", "It's ünïcødé ✓ v1");
                assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 failed");
            }
        }
    }

    /**
     * Conflict detection validates its base: when the target's change history since the last import
     * was cleaned up (its min valid version rose above the version recorded with that import), which
     * rows changed locally is unknown, and that is never read as "no conflict".
     */
    @ParameterizedTest
    @CsvSource({"postgresql, source-wins", "postgresql, target-wins", "postgresql, fail",
            "h2, source-wins", "h2, target-wins", "h2, fail"})
    void aLocalChangeWhoseHistoryWasCleanedUpIsStillNoSilentOverwrite(String kind, String policy) throws Exception {
        CtsyncRun.Result result = importOverALocalChange(kind, policy, true);

        List<String> texts = texts();
        switch (policy) {
            case "source-wins" -> {
                assertThat(result.exitCode()).isZero();
                assertThat(texts).containsExactly("source", "source", "It's ünïcødé ✓ v1");
            }
            case "target-wins" -> {
                assertThat(result.exitCode()).isZero();
                assertThat(texts).as("every key counts as changed locally").containsExactly("local", "It's ünïcødé ✓ v1", "It's ünïcødé ✓ v1");
                assertThat(conflictsOfSequence2()).containsExactly(2L);
            }
            default -> {
                assertThat(result.exitCode()).isEqualTo(1);
                assertThat(result.stderr()).contains("conflict on app.items key (region=north, id=1)", "was cleaned up");
                assertThat(texts).containsExactly("local", "It's ünïcødé ✓ v1", "It's ünïcødé ✓ v1");
                assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 failed");
            }
        }
    }

    /** Rows 1 to 3 imported into a tracked target, row 1 changed there, rows 1 and 2 changed in the source, then one more run. */
    private CtsyncRun.Result importOverALocalChange(String kind, String policy, boolean historyLost) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.insert(db.source, "north", 1, 3, 1);
        db.trackTarget();
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.import.conflict", policy);
        ctsync.enableTracking();
        ctsync.once();

        db.target.execute("UPDATE app.items SET txt = 'local' WHERE id = 1");
        if (historyLost) {
            // retention on the target drops the record of that local change and raises the min valid version
            ImportFixture.expireHistory(db.target);
        }
        db.source.execute("UPDATE app.items SET txt = 'source' WHERE id IN (1, 2)");
        return ctsync.run("--once");
    }

    private List<String> texts() throws Exception {
        return db.target.query("SELECT txt FROM app.items ORDER BY id").stream().map(r -> (String) r.get(0)).toList();
    }

    private List<Long> conflictsOfSequence2() throws Exception {
        return db.target.query("SELECT conflicts FROM ctsync_import_log WHERE sequence = 2").stream()
                .map(r -> ((Number) r.get(0)).longValue()).toList();
    }

    /** With {@code bulkRows} 1 PostgreSQL's contents take the bulk path, whose inserted rows go by COPY straight into the target. */
    @ParameterizedTest
    @CsvSource({"postgresql, 1000", "postgresql, 1", "h2, 1000"})
    void importedRowsAreNotExportedBackButLocalChangesAre(String kind, String bulkRows) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.insert(db.source, "north", 1, 3, 1);
        db.trackTarget();
        Path back = dir.resolve("back");
        CtsyncRun reverse = new CtsyncRun(java.nio.file.Files.createDirectories(dir.resolve("reverse")), db.target.properties("source"))
                .set("ctsync.application", "shop").set("ctsync.source.name", "dwh").set("ctsync.destination.name", "erp")
                .set("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("reverse/state"))
                .set("ctsync.gateway.dir", back.toString())
                .set("ctsync.tables", ImportFixture.TABLE);
        reverse.once();
        CtsyncRun forward = db.ctsync("erp").set("ctsync.import.bulk-rows", bulkRows);
        forward.enableTracking();

        forward.once();
        db.source.execute("UPDATE app.items SET txt = 'from the source' WHERE id = 2");
        db.insert(db.source, "north", 4, 5, 1);
        forward.once();
        assertThat(ImportFixture.rows(db.target)).isEqualTo(ImportFixture.rows(db.source));
        reverse.once();
        assertThat(Contents.sequences(back)).as("imported rows carry ctsync's context: nothing to send back").isEmpty();

        db.target.execute("UPDATE app.items SET txt = 'local' WHERE id = 3");
        reverse.once();
        assertThat(Contents.sequences(back)).containsExactly(1L);
        assertThat(Contents.read(back, 1).rows(ImportFixture.TABLE, "updated.json")).extracting(r -> r.get("id").asInt()).containsExactly(3);
        assertThat(Contents.read(back, 1).rows(ImportFixture.TABLE, "inserted.json")).extracting(JsonNode::toString).isEmpty();
    }
}
