package io.ctsync.importing;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names with spaces, brackets and letters beyond ASCII, which the configuration accepts since SQL
 * Server users have them, travel from source to target on PostgreSQL and H2 too: tracking,
 * export, import, the catalog's lookups and every dialect's quoting.
 */
@Tag("postgres")
class OddNamesTest {

    private static final String SCHEMA = "my schema";
    private static final String TABLE = "odd]name [x] ünïcödé";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aTableWithOddNamesIsTrackedExportedAndImported(String kind) throws Exception {
        try (TestDatabase source = TestDatabase.of(kind); TestDatabase target = TestDatabase.of(kind)) {
            String create = "CREATE TABLE \"" + SCHEMA + "\".\"" + TABLE + "\" (\"key col\" INT PRIMARY KEY, \"va]lue [1]\" VARCHAR(20))";
            for (TestDatabase db : List.of(source, target)) {
                db.execute("CREATE SCHEMA \"" + SCHEMA + "\"", create);
            }
            source.execute("INSERT INTO \"" + SCHEMA + "\".\"" + TABLE + "\" VALUES (1, 'one'), (2, 'two')");
            CtsyncRun ctsync = new CtsyncRun(Files.createDirectories(dir.resolve("run")), source.properties("source"));
            target.properties("target").forEach(ctsync::set);
            ctsync.set("ctsync.application", "odd").set("ctsync.source.name", "src").set("ctsync.destination.name", "dst")
                    .set("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"))
                    .set("ctsync.gateway.dir", dir.resolve("gateway").toString())
                    .set("ctsync.tables", SCHEMA + "." + TABLE)
                    .set("ctsync.import.enabled", "true")
                    // PostgreSQL takes the bulk path (COPY, quoted names in the work table too), H2 has none
                    .set("ctsync.import.bulk-rows", "1");
            ctsync.enableTracking();
            ctsync.once();
            source.execute("UPDATE \"" + SCHEMA + "\".\"" + TABLE + "\" SET \"va]lue [1]\" = 'uno' WHERE \"key col\" = 1",
                    "DELETE FROM \"" + SCHEMA + "\".\"" + TABLE + "\" WHERE \"key col\" = 2");
            ctsync.once();
            ctsync.once();

            assertThat(target.query("SELECT \"key col\", \"va]lue [1]\" FROM \"" + SCHEMA + "\".\"" + TABLE + "\""))
                    .containsExactly(List.of(1, "uno"));
        }
    }
}
