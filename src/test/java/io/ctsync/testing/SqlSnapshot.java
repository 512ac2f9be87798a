package io.ctsync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reviewed text kept under {@code src/test/resources}: a test compares what the code produces now
 * with it and fails on any difference. {@code -Dctsync.snapshots.update=true} writes the files
 * instead, to be reviewed in the diff before they are committed.
 */
public final class SqlSnapshot {

    private static final Path ROOT = Path.of("src", "test", "resources");
    private static final boolean UPDATE = Boolean.getBoolean("ctsync.snapshots.update");

    private SqlSnapshot() {
    }

    public static void check(String resource, String actual) throws IOException {
        Path file = ROOT.resolve(resource);
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("snapshot %s is missing: write it with -Dctsync.snapshots.update=true, then review it", file).exists();
        assertThat(actual).as("the SQL differs from the reviewed snapshot %s (after a reviewed change: -Dctsync.snapshots.update=true)", file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
