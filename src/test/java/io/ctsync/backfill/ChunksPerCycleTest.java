package io.ctsync.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.gateway.FileGateway;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.Crash;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several backfill chunks in one cycle (docs/design.md, "Backfills"): 1,000 rows in chunks of 100
 * with a budget of 400 rows a cycle go in three cycles of four, four and two chunks, each chunk a
 * content and a sequence number of its own; a death between two chunks of one cycle, or between
 * publishing two of them, is finished by the next run without a key lost or sent twice.
 */
@Tag("postgres")
class ChunksPerCycleTest {

    private static final int ROWS = 1_000;
    private static final int CHUNK_ROWS = 100;
    private static final int BUDGET_ROWS = 400;

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;
    private TestDatabase target;
    private CtsyncRun ctsync;

    private void createPipeline(String kind, boolean importing) throws Exception {
        source = databases.open(kind);
        target = databases.open(kind);
        String table = "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))";
        source.execute("CREATE SCHEMA app", table);
        target.execute("CREATE SCHEMA app", table);
        StringBuilder insert = new StringBuilder("INSERT INTO app.items VALUES ");
        for (int id = 1; id <= ROWS; id++) {
            insert.append(id == 1 ? "" : ", ").append("(").append(id).append(", 'label ").append(id).append("')");
        }
        source.execute(insert.toString());
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("cpc", "src", "dst", dir.resolve("state"), gateway(), "app.items"));
        ctsync = new CtsyncRun(dir, properties).set("ctsync.import.enabled", String.valueOf(importing))
                .set("ctsync.export.chunk-rows", String.valueOf(CHUNK_ROWS))
                .set("ctsync.export.backfill-rows-per-cycle", String.valueOf(BUDGET_ROWS));
        ctsync.enableTracking();
    }

    private Path gateway() {
        return dir.resolve("gateway");
    }

    private Path staged(long sequence) {
        return gateway().resolve(".staging").resolve(name(sequence).fileName());
    }

    private static ContentName name(long sequence) {
        return new ContentName("cpc", "src", "dst", sequence);
    }

    /** Counts the export cycles that commit. */
    private static void countCommits(CamelContext context, AtomicInteger commits) throws Exception {
        AdviceWith.adviceWith(context, "commit", route -> route.weaveAddLast().process(exchange -> commits.incrementAndGet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void tenChunksGoInThreeCyclesEachChunkItsOwnContentAndSequence(String kind) throws Exception {
        createPipeline(kind, true);
        AtomicInteger commits = new AtomicInteger();
        assertThat(ctsync.run(context -> countCommits(context, commits), "--once").exitCode()).isZero();

        assertThat(commits).as("cycles of at most 400 rows of chunks").hasValue(3);
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertChunksFollowEachOther(10);
        assertThat(target.query("SELECT id, label FROM app.items ORDER BY id")).isEqualTo(source.query("SELECT id, label FROM app.items ORDER BY id"));
        assertThat(target.query("SELECT COUNT(*) FROM app.items")).extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(ROWS);

        ctsync.once();
        assertThat(Contents.sequences(gateway())).as("nothing sent again once done").hasSize(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aDeathBetweenTwoChunksOfACycleWritesTheCycleAgainUnderTheSameSequences(String kind) throws Exception {
        createPipeline(kind, false);
        String reason = ctsync.onceFailing(context -> Crash.whenWriting(context, "package-changes", staged(3)));
        assertThat(reason).contains(staged(3).toString());
        assertThat(staged(1)).as("the cycle's first two chunks, written before the death").exists();
        assertThat(staged(2)).exists();
        assertThat(Contents.sequences(gateway())).isEmpty();

        // while the process is down: a key of a written chunk changes, one of a chunk not written is deleted, one is added past the end
        source.execute("UPDATE app.items SET label = 'changed' WHERE id = 50", "DELETE FROM app.items WHERE id = 350",
                "INSERT INTO app.items VALUES (1001, 'new')");
        Files.delete(staged(3)); // the disk is repaired, the process restarted
        ctsync.set("ctsync.import.enabled", "true").once();

        assertThat(Contents.sequences(gateway())).startsWith(1L, 2L, 3L, 4L);
        List<Manifest.Table> chunks = chunks();
        assertThat(chunks.subList(0, 4)).extracting(c -> bound(c.keyRange().to()))
                .as("the recorded cycle's chunks, as planned before the death").containsExactly(100, 200, 300, 400);
        assertThat(chunks.get(3).counts().inserted()).as("the unwritten chunk read again, without the deleted key").isEqualTo(99);
        // key 1001, added past the end, makes a chunk of its own after (900 .. 1000]
        assertChunksFollowEachOther(11);
        assertThat(target.query("SELECT id, label FROM app.items ORDER BY id")).isEqualTo(source.query("SELECT id, label FROM app.items ORDER BY id"));
        assertThat(target.query("SELECT label FROM app.items WHERE id = 50")).extracting(r -> r.get(0)).containsExactly("changed");
        assertThat(target.query("SELECT COUNT(*) FROM app.items")).extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(ROWS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aDeathBetweenPublishingTwoChunksOfACyclePublishesTheRestAsStaged(String kind) throws Exception {
        createPipeline(kind, false);
        String reason = ctsync.onceFailing(context -> Crash.afterPublishing(context, new FileGateway(gateway()), name(1), staged(1)));
        assertThat(reason).contains(Crash.message("gateway"));
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
        assertThat(intentWindows()).as("the recorded cycle: four chunks, 400 rows sent once it commits")
                .contains("\"splits\":[{\"id\":100},{\"id\":200},{\"id\":300}]").contains("\"rowsSent\":400");
        List<byte[]> stagedBytes = new ArrayList<>();
        for (long sequence = 2; sequence <= 4; sequence++) {
            stagedBytes.add(Files.readAllBytes(staged(sequence)));
        }

        source.execute("UPDATE app.items SET label = 'changed' WHERE id = 250");
        ctsync.set("ctsync.import.enabled", "true").once();

        for (long sequence = 2; sequence <= 4; sequence++) {
            assertThat(Files.readAllBytes(gateway().resolve(name(sequence).fileName()))).as("sequence %s as it was staged", sequence)
                    .isEqualTo(stagedBytes.get((int) sequence - 2));
        }
        assertChunksFollowEachOther(10);
        assertThat(Contents.sequences(gateway())).as("the chunks, then the delta of the changed key").hasSize(11);
        assertThat(target.query("SELECT id, label FROM app.items ORDER BY id")).isEqualTo(source.query("SELECT id, label FROM app.items ORDER BY id"));
        assertThat(target.query("SELECT label FROM app.items WHERE id = 250")).extracting(r -> r.get(0)).containsExactly("changed");
    }

    /** The windows of the intent the state holds, as JSON. */
    private String intentWindows() throws Exception {
        try (Connection state = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("state"));
             Statement statement = state.createStatement(); ResultSet rs = statement.executeQuery("SELECT windows FROM ctsync_export_intent")) {
            assertThat(rs.next()).as("an intent").isTrue();
            return rs.getString(1);
        }
    }

    /** The range contents published, in sequence order. */
    private List<Manifest.Table> chunks() throws Exception {
        List<Manifest.Table> chunks = new ArrayList<>();
        for (ContentName content : Contents.published(gateway())) {
            Contents.read(gateway().resolve(content.fileName())).manifest().tables().stream().filter(Manifest.Table::range).forEach(chunks::add);
        }
        return chunks;
    }

    /**
     * {@code count} chunks of at most 100 rows, each starting where the one before ended, from the
     * table's start to its end, each key in one chunk only: together the source's keys.
     */
    private void assertChunksFollowEachOther(int count) throws Exception {
        List<Manifest.Table> chunks = chunks();
        assertThat(chunks).hasSize(count);
        assertThat(chunks.get(0).keyRange().from()).isNull();
        assertThat(chunks.get(chunks.size() - 1).keyRange().to()).isNull();
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).keyRange().from()).isEqualTo(chunks.get(i - 1).keyRange().to());
        }
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.counts().inserted()).isLessThanOrEqualTo(CHUNK_ROWS));
        Set<Integer> sent = new HashSet<>();
        for (ContentName content : Contents.published(gateway())) {
            Contents.Content read = Contents.read(gateway().resolve(content.fileName()));
            if (read.manifest().tables().stream().anyMatch(Manifest.Table::range)) {
                for (JsonNode row : read.rows("app.items", "inserted.json")) {
                    assertThat(sent.add(row.get("id").intValue())).as("key %s in one chunk only", row.get("id")).isTrue();
                }
            }
        }
        assertThat(sent).containsExactlyInAnyOrderElementsOf(
                source.query("SELECT id FROM app.items").stream().map(r -> ((Number) r.get(0)).intValue()).toList());
    }

    private static int bound(JsonNode key) {
        return key.get("id").intValue();
    }
}
