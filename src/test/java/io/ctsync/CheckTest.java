package io.ctsync;

import io.ctsync.testing.Azurite;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import io.ctsync.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --check} on real PostgreSQL, H2 files and Azurite: one line per check, exit 0 or 2, and nothing written anywhere. */
@Tag("services")
class CheckTest {

    private static final String TABLES = "SELECT table_schema || '.' || table_name FROM information_schema.tables"
            + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1";

    @TempDir
    Path dir;
    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private TestDatabase source;
    private TestDatabase target;

    @BeforeEach
    void createDatabases() throws Exception {
        source = databases.open("postgresql");
        target = databases.open("postgresql");
        for (TestDatabase database : new TestDatabase[] {source, target}) {
            database.execute("CREATE SCHEMA app", "CREATE TABLE app.orders (id INT PRIMARY KEY, note TEXT)",
                    "CREATE TABLE app.lines (id INT PRIMARY KEY, order_id INT REFERENCES app.orders (id))");
        }
    }

    private CtsyncRun ctsync(Path work) {
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(target.properties("target"));
        properties.putAll(Pipelines.properties("check", "src", "dst", work.resolve("state"), work.resolve("gateway"), "app.orders,app.lines"));
        properties.put("ctsync.import.enabled", "true");
        return new CtsyncRun(dir, properties);
    }

    @Test
    void everyCheckPassesWithOneLineEachAndNothingIsWritten() throws Exception {
        Path work = dir.resolve("work");
        CtsyncRun ctsync = ctsync(work);
        ctsync.enableTracking();
        List<List<Object>> sourceTables = source.query(TABLES);
        List<List<Object>> targetTables = target.query(TABLES);

        CtsyncRun.Result result = ctsync.run("--check");

        String pg = "PostgreSQL \\d+\\.\\d+";
        assertThat(result.stdout()).matches(String.join("\\R",
                "ok configuration: 2 tables, export on, import on",
                "ok source: " + Pattern.quote(source.url()) + " \\(" + pg + ", 2 tables change-tracking ready\\)",
                "ok target: " + Pattern.quote(target.url()) + " \\(" + pg + ", presence lookups ready, 2 target tables ready for import\\)",
                "ok state: " + Pattern.quote("jdbc:h2:file:" + work.resolve("state")) + " \\(no state yet: created at the first run as "
                        + Pattern.quote(work.resolve("state.mv.db") + " in " + work + " (created at the first run in " + dir + ")")
                        + ", writable, \\d+ MiB free\\)",
                "ok gateway: file \\(" + Pattern.quote(work.resolve("gateway") + " (created at the first run in " + dir + ")")
                        + ", writable, \\d+ MiB free\\)", ""));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertThat(work).doesNotExist();
        assertThat(source.query(TABLES)).isEqualTo(sourceTables);
        assertThat(target.query(TABLES)).isEqualTo(targetTables).doesNotContain(List.of("public.ctsync_import_log"));
    }

    @Test
    void anExistingStateIsReadWithoutUpgradingAndProblemsAreOneFailedLineEachWithExitTwo() throws Exception {
        CtsyncRun ctsync = ctsync(dir);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.orders VALUES (1, 'one')");
        ctsync.once();
        source.execute("CREATE TABLE app.untracked (id INT PRIMARY KEY)");
        target.execute("DROP TABLE app.lines");
        List<String> published = list(dir.resolve("gateway"));
        byte[] stateBytes = Files.readAllBytes(dir.resolve("state.mv.db"));
        ctsync.set("ctsync.tables", "app.orders,app.untracked").set("ctsync.gateway.type", "azure-blob")
                .set("ctsync.gateway.azure.connection-string", Azurite.connectionString().replace(Azurite.KEY.substring(0, 8), "AAAAAAAA"))
                .set("ctsync.gateway.azure.container", Azurite.newContainerName());

        CtsyncRun.Result result = ctsync.run("--check");

        assertThat(result.stdout().lines()).satisfiesExactly(
                line -> assertThat(line).isEqualTo("ok configuration: 2 tables, export on, import on"),
                line -> assertThat(line).isEqualTo("FAILED source: " + source.url() + ": ctsync.tables: table app.untracked is not"
                        + " tracked in the source (fix: run ctsync with --enable-tracking once (PostgreSQL, H2) or enable Change Tracking"
                        + " on it (SQL Server))"),
                line -> assertThat(line).startsWith("FAILED target: " + target.url() + ": ctsync.table.app.untracked.target:"),
                line -> assertThat(line).matches("ok state: " + Pattern.quote("jdbc:h2:file:" + dir.resolve("state"))
                        + " \\(H2 2\\.\\d+, state schema version \\d+\\)"),
                line -> assertThat(line).isEqualTo("FAILED gateway: azure-blob: ctsync.gateway.azure.connection-string: was refused by"
                        + " the storage account (HTTP 403 AuthorizationFailure) (fix: check the account key, or copy the connection"
                        + " string again)"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(Files.readAllBytes(dir.resolve("state.mv.db"))).as("the H2 state file, byte for byte").isEqualTo(stateBytes);
        assertThat(list(dir.resolve("gateway"))).isEqualTo(published).contains("check_src_dst_0000000001.zip");
    }

    private static List<String> list(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
