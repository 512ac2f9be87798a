package io.ctsync.importing;

import io.ctsync.gateway.FileGateway;
import io.ctsync.packaging.ContentName;
import io.ctsync.testing.Contents;
import io.ctsync.testing.Crash;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.ctsync.importing.ImportFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deaths of the exporter in a cycle of three parts, injected into the real routes with Camel's
 * AdviceWith ({@code testing/Crash}), and what the importer makes of what they leave: part 1 of 3
 * published and the rest not; a death again in the cycle that finishes the intent; and, with the
 * compare capture, a cycle that dies once its comparison is staged. The parts are those of a big
 * delta ({@code ctsync.export.max-rows-per-file} 2): after every recovery the gateway holds
 * sequences 2..4 as parts 1..3 of 3, each once, and the target equals the source.
 */
@Tag("postgres")
class MultiPartCrashTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private ImportFixture db;
    private CtsyncRun exporter;
    private CtsyncRun importer;

    /** Rows 1 and 2 exported and imported as sequence 1; then six changes, which the exporter splits into sequences 2..4. */
    private void sixChangesAfterAFirstImport(String kind, String capture) throws Exception {
        db = databases.dropAfter(new ImportFixture(kind, dir));
        db.insert(db.source, "north", 1, 2, 1);
        exporter = db.ctsync("erp").set("ctsync.import.enabled", "false").set("ctsync.capture", capture);
        importer = db.ctsync("erp-importer").set("ctsync.source.name", "erp").set("ctsync.export.enabled", "false");
        if (capture.equals("change-tracking")) {
            exporter.enableTracking();
        }
        exporter.once();
        importer.once();
        assertThat(rows(db.target)).isEqualTo(rows(db.source));
        db.source.execute("DELETE FROM app.items WHERE id = 1", "UPDATE app.items SET txt = 'changed' WHERE id = 2");
        db.insert(db.source, "north", 3, 6, 2);
        exporter.set("ctsync.export.max-rows-per-file", "2");
    }

    private Path published(long sequence) {
        return db.gateway.resolve(name(sequence));
    }

    private Path staged(long sequence) {
        return db.gateway.resolve(".staging").resolve(name(sequence));
    }

    private static String name(long sequence) {
        return new ContentName("shop", "erp", "dwh", sequence).fileName();
    }

    /**
     * The cycle is finished: sequences 2..4 are parts 1..3 of 3, the importer makes the target the
     * source, and a further cycle exports nothing (the compare capture compares with that target).
     */
    private void assertFinishedAndImported() throws Exception {
        assertThat(Contents.sequences(db.gateway)).containsExactly(1L, 2L, 3L, 4L);
        for (long sequence = 2; sequence <= 4; sequence++) {
            assertThat(Contents.read(db.gateway, sequence).manifest()).as("sequence %d", sequence)
                    .extracting(m -> m.part() + " of " + m.parts()).isEqualTo((sequence - 1) + " of 3");
        }
        importer.once();
        assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 ok", "3 ok", "4 ok");
        assertThat(rows(db.target)).isEqualTo(rows(db.source));
        assertThat(rows(db.target)).extracting(r -> ((Number) r.get(1)).intValue()).containsExactly(2, 3, 4, 5, 6);
        exporter.once();
        assertThat(Contents.sequences(db.gateway)).as("nothing exported twice").containsExactly(1L, 2L, 3L, 4L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aDeathMidPublishWithPartOneOfThreeOutIsHeldByTheImporterAndFinishedByTheNextCycle(String kind) throws Exception {
        sixChangesAfterAFirstImport(kind, "change-tracking");
        String reason = exporter.onceFailing(context -> Crash.afterPublishing(context, new FileGateway(db.gateway),
                new ContentName("shop", "erp", "dwh", 2), staged(2)));
        assertThat(reason).contains(Crash.message("gateway"));
        assertThat(staged(3)).as("part 2, staged").exists();
        assertThat(Contents.sequences(db.gateway)).containsExactly(1L, 2L);
        byte[] partOne = Files.readAllBytes(published(2));

        importer.once();
        assertThat(db.log("erp")).as("part 1 of 3 is held, not applied").extracting(r -> r.get(0) + " " + r.get(1))
                .containsExactly("1 ok", "2 blocked");
        assertThat(db.target.query("SELECT id FROM app.items ORDER BY id")).extracting(r -> ((Number) r.get(0)).intValue())
                .as("the target as the first import left it").containsExactly(1, 2);

        exporter.once();
        assertThat(Files.readAllBytes(published(2))).as("part 1 as it was published").isEqualTo(partOne);
        assertFinishedAndImported();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aDeathInsideIntentRecoveryIsFinishedByTheCycleAfterIt(String kind) throws Exception {
        sixChangesAfterAFirstImport(kind, "change-tracking");
        assertThat(exporter.onceFailing(context -> Crash.whenWriting(context, "package-changes", staged(3)))).contains(staged(3).toString());
        Files.delete(staged(3));
        // the next cycle resumes the recorded intent, writing its parts again from the same windows, and dies at part 3
        assertThat(exporter.onceFailing(context -> Crash.whenWriting(context, "package-changes", staged(4)))).contains(staged(4).toString());
        Files.delete(staged(4));
        assertThat(Contents.sequences(db.gateway)).containsExactly(1L);

        exporter.once();
        assertFinishedAndImported();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aCompareCaptureThatDiesOnceStagedPublishesTheComparisonItStaged(String kind) throws Exception {
        sixChangesAfterAFirstImport(kind, "compare");
        assertThat(exporter.onceFailing(context -> Crash.after(context, "package-changes"))).contains(Crash.message("package-changes"));
        List<byte[]> stagedParts = List.of(Files.readAllBytes(staged(2)), Files.readAllBytes(staged(3)), Files.readAllBytes(staged(4)));
        assertThat(Contents.sequences(db.gateway)).containsExactly(1L);

        exporter.once();
        for (int part = 0; part < 3; part++) {
            assertThat(Files.readAllBytes(published(part + 2))).as("part %d as staged", part + 1).isEqualTo(stagedParts.get(part));
        }
        assertFinishedAndImported();
    }
}
