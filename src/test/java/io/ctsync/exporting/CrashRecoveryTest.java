package io.ctsync.exporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.Crash;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process that dies at each stage of a cycle: the real routes run, advised (AdviceWith) to die
 * there, and the next real run must finish exactly the recorded intent: the same bytes or the
 * same rows under the same sequence numbers, none skipped.
 */
@Tag("postgres")
class CrashRecoveryTest {

    /** The state of a pipeline that has exported nothing: its row holds sequence 0, no table has a version. */
    private static final String NOTHING_COMMITTED = "last sequence 0";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;

    private Map<String, String> properties(String kind) throws Exception {
        source = databases.open(kind);
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("crash", "src", "dst", dir.resolve("state"), gateway(), "app.items"));
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))");
        return properties;
    }

    private Path gateway() {
        return dir.resolve("gateway");
    }

    /** Where the file gateway stages a content before publishing it. */
    private Path staged(long sequence) {
        return gateway().resolve(".staging").resolve(new ContentName("crash", "src", "dst", sequence).fileName());
    }

    private static List<String> rows(Path gateway, String entry) throws Exception {
        List<String> rows = new ArrayList<>();
        for (ContentName name : Contents.published(gateway)) {
            for (JsonNode row : Contents.read(gateway.resolve(name.fileName())).rows("app.items", entry)) {
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** What the state database has committed: the last sequence, each table's last version, each exported sequence. */
    private List<String> committed() throws Exception {
        List<String> committed = new ArrayList<>();
        try (Connection state = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("state"));
             Statement statement = state.createStatement()) {
            for (String query : List.of("SELECT 'last sequence ' || last_sequence FROM ctsync_export_pipeline",
                    "SELECT 'table ' || table_name FROM ctsync_export_table", "SELECT 'exported ' || sequence FROM ctsync_export_log")) {
                try (ResultSet rs = statement.executeQuery(query)) {
                    while (rs.next()) {
                        committed.add(rs.getString(1));
                    }
                }
            }
        }
        return committed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void deathAfterOpeningTheWindowExportsItsRowsUnderTheFirstSequence(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.items VALUES (1, 'one'), (2, 'two')");

        AtomicReference<NotifyBuilder> failed = new AtomicReference<>();
        String reason = ctsync.onceFailing(context -> {
            Crash.after(context, "open-window");
            failed.set(new NotifyBuilder(context).fromRoute("export-cycle").whenFailed(1).create());
        });
        assertThat(reason).contains(Crash.message("open-window"));
        assertThat(failed.get().matches()).isTrue();
        assertThat(Contents.sequences(gateway())).isEmpty();
        assertThat(committed()).as("nothing committed in the state database").containsExactly(NOTHING_COMMITTED);

        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
        assertThat(rows(gateway(), "inserted.json")).containsExactly("{\"id\":1,\"label\":\"one\"}", "{\"id\":2,\"label\":\"two\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void deathAfterStagingPublishesTheStagedBytes(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.items VALUES (1, 'one'), (2, 'two')");

        AtomicReference<MockEndpoint[]> after = new AtomicReference<>();
        String reason = ctsync.onceFailing(context -> {
            Crash.after(context, "package-changes"); // staged, not published, state not advanced
            after.set(Crash.unreached(context, "export-cycle", "gateway", "consume-changes", "commit"));
        });
        assertThat(reason).contains(Crash.message("package-changes"));
        MockEndpoint.assertIsSatisfied(after.get());
        byte[] stagedBytes = Files.readAllBytes(staged(1));
        assertThat(Contents.sequences(gateway())).isEmpty();
        assertThat(committed()).as("nothing committed in the state database").containsExactly(NOTHING_COMMITTED);

        source.execute("UPDATE app.items SET label = 'two, later' WHERE id = 2");
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
        assertThat(Files.readAllBytes(gateway().resolve("crash_src_dst_0000000001.zip"))).isEqualTo(stagedBytes);

        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L);
        assertThat(Contents.read(gateway(), 2).rows("app.items", "updated.json")).extracting(JsonNode::toString)
                .as("the key that changed after the window belongs to the next window")
                .containsExactly("{\"id\":2,\"label\":\"two, later\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void deathWhileWritingRewritesTheSameSequenceNumbersWithTheSameRows(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        properties.put("ctsync.export.max-rows-per-file", "2");
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        // the first run of the empty table sends nothing; the rows then come as one delta in three parts (a backfill is one part a chunk)
        ctsync.once();
        List<String> firstRun = committed();
        assertThat(firstRun).containsExactly(NOTHING_COMMITTED, "table app.items");
        source.execute("INSERT INTO app.items VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");

        AtomicInteger plannedParts = new AtomicInteger();
        String reason = ctsync.onceFailing(context -> {
            AdviceWith.adviceWith(context, "open-window", route -> route.weaveAddLast()
                    .process(exchange -> plannedParts.set(exchange.getMessage().getBody(ExportCycle.class).intent.parts())));
            Crash.whenWriting(context, "package-changes", staged(2));
        });
        assertThat(plannedParts).hasValue(3);
        assertThat(reason).contains(staged(2).toString());
        assertThat(Contents.sequences(gateway())).isEmpty();
        assertThat(committed()).as("nothing committed in the state database").isEqualTo(firstRun);

        Files.delete(staged(2)); // the disk is repaired, the process restarted
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L, 3L);
        for (long sequence = 1; sequence <= 3; sequence++) {
            Manifest manifest = Contents.read(gateway(), sequence).manifest();
            assertThat(manifest.part()).isEqualTo((int) sequence);
            assertThat(manifest.parts()).isEqualTo(3);
            assertThat(manifest.tables()).extracting(Manifest.Table::mode).containsOnly("delta");
        }
        assertThat(rows(gateway(), "inserted.json")).containsExactlyInAnyOrder(
                "{\"id\":1,\"label\":\"a\"}", "{\"id\":2,\"label\":\"b\"}", "{\"id\":3,\"label\":\"c\"}",
                "{\"id\":4,\"label\":\"d\"}", "{\"id\":5,\"label\":\"e\"}");
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L, 3L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void deathAfterPublishingKeepsTheContentAndAdvances(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.items VALUES (1, 'one')");

        AtomicReference<MockEndpoint[]> after = new AtomicReference<>();
        String reason = ctsync.onceFailing(context -> {
            Crash.after(context, "gateway"); // dies between publishing and committing
            after.set(Crash.unreached(context, "export-cycle", "consume-changes", "commit"));
        });
        assertThat(reason).contains(Crash.message("gateway"));
        MockEndpoint.assertIsSatisfied(after.get());
        Path published = gateway().resolve("crash_src_dst_0000000001.zip");
        byte[] bytes = Files.readAllBytes(published);
        long modified = Files.getLastModifiedTime(published).toMillis();

        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
        assertThat(Files.readAllBytes(published)).isEqualTo(bytes);
        assertThat(Files.getLastModifiedTime(published).toMillis()).isEqualTo(modified);

        source.execute("INSERT INTO app.items VALUES (3, 'three')");
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L);
        assertThat(rows(gateway(), "inserted.json")).containsExactly("{\"id\":1,\"label\":\"one\"}", "{\"id\":3,\"label\":\"three\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void deathAfterCommittingNeitherRepeatsNorSkipsASequence(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.items VALUES (1, 'one')");

        assertThat(ctsync.onceFailing(context -> Crash.after(context, "commit"))).contains(Crash.message("commit"));
        Path published = gateway().resolve("crash_src_dst_0000000001.zip");
        byte[] bytes = Files.readAllBytes(published);

        ctsync.once();
        assertThat(Contents.sequences(gateway())).as("the committed cycle is not exported again").containsExactly(1L);
        source.execute("INSERT INTO app.items VALUES (2, 'two')");
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L);
        assertThat(Files.readAllBytes(published)).isEqualTo(bytes);
        assertThat(rows(gateway(), "inserted.json")).containsExactly("{\"id\":1,\"label\":\"one\"}", "{\"id\":2,\"label\":\"two\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void aSecondExporterOnThePipelineIsRefused(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.items VALUES (1, 'one')");

        // a second process on the pipeline while the first holds its window
        Path second = Files.createDirectories(dir.resolve("second"));
        AtomicReference<CtsyncRun.Result> refused = new AtomicReference<>();
        String reason = ctsync.onceFailing(context -> {
            AdviceWith.adviceWith(context, "open-window", route -> route.weaveAddLast().process(exchange ->
                    refused.set(new CtsyncRun(second, properties).set("ctsync.cluster.file.root", second.resolve("cluster").toString())
                            .run("--once"))));
            Crash.after(context, "open-window");
        });
        assertThat(reason).contains(Crash.message("open-window"));
        assertThat(refused.get().exitCode()).isEqualTo(1);
        assertThat(refused.get().stderr()).contains("another exporter is running for crash/src/dst");

        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
    }
}
