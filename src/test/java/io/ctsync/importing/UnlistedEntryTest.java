package io.ctsync.importing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Arrays;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full table's content lists only {@code inserted.json}, and the table writer reads
 * {@code updated.json} by its name: an {@code updated.json} slipped into the ZIP beside an
 * untouched manifest must be refused, not upserted unchecked. H2 takes the row path, PostgreSQL
 * (bulk-rows 1) the bulk path.
 */
@Tag("postgres")
class UnlistedEntryTest {

    private static final String FIRST = "shop_erp_dwh_0000000001.zip";
    private static final String UPDATED = "app.items/updated.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anUpdatedEntryBesideAFullTablesManifestIsRefusedAndTheTargetIsUntouched(String kind) throws Exception {
        ImportFixture db = databases.dropAfter(new ImportFixture(kind, dir));
        db.insert(db.source, "north", 1, 2, 1);
        CtsyncRun exporter = db.ctsync("erp").set("ctsync.import.enabled", "false");
        exporter.enableTracking();
        exporter.once();
        Path first = db.gateway.resolve(FIRST);
        Manifest.Table table = Contents.read(first).table(ImportFixture.TABLE);
        // the first run is a backfill chunk: like a full table, it lists inserted.json alone
        assertThat(table.mode()).isEqualTo("range");
        assertThat(table.entries()).extracting(Manifest.Entry::name).doesNotContain(UPDATED).contains("app.items/inserted.json");

        // the exporter's own rows, one changed and one added, as a well-formed updated.json
        ArrayNode rows;
        try (ZipFile zip = new ZipFile(first.toFile())) {
            rows = (ArrayNode) JSON.readTree(zip.getInputStream(zip.getEntry("app.items/inserted.json")));
        }
        ((ObjectNode) rows.get(0)).put("txt", "slipped in");
        rows.add(((ObjectNode) rows.get(1).deepCopy()).put("id", 9));
        Contents.addEntry(first, UPDATED, JSON.writeValueAsBytes(rows));

        CtsyncRun.Result result = db.ctsync("erp-importer").set("ctsync.source.name", "erp").set("ctsync.export.enabled", "false")
                .run("--once");

        String reason = "corrupt content: entry " + UPDATED + " is not listed in its manifest";
        assertThat(ImportFixture.rows(db.target)).extracting(row -> row.get(1) + " " + row.get(13)).isEmpty();
        assertThat(db.log("erp")).containsExactly(Arrays.asList(1L, "failed", reason));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains(FIRST + " was not imported: " + reason);
    }
}
