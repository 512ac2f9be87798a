package io.ctsync.config;

import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.SchemaDump;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad configuration is refused at start-up with exit code 2 and one line naming the key and the fix; nothing is written. */
@Tag("postgres")
class StartupRefusalTest {

    private static TestDatabase source;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSource() throws Exception {
        source = TestDatabase.postgres();
        source.execute("CREATE SCHEMA app",
                "CREATE TABLE app.tracked (id INT PRIMARY KEY, label TEXT)",
                "CREATE TABLE app.untracked (id INT PRIMARY KEY)",
                "CREATE TABLE app.keyless (code TEXT, label TEXT)");
        CtsyncRun setup = new CtsyncRun(Files.createTempDirectory("ctsync-refusal"), baseProperties(Path.of("unused")));
        setup.enableTracking();
    }

    @AfterAll
    static void dropSource() throws Exception {
        source.close();
    }

    private static Map<String, String> baseProperties(Path dir) {
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        properties.putAll(Pipelines.properties("refuse", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), "app.tracked"));
        return properties;
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ctsync.tables|app.nope|ctsync.tables: table app.nope does not exist in the source",
            "ctsync.tables|app.untracked|ctsync.tables: table app.untracked is not tracked in the source (fix: run ctsync with --enable-tracking",
            "ctsync.tables|app.keyless|ctsync.table.app.keyless.key: table app.keyless has no primary key and no mapping key (fix: set ctsync.table.app.keyless.key=",
            "ctsync.tables|app.tracked;drop table x|ctsync.tables: 'tracked;drop table x' is not a valid SQL identifier",
            "ctsync.tables|tracked|ctsync.tables: 'tracked' is not schema.table",
            "ctsync.table.app.tracked.key|nope|ctsync.table.app.tracked.key: column 'nope' is not in app.tracked",
            "ctsync.application|bad_name|ctsync.application: 'bad_name' is not a valid name",
            "ctsync.export.max-rows-per-file|lots|ctsync.export.max-rows-per-file: 'lots' is not a whole number",
            "ctsync.source.url|jdbc:postgresql://127.0.0.1:1/none|ctsync.source.url: cannot connect to source jdbc:postgresql://127.0.0.1:1/none",
            "ctsync.source.url|mysql://host/db|ctsync.source.url: 'mysql://host/db' is not a JDBC URL",
            "ctsync.gateway.type|ftp|ctsync.gateway.type: unknown gateway 'ftp'",
    })
    void refusesWithOneLineAndWritesNothing(String key, String value, String expected) throws Exception {
        Map<String, List<String>> tracking = SchemaDump.of(source, "ctsync");
        assertThat(tracking).as("the source's tracking tables").isNotEmpty();
        CtsyncRun ctsync = new CtsyncRun(dir, baseProperties(dir)).set(key, value);
        CtsyncRun.Result result = ctsync.run("--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("ctsync: " + expected).doesNotContain("\n").contains("(fix: ");
        assertThat(dir.resolve("gateway")).doesNotExist();
        assertThat(SchemaDump.stateUntouched(dir.resolve("state"))).as("the state database holds no row: %s",
                SchemaDump.ofH2File(dir.resolve("state"))).isTrue();
        assertThat(SchemaDump.of(source, "ctsync")).as("the source's ctsync schema").isEqualTo(tracking);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"app.keyless, code"})
    void aMappingKeyMakesAKeylessTableUsable(String table, String key) throws Exception {
        CtsyncRun ctsync = new CtsyncRun(dir, baseProperties(dir)).set("ctsync.tables", table)
                .set("ctsync.table." + table + ".key", key);
        ctsync.enableTracking();
        source.execute("INSERT INTO app.keyless VALUES ('k1', 'first')");
        ctsync.once();
        assertThat(dir.resolve("gateway/refuse_src_dst_0000000001.zip")).exists();
    }

    @ParameterizedTest(name = "password={0}")
    @CsvSource({"secret-value-123"})
    void secretsNeverAppearInTheErrorLine(String password) throws Exception {
        CtsyncRun ctsync = new CtsyncRun(dir, baseProperties(dir))
                .set("ctsync.source.url", "jdbc:postgresql://127.0.0.1:1/none?password=" + password)
                .set("ctsync.source.password", password);
        CtsyncRun.Result result = ctsync.run("--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).doesNotContain(password).contains("password=***");
    }
}
