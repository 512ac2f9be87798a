package io.ctsync.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.util.function.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full load as a chunked, resumable backfill (docs/design.md, "Backfills"), end to end through the
 * real command line: a table of 200,000 rows into a target holding a corrupted copy, under a live
 * writer, with the exporter and the importer dying mid-backfill.
 */
@Tag("postgres")
class BackfillTest {

    private static final int ROWS = 200_000;
    private static final int CHUNK_ROWS = 25_000;

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    @Test
    void aCorruptedTargetBecomesTheSourceUnderALiveWriterThroughCrashesOfExporterAndImporter() throws Exception {
        TestDatabase source = databases.open("postgresql");
        TestDatabase target = databases.open("postgresql");
        String table = "CREATE TABLE app.items (id BIGINT PRIMARY KEY, label VARCHAR(60) NOT NULL, amount NUMERIC(12, 2))";
        source.execute("CREATE SCHEMA app", table,
                "INSERT INTO app.items SELECT g * 2, 'label ' || g, g * 1.5 FROM generate_series(1, " + ROWS + ") g");
        target.execute("CREATE SCHEMA app", table,
                // missing rows, different rows, extra rows between keys and at both ends
                "INSERT INTO app.items SELECT g * 2, 'label ' || g, g * 1.5 FROM generate_series(1, " + ROWS + ") g WHERE g % 997 <> 0",
                "UPDATE app.items SET label = 'stale' WHERE id % 998 = 0",
                "INSERT INTO app.items SELECT g * 2 + 1, 'extra', 0 FROM generate_series(1, " + ROWS + ") g WHERE g % 1009 = 0",
                "INSERT INTO app.items VALUES (-10, 'extra', 0), (0, 'extra', 0), (" + (2 * ROWS + 1) + ", 'extra', 0), (999999999, 'extra', 0)");
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"), dir.resolve("gateway"), "app.items"));
        CtsyncRun ctsync = new CtsyncRun(dir, properties).set("ctsync.import.enabled", "true")
                .set("ctsync.export.chunk-rows", String.valueOf(CHUNK_ROWS))
                // two chunks a cycle: the deaths below fall in cycles of several chunks
                .set("ctsync.export.backfill-rows-per-cycle", String.valueOf(2 * CHUNK_ROWS));
        ctsync.enableTracking();

        LiveWriter writer = new LiveWriter(source);
        Thread writing = new Thread(writer, "live-writer");
        writing.start();
        try {
            // the exporter dies with its third cycle's contents staged, then with its second cycle's published but not committed
            assertThat(ctsync.run(dieAfter("package-changes", 3), "--once").exitCode()).isEqualTo(1);
            assertThat(ctsync.run(dieAfter("gateway", 2), "--once").exitCode()).isEqualTo(1);
            // the importer dies before its third content's transaction commits
            assertThat(ctsync.run(dieAfter("verify", 3), "--once").exitCode()).isEqualTo(1);
            assertThat(chunkContents()).as("contents sent before the last run").isNotEmpty();
            ctsync.once();
        } finally {
            writer.stop.set(true);
            writing.join();
        }
        assertThat(writer.writes.get()).as("writes during the backfill").isGreaterThan(100);
        ctsync.once();

        assertThat(rows(target)).isEqualTo(rows(source));
        List<Manifest.Table> chunks = chunkContents();
        assertThat(chunks.size()).isGreaterThanOrEqualTo(ROWS / CHUNK_ROWS);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.counts().inserted()).isLessThanOrEqualTo(CHUNK_ROWS));
        assertThat(chunks.get(0).keyRange().from()).isNull();
        assertThat(chunks.get(chunks.size() - 1).keyRange().to()).isNull();
        Set<Long> sent = new HashSet<>();
        for (ContentName name : Contents.published(dir.resolve("gateway"))) {
            Contents.Content content = Contents.read(dir.resolve("gateway").resolve(name.fileName()));
            if (content.manifest().tables().stream().anyMatch(Manifest.Table::range)) {
                for (JsonNode row : content.rows("app.items", "inserted.json")) {
                    assertThat(sent.add(row.get("id").longValue())).as("key %s in one chunk only", row.get("id")).isTrue();
                }
            }
        }
        assertThat(sent).hasSizeGreaterThanOrEqualTo(ROWS - writer.deletes.intValue());
    }

    /** The range contents published, in sequence order. */
    private List<Manifest.Table> chunkContents() throws Exception {
        List<Manifest.Table> chunks = new ArrayList<>();
        for (ContentName name : Contents.published(dir.resolve("gateway"))) {
            Contents.read(dir.resolve("gateway").resolve(name.fileName())).manifest().tables().stream()
                    .filter(Manifest.Table::range).forEach(chunks::add);
        }
        return chunks;
    }

    /** Dies as the stage's route ends, on its {@code nth} run only: the process is killed there mid-backfill. */
    static ThrowingConsumer<CamelContext, Exception> dieAfter(String routeId, int nth) {
        AtomicInteger runs = new AtomicInteger();
        return context -> AdviceWith.adviceWith(context, routeId, route -> route.weaveAddLast().process(exchange -> {
            if (runs.incrementAndGet() == nth) {
                throw new IllegalStateException("simulated death at stage " + routeId);
            }
        }));
    }

    static List<List<Object>> rows(TestDatabase database) throws Exception {
        return database.query("SELECT id, label, amount FROM app.items ORDER BY id");
    }

    /** Updates, deletes and inserts keys all over the table, on both sides of any backfill cursor, one per transaction. */
    private static final class LiveWriter implements Runnable {

        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong deletes = new AtomicLong();
        private final TestDatabase source;

        LiveWriter(TestDatabase source) {
            this.source = source;
        }

        @Override
        public void run() {
            long next = 2L * ROWS + 2;
            try (Connection connection = source.connect(); Statement statement = connection.createStatement()) {
                while (!stop.get()) {
                    long id = 2L * ThreadLocalRandom.current().nextInt(1, ROWS + 1);
                    switch (ThreadLocalRandom.current().nextInt(3)) {
                        case 0 -> statement.executeUpdate("UPDATE app.items SET label = 'changed " + writes.get() + "' WHERE id = " + id);
                        case 1 -> deletes.addAndGet(statement.executeUpdate("DELETE FROM app.items WHERE id = " + id));
                        default -> {
                            statement.executeUpdate("INSERT INTO app.items VALUES (" + next + ", 'new', 1)");
                            next += 2;
                        }
                    }
                    writes.incrementAndGet();
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException("the live writer failed", e);
            }
        }
    }
}
