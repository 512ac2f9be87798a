package io.ctsync.exporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.gateway.FileGateway;
import io.ctsync.gateway.Gateway;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;
import io.ctsync.state.PipelineBusyException;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A process that dies anywhere in a cycle: the stages are run by hand up to the point of death,
 * the cycle is abandoned as a dead process would leave it, and the next real run must finish
 * exactly the recorded intent.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;
    private TestDatabase source;
    private final HandRun hand = new HandRun();

    @AfterEach
    void close() throws Exception {
        hand.close();
        if (source != null) {
            source.close();
        }
    }

    private Map<String, String> properties(String kind) throws Exception {
        source = TestDatabase.of(kind);
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("crash", "src", "dst", dir.resolve("state"), gateway(), "app.items"));
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))");
        return properties;
    }

    private Path gateway() {
        return dir.resolve("gateway");
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

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void deathAfterStagingPublishesTheStagedBytes(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.items VALUES (1, 'one'), (2, 'two')");

        Exporter exporter = hand.exporter(properties, new FileGateway(gateway()));
        ExportCycle cycle = HandRun.untilPackaged(exporter);
        Path staged = cycle.staged.get(0).file();
        byte[] stagedBytes = Files.readAllBytes(staged);
        exporter.close(cycle); // the process dies here: staged, not published, state not advanced
        assertThat(Contents.sequences(gateway())).isEmpty();

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
    @ValueSource(strings = {"postgresql", "h2"})
    void deathAfterPublishingKeepsTheContentAndAdvances(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.items VALUES (1, 'one')");

        Exporter exporter = hand.exporter(properties, new FileGateway(gateway()));
        ExportCycle cycle = exporter.publish(HandRun.untilPackaged(exporter));
        exporter.close(cycle); // dies between publishing and committing
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
    @ValueSource(strings = {"postgresql", "h2"})
    void deathWhileWritingRewritesTheSameSequenceNumbersWithTheSameRows(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        properties.put("ctsync.export.max-rows-per-file", "2");
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.items VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");

        FileGateway files = new FileGateway(gateway());
        Gateway dying = HandRun.dyingAtStagingFile(files, 2);
        Exporter exporter = hand.exporter(properties, dying);
        ExportCycle cycle = exporter.openWindow();
        assertThat(cycle.intent.parts()).isEqualTo(3);
        assertThatThrownBy(() -> {
            exporter.readChanges(cycle);
            exporter.splitByOperation(cycle);
            exporter.pack(cycle);
        }).hasRootCauseMessage("simulated death while writing part 2");
        exporter.close(cycle);
        assertThat(Contents.sequences(gateway())).isEmpty();

        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L, 3L);
        for (long sequence = 1; sequence <= 3; sequence++) {
            Manifest manifest = Contents.read(gateway(), sequence).manifest();
            assertThat(manifest.part()).isEqualTo((int) sequence);
            assertThat(manifest.parts()).isEqualTo(3);
        }
        assertThat(rows(gateway(), "inserted.json")).containsExactlyInAnyOrder(
                "{\"id\":1,\"label\":\"a\"}", "{\"id\":2,\"label\":\"b\"}", "{\"id\":3,\"label\":\"c\"}",
                "{\"id\":4,\"label\":\"d\"}", "{\"id\":5,\"label\":\"e\"}");
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L, 2L, 3L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aSecondExporterOnThePipelineIsRefused(String kind) throws Exception {
        Map<String, String> properties = properties(kind);
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.items VALUES (1, 'one')");

        Exporter first = hand.exporter(properties, new FileGateway(gateway()));
        ExportCycle running = first.openWindow();
        Exporter second = hand.exporter(properties, new FileGateway(gateway()));
        assertThatThrownBy(second::openWindow).isInstanceOf(PipelineBusyException.class)
                .hasMessageContaining("another exporter is running for crash/src/dst");
        first.close(running);

        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
    }
}
