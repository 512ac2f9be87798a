package io.ctsync.importing;

import io.ctsync.testing.CtsyncRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conflict detection validates its base: when the target's change history since the last import
 * was cleaned up (its min valid version rose above the version recorded with that import), which
 * rows changed locally is unknown, and that is never read as "no conflict".
 */
class LostTargetHistoryTest {

    @TempDir
    Path dir;
    private ImportFixture db;

    @AfterEach
    void dropDatabases() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"postgresql, source-wins", "postgresql, target-wins", "postgresql, fail",
            "h2, source-wins", "h2, target-wins", "h2, fail"})
    void aLocalChangeWhoseHistoryWasCleanedUpIsStillNoSilentOverwrite(String kind, String policy) throws Exception {
        db = new ImportFixture(kind, dir);
        db.insert(db.source, "north", 1, 3, 1);
        db.trackTarget();
        CtsyncRun ctsync = db.ctsync("erp").set("ctsync.import.conflict", policy);
        ctsync.enableTracking();
        ctsync.once();

        db.target.execute("UPDATE app.items SET txt = 'local' WHERE id = 1");
        // retention on the target drops the record of that local change and raises the min valid version
        ImportFixture.expireHistory(db.target);
        db.source.execute("UPDATE app.items SET txt = 'source' WHERE id IN (1, 2)");
        CtsyncRun.Result result = ctsync.run("--once");

        List<String> texts = db.target.query("SELECT txt FROM app.items ORDER BY id").stream().map(r -> (String) r.get(0)).toList();
        switch (policy) {
            case "source-wins" -> {
                assertThat(result.exitCode()).isZero();
                assertThat(texts).containsExactly("source", "source", "It's ünïcødé ✓ v1");
            }
            case "target-wins" -> {
                assertThat(result.exitCode()).isZero();
                assertThat(texts).as("every key counts as changed locally").containsExactly("local", "It's ünïcødé ✓ v1", "It's ünïcødé ✓ v1");
                assertThat(db.target.query("SELECT conflicts FROM ctsync_import_log WHERE sequence = 2"))
                        .extracting(r -> ((Number) r.get(0)).longValue()).containsExactly(2L);
            }
            default -> {
                assertThat(result.exitCode()).isEqualTo(1);
                assertThat(result.stderr()).contains("conflict on app.items key (region=north, id=1)", "was cleaned up");
                assertThat(texts).containsExactly("local", "It's ünïcødé ✓ v1", "It's ünïcødé ✓ v1");
                assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 failed");
            }
        }
    }
}
