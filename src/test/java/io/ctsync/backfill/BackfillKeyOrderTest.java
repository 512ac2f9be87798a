package io.ctsync.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backfills of text keys in mixed case and with accents, and of uuid keys, on PostgreSQL and H2
 * (docs/design.md, "Backfills", key order): chunks of two rows follow code point order whatever the
 * database's collation, and each chunk's range removal takes exactly the target's rows between its
 * bounds that the source lacks, in the middle of the key order and at both ends.
 */
@Tag("postgres")
class BackfillKeyOrderTest {

    /** In code point order: upper case before lower case, accented letters after every ASCII one. */
    private static final List<String> TEXT_KEYS = List.of("Apfel", "Zebra", "apfel", "zebra", "Äpfel", "äpfel", "élan", "Ω");
    /** Target rows the source lacks, each between or beyond the source's keys in code point order. */
    private static final List<String> TEXT_EXTRA = List.of("AAA", "Apfelx", "Zz", "apfelz", "zz", "Ämter", "ébène", "ω");
    private static final List<String> UUID_KEYS = List.of("0f8fad5b-d9cb-469f-a165-70867728950e", "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
            "6fa459ea-ee8a-3ca4-894e-db77e160355e", "7c9e6679-7425-40de-944b-e07fc1f90ae7", "9a2b3c4d-0000-4000-8000-000000000001",
            "a8098c1a-f86e-11da-bd1a-00112444be1e", "c9bf9e57-1685-4c89-bafb-ff5af830be8a", "f47ac10b-58cc-4372-a567-0e02b2c3d479");
    private static final List<String> UUID_EXTRA = List.of("00000000-0000-4000-8000-000000000000", "1b4e28ba-2fa1-11d2-883f-0016d3cca428",
            "7c9e6679-7425-40de-944b-e07fc1f90ae6", "b0000000-0000-4000-8000-000000000000", "ffffffff-ffff-4fff-bfff-ffffffffffff");

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void textKeysInMixedCaseAndWithAccentsAreChunkedInCodePointOrder(String kind) throws Exception {
        List<String> chunks = backfill(kind, "code VARCHAR(20)", TEXT_KEYS, TEXT_EXTRA, "code");
        assertThat(chunks).containsExactly("null..Zebra:[Apfel, Zebra]", "Zebra..zebra:[apfel, zebra]", "zebra..äpfel:[Äpfel, äpfel]",
                "äpfel..null:[élan, Ω]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void uuidKeysAreChunkedInTheOrderOfTheirText(String kind) throws Exception {
        List<String> chunks = backfill(kind, "code UUID", UUID_KEYS, UUID_EXTRA, "code");
        assertThat(chunks).containsExactly(
                "null.." + UUID_KEYS.get(1) + ":" + UUID_KEYS.subList(0, 2),
                UUID_KEYS.get(1) + ".." + UUID_KEYS.get(3) + ":" + UUID_KEYS.subList(2, 4),
                UUID_KEYS.get(3) + ".." + UUID_KEYS.get(5) + ":" + UUID_KEYS.subList(4, 6),
                UUID_KEYS.get(5) + "..null:" + UUID_KEYS.subList(6, 8));
    }

    /**
     * Loads {@code keys} (in the source, inserted in reverse) into a target holding them with other
     * labels plus {@code extra}, in chunks of two; asserts the target equals the source and returns
     * each chunk as {@code from..to:[its keys]} (sorted by String order, which is code point order in the BMP).
     */
    private List<String> backfill(String kind, String keyColumn, List<String> keys, List<String> extra, String key) throws Exception {
        TestDatabase source = databases.open(kind);
        TestDatabase target = databases.open(kind);
        String table = "CREATE TABLE app.words (" + keyColumn + " PRIMARY KEY, label VARCHAR(20))";
        source.execute("CREATE SCHEMA app", table);
        target.execute("CREATE SCHEMA app", table);
        List<String> reversed = new ArrayList<>(keys);
        Collections.reverse(reversed);
        for (String value : reversed) {
            source.execute("INSERT INTO app.words VALUES ('" + value + "', 'source')");
            target.execute("INSERT INTO app.words VALUES ('" + value + "', 'stale')");
        }
        for (String value : extra) {
            target.execute("INSERT INTO app.words VALUES ('" + value + "', 'extra')");
        }
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"), dir.resolve("gateway"), "app.words"));
        CtsyncRun ctsync = new CtsyncRun(dir, properties).set("ctsync.import.enabled", "true").set("ctsync.export.chunk-rows", "2");
        ctsync.enableTracking();
        ctsync.once();

        String select = "SELECT CAST(" + key + " AS VARCHAR(40)), label FROM app.words ORDER BY 1";
        assertThat(target.query(select)).isEqualTo(source.query(select));
        assertThat(target.query("SELECT COUNT(*) FROM app.words WHERE label <> 'source'")).containsExactly(List.of(0L));
        List<String> chunks = new ArrayList<>();
        for (long sequence : Contents.sequences(dir.resolve("gateway"))) {
            Contents.Content content = Contents.read(dir.resolve("gateway"), sequence);
            Manifest.Table words = content.table("app.words");
            assertThat(words.mode()).isEqualTo(Manifest.Table.RANGE);
            // a chunk's rows come in any order: its bounds say which keys it holds
            List<String> rows = content.rows("app.words", "inserted.json").stream().map(row -> row.get(key).asText()).sorted().toList();
            chunks.add(bound(words.from(), key) + ".." + bound(words.to(), key) + ":" + rows);
        }
        return chunks;
    }

    private static String bound(JsonNode bound, String key) {
        return bound == null || bound.isNull() ? "null" : bound.get(key).asText();
    }
}
