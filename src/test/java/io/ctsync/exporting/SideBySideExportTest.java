package io.ctsync.exporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A big delta with presence on, end to end: on PostgreSQL its inserts are read on the cycle's
 * connection while its updates and deletes are read on a second one in the same snapshot
 * (bench/README.md, "Export speed"), on H2 in one stream; the content is the same either way: every
 * change once, in its entry, with exact counts, and every changed key looked up in the target.
 */
@Tag("postgres")
class SideBySideExportTest {

    private static final long INSERTS = 15_000;
    private static final long UPDATES = 10_000;
    private static final long DELETES = 5_000;

    @TempDir
    Path dir;
    private TestDatabase source;
    private TestDatabase target;

    @AfterEach
    void dropDatabases() throws Exception {
        source.close();
        target.close();
    }

    /**
     * Rows 1 to 20,000 exported in full; then 20,001 to 35,000 inserted, 1 to 10,000 updated,
     * 10,001 to 15,000 deleted. The target holds the even keys up to 40,000.
     */
    private Path exportTheDelta(String kind, Map<String, String> settings) throws Exception {
        assertThat(INSERTS).isGreaterThanOrEqualTo(TableExport.SIDE_BY_SIDE_MIN_ROWS);
        assertThat(UPDATES + DELETES).isGreaterThanOrEqualTo(TableExport.SIDE_BY_SIDE_MIN_ROWS);
        source = TestDatabase.of(kind);
        target = TestDatabase.of(kind);
        String table = "CREATE TABLE app.items (id BIGINT PRIMARY KEY, label VARCHAR(40))";
        source.execute("CREATE SCHEMA app", table, "INSERT INTO app.items SELECT x, 'old ' || x FROM " + series(kind, 1, 20_000));
        target.execute("CREATE SCHEMA app", table, "INSERT INTO app.items SELECT x, 'target ' || x FROM " + series(kind, 1, 40_000)
                + " WHERE MOD(x, 2) = 0");
        Path gateway = dir.resolve("gateway");
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("big", "src", "dst", dir.resolve("state"), gateway, "app.items"));
        properties.put("ctsync.export.presence", "true");
        properties.putAll(settings);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        ctsync.once();
        source.execute("INSERT INTO app.items SELECT x, 'new ' || x FROM " + series(kind, 20_001, 20_000 + INSERTS),
                "UPDATE app.items SET label = 'changed ' || id WHERE id <= " + UPDATES,
                "DELETE FROM app.items WHERE id > " + UPDATES + " AND id <= " + (UPDATES + DELETES));
        ctsync.once();
        return gateway;
    }

    private static String series(String kind, long from, long to) {
        return kind.equals("h2") ? "SYSTEM_RANGE(" + from + ", " + to + ") AS r(x)" : "generate_series(" + from + ", " + to + ") AS r(x)";
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void everyChangeIsInItsEntryOnceWithExactCountsAndItsPresence(String kind) throws Exception {
        Path gateway = exportTheDelta(kind, Map.of());

        assertThat(Contents.sequences(gateway)).containsExactly(1L, 2L);
        Contents.Content delta = Contents.read(gateway, 2);
        Manifest.Table items = delta.table("app.items");
        assertThat(items.mode()).isEqualTo("delta");
        long existing = (INSERTS + UPDATES + DELETES) / 2;
        assertThat(items.counts()).isEqualTo(new Manifest.Counts(INSERTS, UPDATES, DELETES, existing, existing));
        assertThat(delta.rows("app.items", "inserted.json")).extracting(JsonNode::toString)
                .containsExactlyInAnyOrderElementsOf(rows(20_001, 20_000 + INSERTS, id -> "{\"id\":" + id + ",\"label\":\"new " + id + "\"}"));
        assertThat(delta.rows("app.items", "updated.json")).extracting(JsonNode::toString)
                .containsExactlyInAnyOrderElementsOf(rows(1, UPDATES, id -> "{\"id\":" + id + ",\"label\":\"changed " + id + "\"}"));
        assertThat(delta.rows("app.items", "deleted.json")).extracting(JsonNode::toString)
                .containsExactlyInAnyOrderElementsOf(rows(UPDATES + 1, UPDATES + DELETES, id -> "{\"id\":" + id + "}"));
        List<String> expectedExisting = new ArrayList<>();
        List<String> expectedMissing = new ArrayList<>();
        for (long id : changedKeys()) {
            String operation = id > 20_000 ? "I" : id <= UPDATES ? "U" : "D";
            String key = "{\"changeOperation\":\"" + operation + "\",\"primaryKey\":{\"id\":" + id + "}";
            if (id % 2 == 0) {
                expectedExisting.add(key + ",\"target\":{\"id\":" + id + ",\"label\":\"target " + id + "\"}}");
            } else {
                expectedMissing.add(key + "}");
            }
        }
        assertThat(delta.rows("app.items", "existing.json")).extracting(JsonNode::toString).containsExactlyInAnyOrderElementsOf(expectedExisting);
        assertThat(delta.rows("app.items", "missing.json")).extracting(JsonNode::toString).containsExactlyInAnyOrderElementsOf(expectedMissing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aTableThatSpansTwoPartsIsReadInOneStreamAndSplitEvenly(String kind) throws Exception {
        Path gateway = exportTheDelta(kind, Map.of("ctsync.export.max-rows-per-file", "20000"));

        assertThat(Contents.sequences(gateway)).as("the first run's 20,000 rows fit one part").containsExactly(1L, 2L, 3L);
        List<String> inserted = new ArrayList<>();
        long changes = 0;
        long presence = 0;
        for (long sequence : List.of(2L, 3L)) {
            Contents.Content part = Contents.read(gateway, sequence);
            Manifest.Counts counts = part.table("app.items").counts();
            assertThat(counts.inserted() + counts.updated() + counts.deleted()).isEqualTo(15_000);
            changes += counts.inserted() + counts.updated() + counts.deleted();
            presence += counts.existing() + counts.missing();
            part.rows("app.items", "inserted.json").forEach(row -> inserted.add(row.toString()));
        }
        assertThat(changes).isEqualTo(INSERTS + UPDATES + DELETES);
        assertThat(presence).isEqualTo(changes);
        assertThat(inserted).containsExactlyInAnyOrderElementsOf(rows(20_001, 20_000 + INSERTS,
                id -> "{\"id\":" + id + ",\"label\":\"new " + id + "\"}"));
    }

    private static List<Long> changedKeys() {
        return LongStream.concat(LongStream.rangeClosed(1, UPDATES + DELETES), LongStream.rangeClosed(20_001, 20_000 + INSERTS))
                .boxed().toList();
    }

    private static List<String> rows(long from, long to, java.util.function.LongFunction<String> row) {
        return LongStream.rangeClosed(from, to).mapToObj(row).toList();
    }
}
