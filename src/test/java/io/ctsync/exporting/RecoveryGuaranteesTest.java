package io.ctsync.exporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.packaging.ContentName;
import io.ctsync.testing.Contents;
import io.ctsync.testing.Crash;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery after a death between staging and publishing, with presence on (the content carries
 * the target's answers) and with the staged file damaged on disk: the next run publishes exactly
 * one content under sequence 1, with the exact rows, and nothing else.
 */
@Tag("postgres")
class RecoveryGuaranteesTest {

    private static final String PUBLISHED = "rec_src_dst_0000000001.zip";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;
    private TestDatabase target;

    /** Rows 1..3 inserted in the source after its first run, row 2 (with another label) in the target, tracking on, presence on. */
    private CtsyncRun ctsync;

    private void createPipeline(String kind) throws Exception {
        source = databases.open(kind);
        target = databases.open(kind);
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))");
        target.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label VARCHAR(40))",
                "INSERT INTO app.items VALUES (2, 'zwei')");
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("rec", "src", "dst", dir.resolve("state"), gateway(), "app.items"));
        properties.put("ctsync.export.presence", "true");
        ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();
        // the first run of the empty table sends nothing; the rows then come as a delta, which carries presence (a backfill chunk does not)
        ctsync.once();
        source.execute("INSERT INTO app.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }

    private Path gateway() {
        return dir.resolve("gateway");
    }

    private Path staged() {
        return gateway().resolve(".staging").resolve(PUBLISHED);
    }

    /** A delta cycle (the first content) that dies with its content staged and not published; returns the staged bytes. */
    private byte[] dieAfterStaging(String kind) throws Exception {
        createPipeline(kind);
        String reason = ctsync.onceFailing(context -> Crash.after(context, "package-changes"));
        assertThat(reason).contains(Crash.message("package-changes"));
        assertThat(Contents.sequences(gateway())).isEmpty();
        return Files.readAllBytes(staged());
    }

    private void assertTheOneContent() throws Exception {
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
        Contents.Content content = Contents.read(gateway(), 1);
        assertThat(content.rows("app.items", "inserted.json")).extracting(JsonNode::toString)
                .containsExactly("{\"id\":1,\"label\":\"one\"}", "{\"id\":2,\"label\":\"two\"}", "{\"id\":3,\"label\":\"three\"}");
        assertThat(content.rows("app.items", "existing.json")).extracting(JsonNode::toString)
                .containsExactly("{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":2},\"target\":{\"id\":2,\"label\":\"zwei\"}}");
        assertThat(content.rows("app.items", "missing.json")).extracting(JsonNode::toString)
                .containsExactly("{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":1}}", "{\"changeOperation\":\"I\",\"primaryKey\":{\"id\":3}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void theStagedContentIsPublishedAsItWasWithThePresenceItsSnapshotSaw(String kind) throws Exception {
        byte[] stagedBytes = dieAfterStaging(kind);
        // the target moves on before the restart: the staged content still says what its cycle saw
        target.execute("DELETE FROM app.items");

        ctsync.once();
        assertThat(Files.readAllBytes(gateway().resolve(PUBLISHED))).isEqualTo(stagedBytes);
        assertTheOneContent();
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "wal", "h2"})
    void aDamagedStagedContentIsWrittenAgainFromTheSameWindowUnderTheSameSequence(String kind) throws Exception {
        byte[] stagedBytes = dieAfterStaging(kind);
        // a torn write: the second half of the file never reached the disk
        Files.write(staged(), Arrays.copyOf(stagedBytes, stagedBytes.length / 2));

        ctsync.once();
        assertTheOneContent();
        assertThat(Contents.published(gateway())).containsExactly(new ContentName("rec", "src", "dst", 1));
        ctsync.once();
        assertThat(Contents.sequences(gateway())).containsExactly(1L);
    }
}
