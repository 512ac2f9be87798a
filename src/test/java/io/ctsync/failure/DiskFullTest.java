package io.ctsync.failure;

import io.ctsync.testing.ConsoleLog;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk under the gateway, for real: a 256 KiB tmpfs mounted as the gateway directory and a
 * first export that needs about a megabyte. One line names the directory and the fix; nothing is
 * published, the state does not move, and once there is room the next run publishes the content.
 */
@Tag("postgres")
class DiskFullTest {

    @TempDir
    Path dir;
    private TestDatabase source;
    private Path gateway;

    @BeforeEach
    void mountASmallGateway() throws Exception {
        source = TestDatabase.postgres();
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.notes (id INT PRIMARY KEY, body TEXT)",
                "INSERT INTO app.notes SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 20000) g");
        gateway = Files.createDirectories(dir.resolve("gateway"));
        run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", gateway.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            // fails while ctsync still holds a file open there: a deleted work file would keep its space
            run("umount", gateway.toString());
        } finally {
            source.close();
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    @Test
    void oneLineNamingTheDirectoryNothingPublishedAndTheNextRunRecovers() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("full", "src", "dst", dir.resolve("state"), gateway, "app.notes"));
        CtsyncRun ctsync = new CtsyncRun(dir, properties);
        ctsync.enableTracking();

        CtsyncRun.Result result;
        try (ConsoleLog console = new ConsoleLog()) {
            result = ctsync.run("--once");
            assertThat(console.text()).doesNotContain("\tat ", "Exception");
        }
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).matches("ctsync: gateway directory " + Pattern.quote(gateway.toString())
                + ": no space left on the device \\(fix: free space there or give it a larger volume;"
                + " nothing was published and the next cycle writes the content again\\)\\R");
        assertThat(published()).isEmpty();
        assertThat(lastSequence()).isZero();

        run("mount", "-o", "remount,size=16m", gateway.toString());
        ctsync.once();
        assertThat(published()).containsExactly("full_src_dst_0000000001.zip");
        assertThat(lastSequence()).isEqualTo(1);
    }

    private List<String> published() throws Exception {
        try (Stream<Path> files = Files.list(gateway)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".zip")).sorted().toList();
        }
    }

    private long lastSequence() throws Exception {
        try (Connection state = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("state"));
             ResultSet rs = state.createStatement().executeQuery("SELECT last_sequence FROM ctsync_export_pipeline")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
