package io.ctsync.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctsync.packaging.Manifest;
import io.ctsync.packaging.Operation;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The importer's verification, each check alone: a content that is a valid ZIP but whose entry or
 * manifest was changed is recorded failed with the exact reason, and the target and its import log
 * hold nothing of it.
 */
@Tag("h2")
class ContentVerificationTest {

    private static final String SECOND = "shop_erp_dwh_0000000002.zip";
    private static final String ENTRY = "app.items/inserted.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private ImportFixture db;
    private Path second;

    /** Content 1 holds row 1 (full), content 2 inserts row 2; nothing is imported yet. */
    @BeforeEach
    void exportTwoContents() throws Exception {
        db = databases.dropAfter(new ImportFixture("h2", dir));
        db.insert(db.source, "north", 1, 1, 1);
        CtsyncRun exporter = db.ctsync("erp").set("ctsync.import.enabled", "false");
        exporter.enableTracking();
        exporter.once();
        db.insert(db.source, "north", 2, 2, 1);
        exporter.once();
        second = db.gateway.resolve(SECOND);
    }

    @Test
    void anEntryWhoseBytesNoLongerHashToTheManifestsSha256IsRefused() throws Exception {
        String listed = Contents.read(second).table("app.items").entry(Operation.INSERTED).sha256();
        byte[][] tampered = new byte[1][];
        Contents.rewrite(second, (name, bytes) -> {
            if (!name.equals(ENTRY)) {
                return bytes;
            }
            // same row count, same JSON shape, one character different
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertThat(text).contains(" v1\"");
            tampered[0] = text.replace(" v1\"", " v9\"").getBytes(StandardCharsets.UTF_8);
            return tampered[0];
        });

        assertRefused("corrupt content: entry " + ENTRY + " has sha256 " + Contents.sha256(tampered[0]) + ", manifest says " + listed);
    }

    @Test
    void anEntryHoldingAnotherNumberOfRowsThanItsManifestSaysIsRefused() throws Exception {
        byte[][] added = new byte[1][];
        Contents.rewrite(second, (name, bytes) -> {
            if (!name.equals(ENTRY)) {
                return bytes;
            }
            ArrayNode rows = (ArrayNode) read(bytes);
            ObjectNode extra = rows.get(0).deepCopy();
            rows.add(extra.put("id", 9));
            added[0] = write(rows);
            return added[0];
        });
        // the manifest's sha256 matches the new entry: only the row count can tell
        editManifest(manifest -> ((ObjectNode) manifest.path("tables").get(0).path("entries").get(0)).put("sha256", Contents.sha256(added[0])));

        assertRefused("corrupt content: entry " + ENTRY + " has 2 rows, manifest says 1");
    }

    @Test
    void aManifestNamingAnotherPipelineIsRefused() throws Exception {
        editManifest(manifest -> manifest.put("source", "crm"));
        assertRefused("corrupt content: its manifest names shop_crm_dwh_0000000002.zip");
    }

    @Test
    void aManifestNamingAnotherApplicationOrDestinationIsRefused() throws Exception {
        editManifest(manifest -> manifest.put("application", "hr").put("destination", "lake"));
        assertRefused("corrupt content: its manifest names hr_erp_lake_0000000002.zip");
    }

    @Test
    void aManifestNamingAnotherSequenceIsRefused() throws Exception {
        editManifest(manifest -> manifest.put("sequence", 3));
        assertRefused("corrupt content: its manifest names shop_erp_dwh_0000000003.zip");
    }

    @Test
    void aManifestWhosePartIsOutsideItsCycleIsRefused() throws Exception {
        editManifest(manifest -> manifest.put("part", 0));
        assertRefused("corrupt content: its manifest says part 0 of 1");
    }

    @Test
    void aManifestWhosePartIsAboveItsPartsIsRefused() throws Exception {
        editManifest(manifest -> manifest.put("part", 2));
        assertRefused("corrupt content: its manifest says part 2 of 1");
    }

    @Test
    void aManifestWhosePartWouldPutItsCycleBeforeSequenceOneIsRefused() throws Exception {
        editManifest(manifest -> manifest.put("part", 3).put("parts", 3));
        assertRefused("corrupt content: its manifest says part 3 of 3");
    }

    @Test
    void anEntryTheManifestListsButTheZipLacksIsRefused() throws Exception {
        editManifest(manifest -> ((ObjectNode) manifest.path("tables").get(0).path("entries").get(0)).put("name", "app.items/absent.json"));
        assertRefused("corrupt content: entry app.items/absent.json is missing");
    }

    @Test
    void anEntryTheManifestDoesNotListIsRefused() throws Exception {
        Contents.addEntry(second, "notes.txt", "not a table".getBytes(StandardCharsets.UTF_8));
        assertRefused("corrupt content: entry notes.txt is not listed in its manifest");
    }

    @Test
    void anUntouchedContentPassesEveryCheck() throws Exception {
        Contents.rewrite(second, (name, bytes) -> bytes);
        importer().once();
        assertThat(db.log("erp")).extracting(r -> r.get(0) + " " + r.get(1)).containsExactly("1 ok", "2 ok");
        assertThat(db.target.query("SELECT id FROM app.items ORDER BY id")).extracting(r -> ((Number) r.get(0)).intValue())
                .containsExactly(1, 2);
    }

    private void assertRefused(String reason) throws Exception {
        CtsyncRun.Result result = importer().run("--once");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains(SECOND + " was not imported: " + reason);
        assertThat(db.log("erp")).containsExactly(Arrays.asList(1L, "ok", null), Arrays.asList(2L, "failed", reason));
        assertThat(db.target.query("SELECT id FROM app.items")).extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(1);
    }

    private CtsyncRun importer() throws Exception {
        return db.ctsync("erp-importer").set("ctsync.source.name", "erp").set("ctsync.export.enabled", "false");
    }

    private void editManifest(Consumer<ObjectNode> change) throws Exception {
        Contents.rewrite(second, (name, bytes) -> {
            if (!name.equals(Manifest.ENTRY)) {
                return bytes;
            }
            ObjectNode manifest = (ObjectNode) read(bytes);
            change.accept(manifest);
            return write(manifest);
        });
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
