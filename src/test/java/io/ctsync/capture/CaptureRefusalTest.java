package io.ctsync.capture;

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

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up rules of the change-table and compare captures: one line naming the key and the fix, exit code 2, nothing written. */
@Tag("postgres")
class CaptureRefusalTest {

    private static TestDatabase source;
    private static TestDatabase target;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabases() throws Exception {
        source = TestDatabase.postgres();
        target = TestDatabase.postgres();
        source.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT PRIMARY KEY, label TEXT)",
                "CREATE TABLE app.cdc_items (\"_Change-Sequence\" BIGINT, \"_Operation\" INT, id INT, label TEXT)",
                "CREATE TABLE app.cdc_short (\"_Change-Sequence\" BIGINT, \"_Operation\" INT, id INT)");
        target.execute("CREATE SCHEMA app", "CREATE TABLE app.items (id INT, label TEXT, region TEXT, PRIMARY KEY (id, region))",
                "CREATE TABLE app.unscoped (id INT PRIMARY KEY, label TEXT, region TEXT)",
                "CREATE TABLE app.narrow (id INT PRIMARY KEY)");
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        source.close();
        target.close();
    }

    private Map<String, String> properties(boolean withTarget) {
        Map<String, String> properties = new LinkedHashMap<>(source.properties("source"));
        if (withTarget) {
            properties.putAll(target.properties("target"));
        }
        properties.putAll(Pipelines.properties("refuse", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), "app.items"));
        properties.put("ctsync.export.presence", "false");
        return properties;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "capture=change-table|ctsync.table.app.items.change-table: is not set",
            "capture=change-table,change-table=app.nope|ctsync.table.app.items.change-table: the change table app.nope does not exist in the source",
            "capture=change-table,change-table=app.cdc_short|ctsync.table.app.items.change-table: column 'label' of app.items is not in the change table app.cdc_short",
            "capture=change-table,change-table=app.cdc_items,sequence-column=id2|ctsync.table.app.items.sequence-column: 'id2' is not an integer column of app.cdc_items",
            "capture=change-table,change-table=app.cdc_items,operation-codes=I:insert;D:delete;U:after-update|ctsync.table.app.items.operation-codes: code 'I' is not a number",
            "capture=change-table,change-table=app.cdc_items,operation-codes=1:insert;2:delete|ctsync.table.app.items.operation-codes: has no code for after-update",
            "capture=compare,constant.region=north|ctsync.target.url: is not set, but app.items is captured by compare",
            "capture=compare,constant.region=north,target=app.narrow,+target|ctsync.table.app.items.target: column 'label' of app.items is not in the target table app.narrow",
            "capture=compare,constant.region=north,target=app.unscoped,+target|ctsync.table.app.items.constant.region: column 'region' is not part of the primary key of the target table app.unscoped",
            "capture=compare,+target|ctsync.table.app.items.key: (id) is not the primary key or a unique key of the target table app.items",
    })
    void refuses(String settings, String expected) throws Exception {
        boolean withTarget = settings.contains("+target");
        CtsyncRun ctsync = new CtsyncRun(dir, properties(withTarget));
        for (String setting : settings.split(",")) {
            if (!setting.startsWith("+")) {
                String[] pair = setting.split("=", 2);
                ctsync.set("ctsync.table.app.items." + pair[0], pair[1].replace(';', ','));
            }
        }
        CtsyncRun.Result result = ctsync.run("--once");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("ctsync: " + expected).doesNotContain("\n").contains("(fix: ");
        assertThat(dir.resolve("gateway")).doesNotExist();
        assertThat(SchemaDump.stateUntouched(dir.resolve("state"))).as("the state database holds no row: %s",
                SchemaDump.ofH2File(dir.resolve("state"))).isTrue();
        assertThat(source.query("SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'ctsync'"))
                .as("no ctsync schema in the source").isEmpty();
        assertThat(target.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'ctsync%'"))
                .as("no import log or other ctsync table in the target").isEmpty();
    }
}
